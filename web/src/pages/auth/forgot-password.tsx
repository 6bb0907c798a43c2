import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { Link } from "react-router-dom";
import { z } from "zod";
import { FormField } from "@/components/form-field";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { api } from "@/lib/api";
import { emailSchema, reportError } from "@/lib/forms";
import { AuthLayout } from "./auth-layout";

const schema = z.object({ email: emailSchema });

export default function ForgotPassword() {
  const [sent, setSent] = useState(false);
  const form = useForm<z.infer<typeof schema>>({
    resolver: zodResolver(schema),
    defaultValues: { email: "" },
  });
  const onSubmit = form.handleSubmit(async (v) => {
    try {
      await api("/auth/password-reset/request", { method: "POST", body: v, auth: false });
      setSent(true);
    } catch (e) {
      reportError(e, form.setError, "Could not send the link");
    }
  });
  return (
    <AuthLayout
      title="Reset your password"
      description="We'll email you a link to choose a new password."
      footer={
        <Link className="font-medium text-primary hover:underline" to="/login">
          Back to sign in
        </Link>
      }
    >
      {sent ? (
        <p role="status" className="text-sm">
          If an account exists for that address, a reset link is on its way. The link is valid for a
          limited time.
        </p>
      ) : (
        <form onSubmit={onSubmit} className="grid gap-4" noValidate>
          <FormField label="Email" error={form.formState.errors.email}>
            <Input type="email" autoComplete="email" {...form.register("email")} />
          </FormField>
          <Button type="submit" loading={form.formState.isSubmitting}>
            Send reset link
          </Button>
        </form>
      )}
    </AuthLayout>
  );
}
