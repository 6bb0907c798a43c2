import { CheckCircle2, Circle, MailWarning } from "lucide-react";
import { useState } from "react";
import { Link } from "react-router-dom";
import { IfRole } from "@/components/guards";
import { PageHeader } from "@/components/page-header";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { toast } from "@/components/ui/toast";
import { api } from "@/lib/api";
import { useAuth } from "@/lib/auth-store";
import { SECTIONS } from "@/lib/nav";
import { reportError } from "@/lib/forms";
import { useMembers } from "@/lib/queries";
import { hasRole } from "@/lib/types";

function VerifyBanner() {
  const [busy, setBusy] = useState(false);
  return (
    <div
      role="status"
      className="mb-6 flex flex-col gap-3 rounded-xl border border-warning/40 bg-warning/10 p-4 sm:flex-row sm:items-center"
    >
      <MailWarning className="h-5 w-5 shrink-0 text-warning" aria-hidden />
      <p className="flex-1 text-sm">
        Please confirm your email address — we sent you a link when you signed up.
      </p>
      <Button
        size="sm"
        variant="outline"
        loading={busy}
        onClick={async () => {
          setBusy(true);
          try {
            await api("/auth/verify-email/request", { method: "POST" });
            toast.success("Verification email sent");
          } catch (e) {
            reportError(e, undefined, "Could not send the email");
          } finally {
            setBusy(false);
          }
        }}
      >
        Resend link
      </Button>
    </div>
  );
}

function Step({ done, children }: { done: boolean; children: React.ReactNode }) {
  return (
    <li className="flex items-center gap-3 text-sm">
      {done ? (
        <CheckCircle2 className="h-5 w-5 text-success" aria-label="done" />
      ) : (
        <Circle className="h-5 w-5 text-muted-foreground" aria-label="to do" />
      )}
      <span className={done ? "text-muted-foreground line-through" : ""}>{children}</span>
    </li>
  );
}

export default function Dashboard() {
  const { user, organization, role } = useAuth();
  const members = useMembers();
  const soon = SECTIONS.filter((s) => s.comingSoon);
  return (
    <>
      <PageHeader
        title={`Welcome, ${user?.name?.split(" ")[0] ?? ""}`}
        description={`Here's what's happening in ${organization?.name}.`}
      />
      {user && !user.email_verified && <VerifyBanner />}
      <div className="grid gap-4 md:grid-cols-3">
        <Card>
          <CardHeader>
            <CardDescription>Organization</CardDescription>
            <CardTitle>{organization?.name}</CardTitle>
          </CardHeader>
          <CardContent>
            <Badge className="capitalize">{role}</Badge>
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardDescription>Team members</CardDescription>
            <CardTitle data-testid="member-count">
              {members.isPending ? (
                <Skeleton className="h-5 w-10" />
              ) : (
                (members.data?.length ?? "—")
              )}
            </CardTitle>
          </CardHeader>
          <CardContent>
            <Link to="/settings/team" className="text-sm text-primary hover:underline">
              {hasRole(role, "admin") ? "Manage the team" : "See the team"}
            </Link>
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardDescription>Get started</CardDescription>
            <CardTitle className="text-base">Set up your workspace</CardTitle>
          </CardHeader>
          <CardContent>
            <ul className="grid gap-2">
              <Step done={!!user?.email_verified}>Confirm your email</Step>
              <Step done={(members.data?.length ?? 0) > 1}>
                <IfRole min="admin">
                  <Link to="/settings/team" className="hover:underline">
                    Invite your team
                  </Link>
                </IfRole>
                {!hasRole(role, "admin") && "Your team is set up by an admin"}
              </Step>
              <Step done={false}>Create your first AI agent (coming soon)</Step>
            </ul>
          </CardContent>
        </Card>
      </div>
      <h2 className="mt-10 mb-3 text-lg font-semibold">On the way</h2>
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
        {soon.map((s) => (
          <Link
            key={s.path}
            to={s.path}
            className="rounded-xl border bg-card p-4 transition-colors hover:bg-accent"
          >
            <div className="flex items-center gap-2 font-medium">
              <s.icon className="h-4 w-4" aria-hidden /> {s.label}
              <Badge variant="secondary" className="ml-auto">
                Coming soon
              </Badge>
            </div>
            <p className="mt-2 text-sm text-muted-foreground">{s.comingSoon}</p>
          </Link>
        ))}
      </div>
    </>
  );
}
