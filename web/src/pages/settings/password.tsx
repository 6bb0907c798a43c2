import { zodResolver } from "@hookform/resolvers/zod";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { FormField } from "@/components/form-field";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { toast } from "@/components/ui/toast";
import { api } from "@/lib/api";
import { newPasswordSchema, reportError } from "@/lib/forms";

const schema = z
  .object({
    current_password: z.string().min(1, "Enter your current password"),
    password: newPasswordSchema,
    confirm: z.string(),
  })
  .refine((v) => v.password === v.confirm, {
    path: ["confirm"],
    message: "The passwords do not match",
  });

export default function Password() {
  const form = useForm<z.infer<typeof schema>>({
    resolver: zodResolver(schema),
    defaultValues: { current_password: "", password: "", confirm: "" },
  });
  const e = form.formState.errors;
  const onSubmit = form.handleSubmit(async (v) => {
    try {
      await api("/auth/password", {
        method: "POST",
        body: { current_password: v.current_password, password: v.password },
      });
      form.reset();
      toast.success("Password changed");
    } catch (err) {
      reportError(err, form.setError, "Could not change the password");
    }
  });
  return (
    <Card>
      <CardHeader>
        <CardTitle>Change password</CardTitle>
        <CardDescription>Your current password is required.</CardDescription>
      </CardHeader>
      <CardContent>
        <form onSubmit={onSubmit} className="grid gap-4 sm:max-w-md" noValidate>
          <FormField label="Current password" error={e.current_password}>
            <Input
              type="password"
              autoComplete="current-password"
              {...form.register("current_password")}
            />
          </FormField>
          <FormField label="New password" error={e.password}>
            <Input type="password" autoComplete="new-password" {...form.register("password")} />
          </FormField>
          <FormField label="Repeat the new password" error={e.confirm}>
            <Input type="password" autoComplete="new-password" {...form.register("confirm")} />
          </FormField>
          <div>
            <Button type="submit" loading={form.formState.isSubmitting}>
              Change password
            </Button>
          </div>
        </form>
      </CardContent>
    </Card>
  );
}
