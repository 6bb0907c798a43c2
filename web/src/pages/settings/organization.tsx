import { zodResolver } from "@hookform/resolvers/zod";
import { useEffect } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { FormField } from "@/components/form-field";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import { toast } from "@/components/ui/toast";
import { useAuth } from "@/lib/auth-store";
import { reportError } from "@/lib/forms";
import { useOrganization, useRenameOrganization } from "@/lib/queries";
import { hasRole } from "@/lib/types";
import { formatDate } from "@/lib/utils";

const schema = z.object({ name: z.string().trim().min(1, "Name your organization").max(100) });

export default function OrganizationSettings() {
  const role = useAuth((s) => s.role);
  const org = useOrganization();
  const rename = useRenameOrganization();
  const canEdit = hasRole(role, "admin");
  const form = useForm<z.infer<typeof schema>>({
    resolver: zodResolver(schema),
    defaultValues: { name: "" },
  });
  useEffect(() => {
    if (org.data) form.reset({ name: org.data.name });
  }, [org.data, form]);
  const onSubmit = form.handleSubmit(async (v) => {
    try {
      await rename.mutateAsync(v.name);
      toast.success("Organization renamed");
    } catch (e) {
      reportError(e, form.setError, "Could not rename the organization");
    }
  });
  return (
    <Card>
      <CardHeader>
        <CardTitle>Organization</CardTitle>
        <CardDescription>
          {canEdit
            ? "Rename your organization."
            : "Only owners and admins can change these settings."}
        </CardDescription>
      </CardHeader>
      <CardContent>
        {org.isPending ? (
          <Skeleton className="h-20 w-full max-w-md" />
        ) : (
          <form onSubmit={onSubmit} className="grid gap-4 sm:max-w-md" noValidate>
            <FormField label="Name" error={form.formState.errors.name}>
              <Input readOnly={!canEdit} {...form.register("name")} />
            </FormField>
            <div className="grid gap-1 text-sm">
              <span className="text-muted-foreground">Slug</span>
              <code>{org.data?.slug}</code>
            </div>
            <p className="text-xs text-muted-foreground">
              Created {formatDate(org.data?.created_at)}
            </p>
            {canEdit && (
              <div>
                <Button
                  type="submit"
                  loading={form.formState.isSubmitting}
                  disabled={!form.formState.isDirty}
                >
                  Save
                </Button>
              </div>
            )}
          </form>
        )}
      </CardContent>
    </Card>
  );
}
