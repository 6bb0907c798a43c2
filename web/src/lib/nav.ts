import {
  BarChart3,
  BookOpen,
  Bot,
  Building2,
  CheckSquare,
  Handshake,
  Inbox,
  LayoutDashboard,
  Settings,
  Users,
  Workflow,
  type LucideIcon,
} from "lucide-react";

export interface Section {
  path: string;
  label: string;
  icon: LucideIcon;
  /** Set while the section's API has not landed: the page says what is coming, no fake data. */
  comingSoon?: string;
  /** The inbox entry: shows the live inbox counters and its views. */
  inbox?: boolean;
}

export const SECTIONS: Section[] = [
  { path: "/", label: "Dashboard", icon: LayoutDashboard },
  { path: "/inbox", label: "Inbox", icon: Inbox, inbox: true },
  {
    path: "/contacts",
    label: "Contacts",
    icon: Users,
  },
  {
    path: "/companies",
    label: "Companies",
    icon: Building2,
  },
  {
    path: "/deals",
    label: "Deals",
    icon: Handshake,
  },
  {
    path: "/tasks",
    label: "Tasks",
    icon: CheckSquare,
  },
  {
    path: "/agents",
    label: "Agents",
    icon: Bot,
    comingSoon:
      "Create AI agents: persona, greeting, model, voice, widget look and allowed websites.",
  },
  {
    path: "/knowledge",
    label: "Knowledge",
    icon: BookOpen,
    comingSoon: "Upload documents your agents answer from and try questions in a playground.",
  },
  {
    path: "/workflows",
    label: "Workflows",
    icon: Workflow,
    comingSoon: "Automations: triggers, conditions, actions and delays, with execution history.",
  },
  {
    path: "/analytics",
    label: "Analytics",
    icon: BarChart3,
    comingSoon:
      "Conversations over time, resolution and handoff rates, latency, sentiment, cost and pipeline.",
  },
  { path: "/settings", label: "Settings", icon: Settings },
];
