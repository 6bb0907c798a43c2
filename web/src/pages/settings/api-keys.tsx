import { zodResolver } from "@hookform/resolvers/zod";
import { Copy, KeyRound } from "lucide-react";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { EmptyState } from "@/components/empty-state";
import { FormField } from "@/components/form-field";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Dialog, DialogContent, DialogFooter, DialogTrigger } from "@/components/ui/dialog";
import { Input, Select } from "@/components/ui/input";
import { TableSkeleton } from "@/components/ui/skeleton";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { toast } from "@/components/ui/toast";
import { useAuth } from "@/lib/auth-store";
import { reportError } from "@/lib/forms";
import { useApiKeys, useCreateApiKey, useRevokeApiKey } from "@/lib/queries";
import { ROLES, hasRole } from "@/lib/types";
import { formatDate } from "@/lib/utils";

const schema = z.object({
  name: z.string().trim().min(1, "Name the key").max(100),
  role: z.enum(["owner", "admin", "member", "viewer"]),
});

function CreateKeyDialog() {
  const role = useAuth((s) => s.role);
  const [open, setOpen] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const create = useCreateApiKey();
  const form = useForm<z.infer<typeof schema>>({
    resolver: zodResolver(schema),
    defaultValues: { name: "", role: "member" },
  });
  const onSubmit = form.handleSubmit(async (v) => {
    try {
      const key = await create.mutateAsync(v);
      setSecret(key.secret);
      form.reset();
    } catch (e) {
      reportError(e, form.setError, "Could not create the key");
    }
  });
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret ?? "");
      toast.success("Copied to the clipboard");
    } catch {
      toast.error("Could not copy", "Select the key and copy it by hand.");
    }
  };
  return (
    <Dialog
      open={open}
      onOpenChange={(o) => {
        setOpen(o);
        if (!o) setSecret(null);
      }}
    >
      <DialogTrigger asChild>
        <Button>
          <KeyRound className="h-4 w-4" /> Create API key
        </Button>
      </DialogTrigger>
      {secret ? (
        <DialogContent
          title="Your new API key"
          description="Copy it now: it is shown only once and stored hashed."
        >
          <div className="flex gap-2">
            <Input
              readOnly
              value={secret}
              aria-label="API key secret"
              data-testid="api-key-secret"
              className="font-mono text-xs"
              onFocus={(e) => e.target.select()}
            />
            <Button variant="outline" onClick={copy} aria-label="Copy the key">
              <Copy className="h-4 w-4" /> Copy
            </Button>
          </div>
          <p className="text-xs text-muted-foreground">
            Use it as <code>Authorization: Bearer &lt;key&gt;</code>.
          </p>
          <DialogFooter>
            <Button
              onClick={() => {
                setOpen(false);
                setSecret(null);
              }}
            >
              Done
            </Button>
          </DialogFooter>
        </DialogContent>
      ) : (
        <DialogContent
          title="Create an API key"
          description="For server-to-server calls to the Syntera API."
        >
          <form onSubmit={onSubmit} className="grid gap-4" noValidate>
            <FormField
              label="Name"
              error={form.formState.errors.name}
              hint="Where it is used, e.g. “CRM sync”."
            >
              <Input autoComplete="off" {...form.register("name")} />
            </FormField>
            <FormField
              label="Role"
              error={form.formState.errors.role}
              hint="A key's role cannot exceed yours."
            >
              <Select {...form.register("role")}>
                {ROLES.filter((r) => hasRole(role, r)).map((r) => (
                  <option key={r} value={r}>
                    {r}
                  </option>
                ))}
              </Select>
            </FormField>
            <DialogFooter>
              <Button type="submit" loading={form.formState.isSubmitting}>
                Create key
              </Button>
            </DialogFooter>
          </form>
        </DialogContent>
      )}
    </Dialog>
  );
}

export default function ApiKeys() {
  const keys = useApiKeys();
  const revoke = useRevokeApiKey();
  return (
    <Card>
      <CardHeader className="flex-row items-start justify-between gap-4">
        <div className="grid gap-1.5">
          <CardTitle>API keys</CardTitle>
          <CardDescription>
            Keys act on this organization with the role they were given.
          </CardDescription>
        </div>
        <CreateKeyDialog />
      </CardHeader>
      <CardContent>
        {keys.isPending ? (
          <TableSkeleton />
        ) : keys.isError ? (
          <p role="alert" className="text-sm text-destructive">
            {keys.error.message}
          </p>
        ) : keys.data.length === 0 ? (
          <EmptyState icon={KeyRound} title="No API keys yet">
            Create a key to call the Syntera API from your own systems.
          </EmptyState>
        ) : (
          <Table>
            <THead>
              <TR>
                <TH>Name</TH>
                <TH>Key</TH>
                <TH>Role</TH>
                <TH className="hidden md:table-cell">Last used</TH>
                <TH className="sr-only">Actions</TH>
              </TR>
            </THead>
            <TBody>
              {keys.data.map((k) => (
                <TR key={k.id} data-testid="api-key-row">
                  <TD className="font-medium">{k.name}</TD>
                  <TD>
                    <code className="text-xs">{k.prefix}…</code>
                  </TD>
                  <TD className="capitalize">{k.role}</TD>
                  <TD className="hidden text-muted-foreground md:table-cell">
                    {k.last_used_at ? formatDate(k.last_used_at) : "Never"}
                  </TD>
                  <TD className="text-right">
                    {k.revoked_at ? (
                      <Badge variant="secondary">Revoked</Badge>
                    ) : (
                      <ConfirmDialog
                        trigger={
                          <Button variant="ghost" size="sm" className="text-destructive">
                            Revoke
                          </Button>
                        }
                        title={`Revoke “${k.name}”?`}
                        description="Requests with this key fail from now on. This cannot be undone."
                        confirmLabel="Revoke key"
                        onConfirm={async () => {
                          try {
                            await revoke.mutateAsync(k.id);
                            toast.success("Key revoked");
                          } catch (e) {
                            reportError(e, undefined, "Could not revoke the key");
                            throw e;
                          }
                        }}
                      />
                    )}
                  </TD>
                </TR>
              ))}
            </TBody>
          </Table>
        )}
      </CardContent>
    </Card>
  );
}
