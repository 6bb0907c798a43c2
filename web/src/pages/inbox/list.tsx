import {
  Globe,
  Inbox,
  Mail,
  MessageSquare,
  Phone,
  Search,
  Smartphone,
  Terminal,
} from "lucide-react";
import { useMemo } from "react";
import { Link } from "react-router-dom";
import { Button } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import { listParams, useConversationList, type StatusFilter } from "@/lib/inbox";
import {
  CHANNEL_LABEL,
  CHANNELS,
  STATUS_LABEL,
  STATUSES,
  VIEW_LABEL,
  VIEWS,
  type Channel,
  type Conversation,
  type InboxCounts,
  type InboxView,
} from "@/lib/inbox-types";
import { useRealtime } from "@/lib/realtime-store";
import { cn } from "@/lib/utils";
import { useDebounced } from "../crm/shared";
import {
  ago,
  ConnectionState,
  conversationTitle,
  PriorityBadge,
  StatusBadge,
  useWide,
} from "./shared";

const channelIcon: Record<Channel, typeof Globe> = {
  web_widget: Globe,
  api: Terminal,
  voice: Phone,
  phone: Phone,
  email: Mail,
  sms: Smartphone,
};

export interface ListState {
  view: InboxView;
  status: StatusFilter;
  channel: string;
  search: string;
}

function countFor(view: InboxView, counts: InboxCounts | undefined): number | undefined {
  if (!counts) return undefined;
  if (view === "waiting") return counts.waiting;
  if (view === "mine") return counts.mine;
  if (view === "unassigned") return counts.unassigned;
  return undefined;
}

function Item({ c, selected, href }: { c: Conversation; selected: boolean; href: string }) {
  const preview = useRealtime((s) => s.previews[c.id]);
  const Icon = channelIcon[c.channel] ?? MessageSquare;
  const line = preview?.content ?? (c.summary || `${CHANNEL_LABEL[c.channel] ?? c.channel}`);
  const unread = c.unread_count > 0 && !selected;
  return (
    <li>
      <Link
        to={href}
        aria-current={selected ? "page" : undefined}
        data-testid="conversation-item"
        data-id={c.id}
        className={cn(
          "flex gap-3 border-b px-4 py-3 text-left text-sm transition-colors hover:bg-accent",
          selected && "bg-accent",
        )}
      >
        <span className="mt-0.5 flex h-8 w-8 shrink-0 items-center justify-center rounded-full bg-primary/10 text-primary">
          <Icon className="h-4 w-4" aria-hidden />
        </span>
        <span className="min-w-0 flex-1">
          <span className="flex items-center gap-2">
            <span className={cn("flex-1 truncate", unread ? "font-semibold" : "font-medium")}>
              {conversationTitle(c)}
            </span>
            <time
              className="shrink-0 text-xs text-muted-foreground"
              dateTime={c.last_message_at ?? c.updated_at}
            >
              {ago(c.last_message_at ?? c.updated_at)}
            </time>
          </span>
          <span
            className={cn(
              "mt-0.5 block truncate text-xs",
              unread ? "text-foreground" : "text-muted-foreground",
            )}
          >
            {line}
          </span>
          <span className="mt-1 flex flex-wrap items-center gap-1">
            <StatusBadge status={c.status} />
            <PriorityBadge priority={c.priority} />
            {c.tags.slice(0, 2).map((t) => (
              <span key={t} className="rounded bg-muted px-1.5 text-[11px] text-muted-foreground">
                {t}
              </span>
            ))}
            {unread && (
              <span
                className="ml-auto rounded-full bg-primary px-1.5 text-[11px] font-semibold text-primary-foreground"
                aria-label={`${c.unread_count} unread`}
                data-testid="unread-count"
              >
                {c.unread_count}
              </span>
            )}
          </span>
        </span>
      </Link>
    </li>
  );
}

