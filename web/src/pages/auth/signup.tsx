import { zodResolver } from "@hookform/resolvers/zod";
import { useForm } from "react-hook-form";
import { Link } from "react-router-dom";
import { z } from "zod";
import { FormField } from "@/components/form-field";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { api, startSession } from "@/lib/api";
import { emailSchema, newPasswordSchema, reportError } from "@/lib/forms";
import type { AuthSession } from "@/lib/types";
import { AuthLayout } from "./auth-layout";

const schema = z.object({
  name: z.string().trim().min(1, "Enter your name").max(100),
  email: emailSchema,
  organization_name: z.string().trim().min(1, "Name your organization").max(100),
  password: newPasswordSchema,
});
type Values = z.infer<typeof schema>;

export default function Signup() {
  const form = useForm<Values>({
    resolver: zodResolver(schema),
    defaultValues: { name: "", email: "", organization_name: "", password: "" },
  });
  const e = form.formState.errors;
  const onSubmit = form.handleSubmit(async (v) => {
    try {
      await startSession(
        await api<AuthSession>("/auth/signup", { method: "POST", body: v, auth: false }),
      );
    } catch (err) {
      reportError(err, form.setError, "Could not create your account");
    }
  });
  return (
    <AuthLayout
      title="Create your account"
      description="Start with your organization; invite your team next."
      footer={
        <>
          Already have an account?{" "}
          <Link className="font-medium text-primary hover:underline" to="/login">
            Sign in
          </Link>
        </>
      }
    >
      <form onSubmit={onSubmit} className="grid gap-4" noValidate>
        <FormField label="Your name" error={e.name}>
          <Input autoComplete="name" {...form.register("name")} />
        </FormField>
        <FormField label="Work email" error={e.email}>
          <Input type="email" autoComplete="email" {...form.register("email")} />
        </FormField>
        <FormField label="Organization name" error={e.organization_name}>
          <Input autoComplete="organization" {...form.register("organization_name")} />
        </FormField>
        <FormField
          label="Password"
          error={e.password}
          hint="At least 8 characters; avoid common passwords."
        >
          <Input type="password" autoComplete="new-password" {...form.register("password")} />
        </FormField>
        <Button type="submit" loading={form.formState.isSubmitting}>
          Create account
        </Button>
      </form>
    </AuthLayout>
  );
}
