import { NavLink, Outlet } from "react-router-dom";
import { PageHeader } from "@/components/page-header";
import { useAuth } from "@/lib/auth-store";
import { hasRole } from "@/lib/types";
import { cn } from "@/lib/utils";

export default function SettingsLayout() {
  const role = useAuth((s) => s.role);
  const tabs = [
    { to: "/settings/profile", label: "Profile" },
    { to: "/settings/password", label: "Password" },
    { to: "/settings/team", label: "Team" },
    ...(hasRole(role, "admin") ? [{ to: "/settings/api-keys", label: "API keys" }] : []),
    { to: "/settings/organization", label: "Organization" },
    ...(hasRole(role, "admin")
      ? [
          { to: "/settings/pipelines", label: "Pipelines" },
          { to: "/settings/custom-fields", label: "Custom fields" },
          { to: "/settings/widget", label: "Chat widget" },
        ]
      : []),
  ];
  return (
    <>
      <PageHeader title="Settings" />
      <div className="flex flex-col gap-6 md:flex-row">
        <nav aria-label="Settings" className="flex gap-1 overflow-x-auto md:w-48 md:flex-col">
          {tabs.map((t) => (
            <NavLink
              key={t.to}
              to={t.to}
              className={({ isActive }) =>
                cn(
                  "rounded-md px-3 py-2 text-sm font-medium whitespace-nowrap text-muted-foreground hover:bg-accent hover:text-foreground",
                  isActive && "bg-accent text-foreground",
                )
              }
            >
              {t.label}
            </NavLink>
          ))}
        </nav>
        <div className="min-w-0 flex-1">
          <Outlet />
        </div>
      </div>
    </>
  );
}
