import { Bot, Loader2, Wifi, WifiOff } from "lucide-react";
import { useEffect, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { useAuth } from "@/lib/auth-store";
import {
  CHANNEL_LABEL,
  STATUS_LABEL,
  type Conversation,
  type ConversationStatus,
  type Priority,
} from "@/lib/inbox-types";
import { useMembers } from "@/lib/queries";
import { useRealtime } from "@/lib/realtime-store";
import { cn } from "@/lib/utils";

/** A conversation's name in lists and headers. */
export function conversationTitle(c: Conversation): string {
  if (c.subject) return c.subject;
  if (c.visitor_id) return `Visitor ${c.visitor_id.slice(0, 8)}`;
  return `${CHANNEL_LABEL[c.channel] ?? c.channel} conversation`;
}

const statusVariant: Record<ConversationStatus, "warning" | "default" | "success" | "secondary"> = {
  waiting_for_human: "warning",
  open: "default",
  resolved: "success",
  closed: "secondary",
};

export function StatusBadge({ status }: { status: ConversationStatus }) {
  return (
    <Badge variant={statusVariant[status] ?? "secondary"} data-testid="conversation-status">
      {STATUS_LABEL[status] ?? status}
    </Badge>
  );
}

export function PriorityBadge({ priority }: { priority: Priority }) {
  if (priority === "normal" || priority === "low") return null;
  return (
    <Badge variant={priority === "urgent" ? "destructive" : "warning"} className="capitalize">
      {priority}
    </Badge>
  );
}

/** Short relative time ("now", "5m", "3h", "2d", else the date). */
export function ago(iso: string | null | undefined): string {
  if (!iso) return "";
  const s = (Date.now() - new Date(iso).getTime()) / 1000;
  if (s < 45) return "now";
  if (s < 3600) return `${Math.round(s / 60)}m`;
  if (s < 86400) return `${Math.round(s / 3600)}h`;
  if (s < 7 * 86400) return `${Math.round(s / 86400)}d`;
  return new Date(iso).toLocaleDateString(undefined, { month: "short", day: "numeric" });
}

export function useMemberName() {
  const members = useMembers();
  const me = useAuth((s) => s.user?.id);
  return (id: string | null | undefined, you = true) => {
    if (!id) return "Someone";
    if (you && id === me) return "You";
    return members.data?.find((m) => m.user.id === id)?.user.name ?? "Team member";
  };
}

/** Who handles the conversation: the AI agent, a team member or nobody. */
export function AssigneeLabel({ c }: { c: Conversation }) {
  const name = useMemberName();
  if (c.assignee_type === "ai")
    return (
      <span className="inline-flex items-center gap-1">
        <Bot className="h-3.5 w-3.5" aria-hidden /> AI agent
      </span>
    );
  if (c.assignee_type === "user") return <>{name(c.assignee_user_id)}</>;
  return <span className="text-muted-foreground">Unassigned</span>;
}

/** The live connection state (connected / reconnecting / offline). */
export function ConnectionState({ className }: { className?: string }) {
  const status = useRealtime((s) => s.status);
  const label =
    status === "connected"
      ? "Live"
      : status === "connecting"
        ? "Connecting…"
        : status === "reconnecting"
          ? "Reconnecting…"
          : "Offline";
  const Icon = status === "connected" ? Wifi : status === "offline" ? WifiOff : Loader2;
  return (
    <span
      role="status"
      aria-label={`Realtime: ${label}`}
      data-testid="connection-state"
      data-status={status}
      className={cn(
        "inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-medium",
        status === "connected" && "bg-success/15 text-success",
        (status === "connecting" || status === "reconnecting") && "bg-warning/15 text-warning",
        status === "offline" && "bg-destructive/10 text-destructive",
        className,
      )}
    >
      <Icon
        className={cn("h-3 w-3", status !== "connected" && status !== "offline" && "animate-spin")}
        aria-hidden
      />
      {label}
    </span>
  );
}

/** "Visitor is typing…" for the others typing in a conversation. */
export function TypingIndicator({ conversationId }: { conversationId: string }) {
  const typing = useRealtime((s) => s.typing[conversationId]);
  const name = useMemberName();
  // Re-render every second while someone types, so expired entries disappear.
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    setNow(Date.now());
    if (!typing || !Object.keys(typing).length) return;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [typing]);
  const who = Object.entries(typing ?? {})
    .filter(([, until]) => until > now)
    .map(([k]) =>
      k.startsWith("user:")
        ? name(k.slice(5), false)
        : k.startsWith("visitor:")
          ? "Visitor"
          : k.startsWith("contact") || k.startsWith("api")
            ? "Contact"
            : k.startsWith("agent")
              ? "AI agent"
              : "Someone",
    );
  if (!who.length) return <div className="h-5" aria-hidden />;
  const text = `${[...new Set(who)].join(", ")} ${who.length > 1 ? "are" : "is"} typing…`;
  return (
    <div
      className="flex h-5 items-center gap-2 px-4 text-xs text-muted-foreground"
      role="status"
      data-testid="typing-indicator"
    >
      <span className="flex gap-0.5" aria-hidden>
        {[0, 150, 300].map((d) => (
          <span
            key={d}
            className="h-1.5 w-1.5 animate-bounce rounded-full bg-muted-foreground"
            style={{ animationDelay: `${d}ms` }}
          />
        ))}
      </span>
      {text}
    </div>
  );
}

/** Whether the list pane is shown beside the conversation (md and up). */
export function useWide() {
  const query = "(min-width: 768px)";
  const [wide, setWide] = useState(() => window.matchMedia(query).matches);
  useEffect(() => {
    const mq = window.matchMedia(query);
    const on = () => setWide(mq.matches);
    mq.addEventListener("change", on);
    return () => mq.removeEventListener("change", on);
  }, []);
  return wide;
}