export function ConversationList({
  state,
  onChange,
  selectedId,
  counts,
  hrefFor,
  className,
}: {
  state: ListState;
  onChange: (patch: Partial<ListState>) => void;
  selectedId: string | null;
  counts: InboxCounts | undefined;
  hrefFor: (id: string) => string;
  className?: string;
}) {
  const q = useDebounced(state.search.trim(), 300);
  const params = useMemo(
    () => listParams(state.view, state.status, state.channel, q),
    [state.view, state.status, state.channel, q],
  );
  const list = useConversationList(params);
  const rows = useMemo(() => list.data?.pages.flatMap((p) => p.data) ?? [], [list.data]);
  const filtered = Boolean(q || state.channel || state.status !== "active");
  // The page's h1, unless a small screen shows the open conversation instead of the list.
  const wide = useWide();
  const Heading = selectedId && !wide ? "h2" : "h1";

  return (
    <section
      aria-label="Conversations"
      className={cn("flex min-h-0 flex-col border-r bg-card/40", className)}
    >
      <div className="flex items-center justify-between gap-2 px-4 pt-4">
        <Heading className="text-xl font-semibold tracking-tight">Inbox</Heading>
        <ConnectionState />
      </div>
      <div className="flex gap-1 overflow-x-auto px-3 pt-3" role="tablist" aria-label="Views">
        {VIEWS.map((v) => {
          const n = countFor(v, counts);
          return (
            <button
              key={v}
              type="button"
              role="tab"
              aria-selected={state.view === v}
              onClick={() => onChange({ view: v })}
              className={cn(
                "flex items-center gap-1.5 rounded-md px-2.5 py-1.5 text-sm font-medium whitespace-nowrap text-muted-foreground hover:bg-accent hover:text-foreground",
                state.view === v && "bg-accent text-foreground",
              )}
            >
              {VIEW_LABEL[v]}
              {n !== undefined && (
                <span
                  className={cn(
                    "rounded-full px-1.5 text-[11px]",
                    n > 0 ? "bg-primary/15 text-primary" : "bg-muted",
                  )}
                >
                  {n}
                </span>
              )}
            </button>
          );
        })}
      </div>
      <div className="grid gap-2 border-b px-3 py-3">
        <div className="relative">
          <Search className="absolute top-2.5 left-2.5 h-4 w-4 text-muted-foreground" aria-hidden />
          <Input
            type="search"
            aria-label="Search conversations"
            placeholder="Search messages, subjects…"
            className="pl-8"
            value={state.search}
            onChange={(e) => onChange({ search: e.target.value })}
          />
        </div>
        <div className="flex gap-2">
          <Select
            aria-label="Filter by status"
            className="min-w-0 flex-1"
            value={state.view === "waiting" ? "waiting_for_human" : state.status}
            disabled={state.view === "waiting"}
            onChange={(e) => onChange({ status: e.target.value as StatusFilter })}
          >
            <option value="active">Open & waiting</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {STATUS_LABEL[s]}
              </option>
            ))}
            <option value="any">Any status</option>
          </Select>
          <Select
            aria-label="Filter by channel"
            className="min-w-0 flex-1"
            value={state.channel}
            onChange={(e) => onChange({ channel: e.target.value })}
          >
            <option value="">All channels</option>
            {CHANNELS.map((c) => (
              <option key={c} value={c}>
                {CHANNEL_LABEL[c]}
              </option>
            ))}
          </Select>
        </div>
      </div>
      <div className="min-h-0 flex-1 overflow-y-auto">
        {list.isPending ? (
          <div className="grid gap-2 p-3" role="status" aria-label="Loading">
            {[0, 1, 2, 3].map((i) => (
              <Skeleton key={i} className="h-16 w-full" />
            ))}
          </div>
        ) : list.isError ? (
          <p role="alert" className="p-4 text-sm text-destructive">
            {list.error.message}
          </p>
        ) : rows.length === 0 ? (
          <div className="flex flex-col items-center gap-2 p-8 text-center text-sm text-muted-foreground">
            <Inbox className="h-6 w-6" aria-hidden />
            <p className="font-medium text-foreground">
              {filtered ? "No conversations match" : "Nothing here"}
            </p>
            <p>
              {filtered
                ? "Try another search or clear the filters."
                : state.view === "waiting"
                  ? "No conversation is waiting for a human."
                  : state.view === "mine"
                    ? "Claim a conversation to see it here."
                    : "New conversations appear here live."}
            </p>
          </div>
        ) : (
          <>
            <ul aria-label="Conversation list">
              {rows.map((c) => (
                <Item key={c.id} c={c} selected={c.id === selectedId} href={hrefFor(c.id)} />
              ))}
            </ul>
            {list.hasNextPage && (
              <div className="flex justify-center p-3">
                <Button
                  variant="outline"
                  size="sm"
                  loading={list.isFetchingNextPage}
                  onClick={() => void list.fetchNextPage()}
                >
                  Load more
                </Button>
              </div>
            )}
          </>
        )}
      </div>
    </section>
  );
}
