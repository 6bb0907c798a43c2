import { zodResolver } from "@hookform/resolvers/zod";
import { Copy, Globe, Plus, RefreshCw, Trash2 } from "lucide-react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { FormField } from "@/components/form-field";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { TableSkeleton } from "@/components/ui/skeleton";
import { toast } from "@/components/ui/toast";
import { reportError } from "@/lib/forms";
import { useUpdateWidgetSettings, useWidgetSettings } from "@/lib/inbox";
import { formatDate } from "@/lib/utils";

/** "https://shop.example.com[:port]" — scheme and host only, as the server checks it. */
function toOrigin(value: string): string | null {
  try {
    const u = new URL(value.trim());
    if (u.protocol !== "http:" && u.protocol !== "https:") return null;
    if ((u.pathname && u.pathname !== "/") || u.search || u.hash || u.username) return null;
    return u.origin;
  } catch {
    return null;
  }
}

const originSchema = z.object({
  origin: z
    .string()
    .trim()
    .min(1, "Enter a website address")
    .refine((v) => toOrigin(v) !== null, {
      message: "Use an origin like https://shop.example.com (http or https, no path)",
    }),
});

async function copy(text: string) {
  try {
    await navigator.clipboard.writeText(text);
    toast.success("Copied to the clipboard");
  } catch {
    toast.error("Could not copy", "Select the key and copy it by hand.");
  }
}

export default function WidgetSettingsPage() {
  const settings = useWidgetSettings();
  const update = useUpdateWidgetSettings();
  const form = useForm<z.infer<typeof originSchema>>({
    resolver: zodResolver(originSchema),
    defaultValues: { origin: "" },
  });
  const origins = settings.data?.allowed_origins ?? [];

  const saveOrigins = async (next: string[], done: string) => {
    try {
      await update.mutateAsync({ allowed_origins: next });
      toast.success(done);
      return true;
    } catch (e) {
      reportError(e, undefined, "Could not save the allowed websites");
      return false;
    }
  };
  const onAdd = form.handleSubmit(async (v) => {
    const origin = toOrigin(v.origin)!;
    if (origins.includes(origin)) {
      form.setError("origin", { message: "This website is already allowed" });
      return;
    }
    if (await saveOrigins([...origins, origin], "Website allowed")) form.reset();
  });

  if (settings.isPending) return <TableSkeleton rows={4} />;
  if (settings.isError)
    return (
      <p role="alert" className="text-sm text-destructive">
        {settings.error.message}
      </p>
    );
  const s = settings.data;
  return (
    <div className="grid gap-6">
      <Card>
        <CardHeader>
          <CardTitle>Chat widget key</CardTitle>
          <CardDescription>
            The public key identifies your organization&apos;s chat widget on your websites. It is
            not a secret, but it only works on the websites you allow below.
          </CardDescription>
        </CardHeader>
        <CardContent className="grid gap-3">
          <div className="flex gap-2">
            <Input
              readOnly
              value={s.public_key}
              aria-label="Widget public key"
              data-testid="widget-public-key"
              className="font-mono text-xs"
              onFocus={(e) => e.target.select()}
            />
            <Button
              variant="outline"
              onClick={() => void copy(s.public_key)}
              aria-label="Copy the key"
            >
              <Copy className="h-4 w-4" /> Copy
            </Button>
          </div>
          <div className="flex items-center justify-between gap-2">
            <p className="text-xs text-muted-foreground">Updated {formatDate(s.updated_at)}</p>
            <ConfirmDialog
              trigger={
                <Button variant="outline" size="sm">
                  <RefreshCw className="h-3.5 w-3.5" /> Regenerate
                </Button>
              }
              title="Regenerate the widget key?"
              description="New visitor sessions need the new key: update the snippet on your websites. Visitors already chatting keep going until their session expires."
              confirmLabel="Regenerate key"
              onConfirm={async () => {
                try {
                  await update.mutateAsync({ regenerate_key: true });
                  toast.success("New widget key issued");
                } catch (e) {
                  reportError(e, undefined, "Could not regenerate the key");
                  throw e;
                }
              }}
            />
          </div>
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Allowed websites</CardTitle>
          <CardDescription>
            The widget starts conversations only on these origins. Until you add one, it works
            nowhere.
          </CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4">
          <form onSubmit={onAdd} className="flex items-start gap-2" noValidate>
            <div className="flex-1">
              <FormField label="Website origin" error={form.formState.errors.origin}>
                <Input
                  placeholder="https://shop.example.com"
                  autoComplete="off"
                  {...form.register("origin")}
                />
              </FormField>
            </div>
            <Button type="submit" className="mt-6" loading={form.formState.isSubmitting}>
              <Plus className="h-4 w-4" /> Add
            </Button>
          </form>
          {origins.length === 0 ? (
            <p className="text-sm text-muted-foreground">No website allowed yet.</p>
          ) : (
            <ul className="divide-y rounded-md border" aria-label="Allowed websites">
              {origins.map((o) => (
                <li
                  key={o}
                  className="flex items-center gap-2 px-3 py-2 text-sm"
                  data-testid="allowed-origin"
                >
                  <Globe className="h-4 w-4 text-muted-foreground" aria-hidden />
                  <span className="flex-1 truncate font-mono text-xs">{o}</span>
                  <Button
                    variant="ghost"
                    size="sm"
                    className="text-destructive"
                    aria-label={`Remove ${o}`}
                    disabled={update.isPending}
                    onClick={() =>
                      void saveOrigins(
                        origins.filter((x) => x !== o),
                        "Website removed",
                      )
                    }
                  >
                    <Trash2 className="h-3.5 w-3.5" />
                  </Button>
                </li>
              ))}
            </ul>
          )}
        </CardContent>
      </Card>
    </div>
  );
}
