import { zodResolver } from "@hookform/resolvers/zod";
import { useForm } from "react-hook-form";
import { Link } from "react-router-dom";
import { z } from "zod";
import { FormField } from "@/components/form-field";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { api, ApiError, startSession } from "@/lib/api";
import { emailSchema, reportError } from "@/lib/forms";
import type { AuthSession } from "@/lib/types";
import { AuthLayout } from "./auth-layout";
import { useState } from "react";

const schema = z.object({ email: emailSchema, password: z.string().min(1, "Enter your password") });
type Values = z.infer<typeof schema>;

export default function Login() {
  const [error, setFormError] = useState<string | null>(null);
  const form = useForm<Values>({
    resolver: zodResolver(schema),
    defaultValues: { email: "", password: "" },
  });
  const onSubmit = form.handleSubmit(async (v) => {
    setFormError(null);
    try {
      await startSession(
        await api<AuthSession>("/auth/login", { method: "POST", body: v, auth: false }),
      );
    } catch (e) {
      if (e instanceof ApiError && (e.status === 401 || e.status === 429)) setFormError(e.message);
      else reportError(e, form.setError, "Could not sign in");
    }
  });
  return (
    <AuthLayout
      title="Sign in"
      description="Welcome back to Syntera."
      footer={
        <>
          New here?{" "}
          <Link className="font-medium text-primary hover:underline" to="/signup">
            Create an account
          </Link>
        </>
      }
    >
      <form onSubmit={onSubmit} className="grid gap-4" noValidate>
        {error && (
          <p role="alert" className="rounded-md bg-destructive/10 p-3 text-sm text-destructive">
            {error}
          </p>
        )}
        <FormField label="Email" error={form.formState.errors.email}>
          <Input type="email" autoComplete="email" {...form.register("email")} />
        </FormField>
        <FormField label="Password" error={form.formState.errors.password}>
          <Input type="password" autoComplete="current-password" {...form.register("password")} />
        </FormField>
        <Button type="submit" loading={form.formState.isSubmitting}>
          Sign in
        </Button>
        <Link to="/forgot-password" className="text-center text-sm text-primary hover:underline">
          Forgot your password?
        </Link>
      </form>
    </AuthLayout>
  );
}
