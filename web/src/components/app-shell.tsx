import { useQueryClient } from "@tanstack/react-query";
import {
  Check,
  ChevronsUpDown,
  LogOut,
  Menu,
  Monitor,
  Moon,
  Sun,
  UserRound,
  X,
} from "lucide-react";
import { Suspense, useState } from "react";
import { Link, NavLink, Outlet, useLocation, useNavigate } from "react-router-dom";
import { api, logout, startSession } from "@/lib/api";
import { useAuth } from "@/lib/auth-store";
import { SECTIONS } from "@/lib/nav";
import { useInboxCounts, useRealtimeConnection } from "@/lib/realtime-store";
import { useTheme, type Theme } from "@/lib/theme";
import type { AuthSession } from "@/lib/types";
import { cn, initials } from "@/lib/utils";
import { ErrorBoundary } from "./error-boundary";
import { Logo } from "./logo";
import { Badge } from "./ui/badge";
import { Button } from "./ui/button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuRadioGroup,
  DropdownMenuRadioItem,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "./ui/dropdown-menu";
import { Skeleton } from "./ui/skeleton";
import { toast } from "./ui/toast";

function OrgSwitcher() {
  const { organization, memberships, role } = useAuth();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const switchTo = async (id: string) => {
    if (id === organization?.id) return;
    try {
      const s = await api<AuthSession>("/auth/switch-organization", {
        method: "POST",
        body: { organization_id: id },
      });
      qc.clear();
      await startSession(s);
      navigate("/");
      toast.success(`Switched to ${s.organization.name}`);
    } catch (e) {
      toast.error("Could not switch organization", (e as Error).message);
    }
  };
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <button
          className="flex w-full items-center gap-2 rounded-lg border bg-card px-3 py-2 text-left text-sm hover:bg-accent"
          aria-label="Switch organization"
          data-testid="org-switcher"
        >
          <span className="flex h-7 w-7 shrink-0 items-center justify-center rounded-md bg-primary/15 text-xs font-semibold text-primary">
            {initials(organization?.name)}
          </span>
          <span className="min-w-0 flex-1">
            <span className="block truncate font-medium">{organization?.name}</span>
            <span
              className="block text-xs text-muted-foreground capitalize"
              data-testid="current-role"
            >
              {role}
            </span>
          </span>
          <ChevronsUpDown className="h-4 w-4 text-muted-foreground" aria-hidden />
        </button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="start" className="w-64">
        <DropdownMenuLabel>Organizations</DropdownMenuLabel>
        {memberships.map((m) => (
          <DropdownMenuItem
            key={m.organization.id}
            onSelect={() => void switchTo(m.organization.id)}
          >
            <span className="flex-1 truncate">{m.organization.name}</span>
            <Badge variant="secondary" className="capitalize">
              {m.role}
            </Badge>
            {m.organization.id === organization?.id && (
              <Check className="h-4 w-4" aria-label="current" />
            )}
          </DropdownMenuItem>
        ))}
      </DropdownMenuContent>
    </DropdownMenu>
  );
}

function UserMenu() {
  const user = useAuth((s) => s.user);
  const { theme, setTheme } = useTheme();
  const navigate = useNavigate();
  const qc = useQueryClient();
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <button
          className="flex h-9 w-9 items-center justify-center rounded-full bg-primary text-sm font-semibold text-primary-foreground"
          aria-label="Open user menu"
          data-testid="user-menu"
        >
          {initials(user?.name)}
        </button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="end" className="w-60">
        <DropdownMenuLabel className="text-foreground">
          <span className="block truncate text-sm font-medium">{user?.name}</span>
          <span className="block truncate text-xs font-normal text-muted-foreground">
            {user?.email}
          </span>
        </DropdownMenuLabel>
        <DropdownMenuSeparator />
        <DropdownMenuItem onSelect={() => navigate("/settings/profile")}>
          <UserRound className="h-4 w-4" /> Profile & settings
        </DropdownMenuItem>
        <DropdownMenuSeparator />
        <DropdownMenuLabel>Theme</DropdownMenuLabel>
        <DropdownMenuRadioGroup value={theme} onValueChange={(v) => setTheme(v as Theme)}>
          <DropdownMenuRadioItem value="light">
            <Sun className="h-4 w-4" /> Light
          </DropdownMenuRadioItem>
          <DropdownMenuRadioItem value="dark">
            <Moon className="h-4 w-4" /> Dark
          </DropdownMenuRadioItem>
          <DropdownMenuRadioItem value="system">
            <Monitor className="h-4 w-4" /> System
          </DropdownMenuRadioItem>
        </DropdownMenuRadioGroup>
        <DropdownMenuSeparator />
        <DropdownMenuItem
          onSelect={async () => {
            await logout();
            qc.clear();
            navigate("/login");
          }}
        >
          <LogOut className="h-4 w-4" /> Sign out
        </DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}

