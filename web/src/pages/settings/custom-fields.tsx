import { zodResolver } from "@hookform/resolvers/zod";
import { ListPlus } from "lucide-react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { EmptyState } from "@/components/empty-state";
import { FormField } from "@/components/form-field";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Input, Select } from "@/components/ui/input";
import { TableSkeleton } from "@/components/ui/skeleton";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { toast } from "@/components/ui/toast";
import { useCreateCustomField, useCustomFields, useDeleteCustomField } from "@/lib/crm";
import { reportError } from "@/lib/forms";

const schema = z
  .object({
    label: z.string().trim().min(1, "Enter a label").max(200),
    key: z
      .string()
      .trim()
      .regex(/^[a-z][a-z0-9_]{0,63}$/, "Lowercase letters, digits and _"),
    type: z.enum(["text", "number", "date", "boolean", "select"]),
    options: z.string(),
  })
  .refine((v) => v.type !== "select" || v.options.trim(), {
    path: ["options"],
    message: "List the choices, comma separated",
  });

export default function CustomFieldsSettings() {
  const fields = useCustomFields();
  const create = useCreateCustomField();
  const del = useDeleteCustomField();
  const form = useForm<z.infer<typeof schema>>({
    resolver: zodResolver(schema),
    defaultValues: { label: "", key: "", type: "text", options: "" },
  });
  const errors = form.formState.errors;
  const type = form.watch("type");
  const onSubmit = form.handleSubmit(async (v) => {
    try {
      await create.mutateAsync({
        label: v.label,
        key: v.key,
        type: v.type,
        options:
          v.type === "select"
            ? v.options
                .split(",")
                .map((o) => o.trim())
                .filter(Boolean)
            : [],
      });
      toast.success("Field added", v.label);
      form.reset();
    } catch (e) {
      reportError(e, form.setError, "Could not add the field");
    }
  });
  return (
    <div className="grid gap-6">
      <Card>
        <CardHeader>
          <CardTitle>Custom contact fields</CardTitle>
          <CardDescription>
            Extra, typed fields on every contact of this organization.
          </CardDescription>
        </CardHeader>
        <CardContent>
          {fields.isPending ? (
            <TableSkeleton rows={2} />
          ) : fields.isError ? (
            <p role="alert" className="text-sm text-destructive">
              {fields.error.message}
            </p>
          ) : fields.data.length === 0 ? (
            <EmptyState icon={ListPlus} title="No custom fields yet" />
          ) : (
            <Table aria-label="Custom fields">
              <THead>
                <TR>
                  <TH>Label</TH>
                  <TH>Key</TH>
                  <TH>Type</TH>
                  <TH className="sr-only">Actions</TH>
                </TR>
              </THead>
              <TBody>
                {fields.data.map((f) => (
                  <TR key={f.id}>
                    <TD className="font-medium">{f.label}</TD>
                    <TD>
                      <code>{f.key}</code>
                    </TD>
                    <TD>
                      {f.type}
                      {f.options.length > 0 && (
                        <span className="text-muted-foreground"> ({f.options.join(", ")})</span>
                      )}
                    </TD>
                    <TD className="text-right">
                      <ConfirmDialog
                        trigger={
                          <Button variant="ghost" size="sm" className="text-destructive">
                            Delete
                          </Button>
                        }
                        title={`Delete ${f.label}?`}
                        description="The field and its values on every contact are removed."
                        confirmLabel="Delete field"
                        onConfirm={async () => {
                          try {
                            await del.mutateAsync(f.id);
                            toast.success("Field deleted");
                          } catch (e) {
                            reportError(e, undefined, "Could not delete the field");
                            throw e;
                          }
                        }}
                      />
                    </TD>
                  </TR>
                ))}
              </TBody>
            </Table>
          )}
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Add a field</CardTitle>
        </CardHeader>
        <CardContent>
          <form onSubmit={onSubmit} className="grid gap-4 sm:grid-cols-2" noValidate>
            <FormField label="Label" error={errors.label}>
              <Input autoComplete="off" {...form.register("label")} />
            </FormField>
            <FormField
              label="Key"
              hint="Used in the API and imports, e.g. plan_tier"
              error={errors.key}
            >
              <Input autoComplete="off" {...form.register("key")} />
            </FormField>
            <FormField label="Type" error={errors.type}>
              <Select {...form.register("type")}>
                <option value="text">Text</option>
                <option value="number">Number</option>
                <option value="date">Date</option>
                <option value="boolean">Yes / no</option>
                <option value="select">Choice</option>
              </Select>
            </FormField>
            {type === "select" && (
              <FormField label="Choices" hint="Comma separated" error={errors.options}>
                <Input autoComplete="off" {...form.register("options")} />
              </FormField>
            )}
            <div className="sm:col-span-2">
              <Button type="submit" loading={form.formState.isSubmitting}>
                Add field
              </Button>
            </div>
          </form>
        </CardContent>
      </Card>
    </div>
  );
}
