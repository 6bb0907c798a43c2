import { zodResolver } from "@hookform/resolvers/zod";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { Link, useNavigate, useSearchParams } from "react-router-dom";
import { z } from "zod";
import { FormField } from "@/components/form-field";
import { Splash } from "@/components/guards";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { toast } from "@/components/ui/toast";
import { api, startSession } from "@/lib/api";
import { useAuth } from "@/lib/auth-store";
import { newPasswordSchema, reportError } from "@/lib/forms";
import type { AuthSession, Membership } from "@/lib/types";
import { AuthLayout } from "./auth-layout";

const schema = z.object({
  name: z.string().trim().min(1, "Enter your name").max(100),
  password: newPasswordSchema,
});

export default function AcceptInvitation() {
  const [params] = useSearchParams();
  const token = params.get("token") ?? "";
  const { status, user } = useAuth();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [joining, setJoining] = useState(false);
  const form = useForm<z.infer<typeof schema>>({
    resolver: zodResolver(schema),
    defaultValues: { name: "", password: "" },
  });

  if (!token)
    return (
      <AuthLayout
        title="Invitation link incomplete"
        description="Open the link from the invitation email again."
      >
        <Link className="text-sm text-primary hover:underline" to="/login">
          Sign in
        </Link>
      </AuthLayout>
    );
  if (status === "loading") return <Splash />;

  if (status === "authenticated") {
    const join = async () => {
      setJoining(true);
      try {
        const m = await api<Membership>("/invitations/accept", { method: "POST", body: { token } });
        const s = await api<AuthSession>("/auth/switch-organization", {
          method: "POST",
          body: { organization_id: m.organization.id },
        });
        qc.clear();
        await startSession(s);
        toast.success(`You joined ${m.organization.name}`);
        navigate("/");
      } catch (e) {
        reportError(e, undefined, "Could not accept the invitation");
      } finally {
        setJoining(false);
      }
    };
    return (
      <AuthLayout
        title="Join the organization"
        description={`You are signed in as ${user?.email}.`}
      >
        <Button className="w-full" onClick={join} loading={joining}>
          Accept invitation
        </Button>
      </AuthLayout>
    );
  }

  const onSubmit = form.handleSubmit(async (v) => {
    try {
      await startSession(
        await api<AuthSession>("/invitations/accept", {
          method: "POST",
          body: { token, ...v },
          auth: false,
        }),
      );
      navigate("/");
    } catch (e) {
      reportError(e, form.setError, "Could not accept the invitation");
    }
  });
  const next = `/accept-invitation?token=${encodeURIComponent(token)}`;
  return (
    <AuthLayout
      title="Accept your invitation"
      description="Create your account to join your team on Syntera."
      footer={
        <>
          Already have an account?{" "}
          <Link
            className="font-medium text-primary hover:underline"
            to={`/login?next=${encodeURIComponent(next)}`}
          >
            Sign in to accept
          </Link>
        </>
      }
    >
      <form onSubmit={onSubmit} className="grid gap-4" noValidate>
        <FormField label="Your name" error={form.formState.errors.name}>
          <Input autoComplete="name" {...form.register("name")} />
        </FormField>
        <FormField label="Choose a password" error={form.formState.errors.password}>
          <Input type="password" autoComplete="new-password" {...form.register("password")} />
        </FormField>
        <Button type="submit" loading={form.formState.isSubmitting}>
          Join
        </Button>
      </form>
    </AuthLayout>
  );
}
