import { zodResolver } from "@hookform/resolvers/zod";
import { useForm } from "react-hook-form";
import { Link, useNavigate, useSearchParams } from "react-router-dom";
import { z } from "zod";
import { FormField } from "@/components/form-field";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { toast } from "@/components/ui/toast";
import { api } from "@/lib/api";
import { useAuth } from "@/lib/auth-store";
import { newPasswordSchema, reportError } from "@/lib/forms";
import { AuthLayout } from "./auth-layout";

const schema = z
  .object({ password: newPasswordSchema, confirm: z.string() })
  .refine((v) => v.password === v.confirm, {
    path: ["confirm"],
    message: "The passwords do not match",
  });

export default function ResetPassword() {
  const [params] = useSearchParams();
  const token = params.get("token") ?? "";
  const navigate = useNavigate();
  const form = useForm<z.infer<typeof schema>>({
    resolver: zodResolver(schema),
    defaultValues: { password: "", confirm: "" },
  });
  const onSubmit = form.handleSubmit(async (v) => {
    try {
      await api("/auth/password-reset/confirm", {
        method: "POST",
        body: { token, password: v.password },
        auth: false,
      });
      // A reset signs out every session: start again from the login page.
      useAuth.getState().clear();
      toast.success("Password changed", "Sign in with your new password.");
      navigate("/login");
    } catch (e) {
      reportError(e, form.setError, "Could not reset the password");
    }
  });
  if (!token)
    return (
      <AuthLayout
        title="Reset link incomplete"
        description="Open the link from the email again, or ask for a new one."
      >
        <Link className="text-sm text-primary hover:underline" to="/forgot-password">
          Request a new link
        </Link>
      </AuthLayout>
    );
  return (
    <AuthLayout title="Choose a new password">
      <form onSubmit={onSubmit} className="grid gap-4" noValidate>
        <FormField label="New password" error={form.formState.errors.password}>
          <Input type="password" autoComplete="new-password" {...form.register("password")} />
        </FormField>
        <FormField label="Repeat the new password" error={form.formState.errors.confirm}>
          <Input type="password" autoComplete="new-password" {...form.register("confirm")} />
        </FormField>
        <Button type="submit" loading={form.formState.isSubmitting}>
          Set password
        </Button>
      </form>
    </AuthLayout>
  );
}
