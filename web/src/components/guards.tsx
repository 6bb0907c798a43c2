import type { ReactNode } from "react";
import { Navigate, useLocation } from "react-router-dom";
import { ShieldAlert } from "lucide-react";
import { useAuth } from "@/lib/auth-store";
import { hasRole, type Role } from "@/lib/types";
import { EmptyState } from "./empty-state";
import { Skeleton } from "./ui/skeleton";

export function Splash() {
  return (
    <div
      className="flex min-h-screen items-center justify-center"
      role="status"
      aria-label="Loading"
    >
      <Skeleton className="h-10 w-40" />
    </div>
  );
}

/** Signed-in users only; others go to /login and come back afterwards. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const status = useAuth((s) => s.status);
  const location = useLocation();
  if (status === "loading") return <Splash />;
  if (status === "anonymous") {
    const next = location.pathname + location.search;
    return (
      <Navigate to={next === "/" ? "/login" : `/login?next=${encodeURIComponent(next)}`} replace />
    );
  }
  return <>{children}</>;
}

/** Pages for signed-out users (login, sign-up): a signed-in user goes to the app. */
export function GuestOnly({ children }: { children: ReactNode }) {
  const status = useAuth((s) => s.status);
  const location = useLocation();
  if (status === "loading") return <Splash />;
  if (status === "authenticated") {
    const next = new URLSearchParams(location.search).get("next");
    return (
      <Navigate to={next && next.startsWith("/") && !next.startsWith("//") ? next : "/"} replace />
    );
  }
  return <>{children}</>;
}

/** Content for `min` role and above; others see why they cannot. */
export function RequireRole({ min, children }: { min: Role; children: ReactNode }) {
  const role = useAuth((s) => s.role);
  if (!hasRole(role, min))
    return (
      <EmptyState icon={ShieldAlert} title="You don't have access to this page">
        This page needs the {min} role or higher. Ask an owner or admin of your organization.
      </EmptyState>
    );
  return <>{children}</>;
}

/** Renders children only for `min` role and above (edit controls). */
export function IfRole({ min, children }: { min: Role; children: ReactNode }) {
  const role = useAuth((s) => s.role);
  return hasRole(role, min) ? <>{children}</> : null;
}