/** The inbox views under the Inbox entry, with the caller's live counters. */
function InboxNav({ onNavigate }: { onNavigate?: () => void }) {
  const counts = useInboxCounts().data;
  const location = useLocation();
  const current =
    location.pathname.startsWith("/inbox") &&
    (new URLSearchParams(location.search).get("view") ?? "all");
  const views = [
    { view: "waiting", label: "Waiting", n: counts?.waiting },
    { view: "mine", label: "Mine", n: counts?.mine, unread: counts?.unread },
    { view: "unassigned", label: "Unassigned", n: counts?.unassigned },
  ];
  return (
    <ul className="mt-0.5 mb-1 ml-7 grid gap-0.5 border-l pl-2" aria-label="Inbox views">
      {views.map((v) => (
        <li key={v.view}>
          <Link
            to={`/inbox?view=${v.view}`}
            onClick={onNavigate}
            aria-current={current === v.view ? "page" : undefined}
            data-testid={`inbox-count-${v.view}`}
            className={cn(
              "flex items-center gap-2 rounded-md px-2 py-1 text-xs font-medium text-muted-foreground hover:bg-accent hover:text-foreground",
              current === v.view && "bg-accent text-foreground",
            )}
          >
            <span className="flex-1">{v.label}</span>
            {v.unread ? (
              <span
                className="rounded-full bg-primary px-1.5 text-[10px] font-semibold text-primary-foreground"
                data-testid="inbox-count-unread"
              >
                {v.unread} unread
              </span>
            ) : null}
            {v.n !== undefined && <span className="tabular-nums">{v.n}</span>}
          </Link>
        </li>
      ))}
    </ul>
  );
}

function InboxBadge() {
  const waiting = useInboxCounts().data?.waiting ?? 0;
  if (!waiting) return null;
  return (
    <span
      className="rounded-full bg-warning/20 px-1.5 text-[11px] font-semibold text-warning"
      title={`${waiting} waiting for a human`}
    >
      {waiting}
    </span>
  );
}

function Sidebar({ onNavigate }: { onNavigate?: () => void }) {
  return (
    <nav aria-label="Main" className="flex h-full flex-col gap-4 p-4">
      <Link to="/" className="px-2 py-1" onClick={onNavigate}>
        <Logo />
      </Link>
      <OrgSwitcher />
      <ul className="flex flex-1 flex-col gap-0.5 overflow-y-auto">
        {SECTIONS.map((s) => (
          <li key={s.path}>
            <NavLink
              to={s.path}
              end={s.path === "/"}
              onClick={onNavigate}
              className={({ isActive }) =>
                cn(
                  "flex items-center gap-3 rounded-md px-3 py-2 text-sm font-medium text-muted-foreground transition-colors hover:bg-accent hover:text-foreground",
                  isActive && "bg-accent text-foreground",
                )
              }
            >
              <s.icon className="h-4 w-4" aria-hidden />
              <span className="flex-1">{s.label}</span>
              {s.inbox && <InboxBadge />}
              {s.comingSoon && (
                <span className="text-[10px] tracking-wide text-muted-foreground/80 uppercase">
                  soon
                </span>
              )}
            </NavLink>
            {s.inbox && <InboxNav onNavigate={onNavigate} />}
          </li>
        ))}
      </ul>
    </nav>
  );
}

function PageFallback() {
  return (
    <div className="space-y-4" role="status" aria-label="Loading page">
      <Skeleton className="h-8 w-48" />
      <Skeleton className="h-4 w-80" />
      <Skeleton className="h-40 w-full" />
    </div>
  );
}

export function AppShell() {
  const [open, setOpen] = useState(false);
  const location = useLocation();
  useRealtimeConnection();
  // The inbox uses the whole width and height below the header (three panes, own scrolling).
  const fullBleed = location.pathname === "/inbox" || location.pathname.startsWith("/inbox/");
  return (
    <div className="flex min-h-screen">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:z-50 focus:rounded-md focus:bg-card focus:px-3 focus:py-2"
      >
        Skip to content
      </a>
      <aside className="sticky top-0 hidden h-screen w-64 shrink-0 border-r bg-card/50 lg:block">
        <Sidebar />
      </aside>
      {open && (
        <div
          className="fixed inset-0 z-40 lg:hidden"
          role="dialog"
          aria-modal="true"
          aria-label="Navigation"
        >
          <div className="absolute inset-0 bg-black/40" onClick={() => setOpen(false)} />
          <aside className="absolute inset-y-0 left-0 w-72 border-r bg-card">
            <Button
              variant="ghost"
              size="icon"
              className="absolute top-3 right-3"
              aria-label="Close navigation"
              onClick={() => setOpen(false)}
            >
              <X className="h-5 w-5" />
            </Button>
            <Sidebar onNavigate={() => setOpen(false)} />
          </aside>
        </div>
      )}
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="sticky top-0 z-30 flex h-14 items-center gap-3 border-b bg-background/90 px-4 backdrop-blur sm:px-6">
          <Button
            variant="ghost"
            size="icon"
            className="lg:hidden"
            aria-label="Open navigation"
            onClick={() => setOpen(true)}
          >
            <Menu className="h-5 w-5" />
          </Button>
          <div className="flex-1" />
          <UserMenu />
        </header>
        <main
          id="main"
          className={
            fullBleed
              ? "flex h-[calc(100dvh-3.5rem)] min-h-0 w-full overflow-hidden"
              : "mx-auto w-full max-w-6xl flex-1 p-4 sm:p-6 lg:p-8"
          }
        >
          <ErrorBoundary resetKey={location.pathname}>
            <Suspense fallback={<PageFallback />}>
              <Outlet />
            </Suspense>
          </ErrorBoundary>
        </main>
      </div>
    </div>
  );
}
