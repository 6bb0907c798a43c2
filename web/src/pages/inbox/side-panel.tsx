import {
  Bot,
  CheckCircle2,
  Download,
  Hand,
  RotateCcw,
  UserMinus,
  UserRound,
  X,
} from "lucide-react";
import { useState, type ReactNode } from "react";
import { Link } from "react-router-dom";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import { toast } from "@/components/ui/toast";
import { useAuth } from "@/lib/auth-store";
import { contactName } from "@/lib/crm-types";
import { reportError } from "@/lib/forms";
import {
  downloadTranscript,
  useAssign,
  useConversation,
  useConversationContact,
  useInboxAction,
  usePatchConversation,
  type SimpleAction,
} from "@/lib/inbox";
import {
  PRIORITIES,
  STATUS_LABEL,
  STATUSES,
  type Conversation,
  type ConversationStatus,
  type Priority,
} from "@/lib/inbox-types";
import { useMembers } from "@/lib/queries";
import { useRealtime } from "@/lib/realtime-store";
import { cn, formatDate } from "@/lib/utils";
import { useCanEdit } from "../crm/shared";
import { AssigneeLabel, StatusBadge } from "./shared";

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid min-w-0 grid-cols-1 gap-1">
      <dt className="text-xs font-medium text-muted-foreground">{label}</dt>
      <dd className="min-w-0 text-sm">{children}</dd>
    </div>
  );
}

function OnlineDot({ online, label }: { online: boolean; label: string }) {
  return (
    <span
      className={cn(
        "inline-block h-2 w-2 shrink-0 rounded-full",
        online ? "bg-success" : "bg-muted-foreground/40",
      )}
      role="img"
      aria-label={`${label} ${online ? "online" : "offline"}`}
    />
  );
}

function ContactCard({ c }: { c: Conversation }) {
  const contact = useConversationContact(c.contact_id);
  const visitorOnline = useRealtime((s) =>
    c.visitor_id ? Boolean(s.online[`visitor:${c.visitor_id}`]) : false,
  );
  if (c.contact_id) {
    if (contact.isPending) return <Skeleton className="h-10 w-full" />;
    if (contact.isError)
      return <p className="text-sm text-muted-foreground">The linked contact was deleted.</p>;
    const ct = contact.data;
    return (
      <div className="flex items-center gap-2">
        <span className="flex h-9 w-9 shrink-0 items-center justify-center rounded-full bg-muted">
          <UserRound className="h-4 w-4 text-muted-foreground" aria-hidden />
        </span>
        <div className="min-w-0">
          <Link
            to={`/contacts/${ct.id}`}
            className="block truncate font-medium hover:underline"
            data-testid="contact-link"
          >
            {contactName(ct)}
          </Link>
          <span className="block truncate text-xs text-muted-foreground">
            {ct.email ?? ct.phone ?? "No email"}
          </span>
        </div>
        {c.visitor_id && <OnlineDot online={visitorOnline} label="Visitor" />}
      </div>
    );
  }
  return (
    <div className="flex items-center gap-2 text-sm">
      {c.visitor_id ? (
        <>
          <OnlineDot online={visitorOnline} label="Visitor" />
          <span>
            Visitor <code className="text-xs">{c.visitor_id.slice(0, 8)}</code>
            <span className="text-muted-foreground"> · {visitorOnline ? "online" : "away"}</span>
          </span>
        </>
      ) : (
        <span className="text-muted-foreground">No contact linked yet.</span>
      )}
    </div>
  );
}

function Tags({ c, editable }: { c: Conversation; editable: boolean }) {
  const patch = usePatchConversation(c.id);
  const [draft, setDraft] = useState("");
  const save = async (tags: string[]) => {
    try {
      await patch.mutateAsync({ tags });
    } catch (e) {
      reportError(e, undefined, "Could not save the tags");
    }
  };
  return (
    <div className="grid grid-cols-1 gap-2">
      <ul className="flex flex-wrap gap-1" aria-label="Tags">
        {c.tags.length === 0 && <li className="text-sm text-muted-foreground">No tags</li>}
        {c.tags.map((t) => (
          <li key={t}>
            <Badge variant="secondary" className="gap-1">
              {t}
              {editable && (
                <button
                  type="button"
                  aria-label={`Remove tag ${t}`}
                  onClick={() => void save(c.tags.filter((x) => x !== t))}
                >
                  <X className="h-3 w-3" />
                </button>
              )}
            </Badge>
          </li>
        ))}
      </ul>
      {editable && (
        <Input
          aria-label="Add a tag"
          placeholder="Add a tag and press Enter"
          className="h-8"
          value={draft}
          maxLength={64}
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={(e) => {
            if (e.key !== "Enter") return;
            e.preventDefault();
            const t = draft.trim().toLowerCase();
            if (!t) return;
            setDraft("");
            if (!c.tags.includes(t)) void save([...c.tags, t]);
          }}
        />
      )}
    </div>
  );
}

function AssignControl({ c }: { c: Conversation }) {
  const members = useMembers();
  const assign = useAssign(c.id);
  const me = useAuth((s) => s.user?.id);
  const [to, setTo] = useState("");
  const transfer = c.assignee_type === "user";
  const candidates = (members.data ?? []).filter(
    (m) => m.role !== "viewer" && m.user.id !== c.assignee_user_id,
  );
  return (
    <div className="flex gap-2">
      <Select
        aria-label={transfer ? "Transfer to" : "Assign to"}
        className="h-8 min-w-0 flex-1"
        value={to}
        onChange={(e) => setTo(e.target.value)}
      >
        <option value="">{transfer ? "Transfer to…" : "Assign to…"}</option>
        {candidates.map((m) => (
          <option key={m.user.id} value={m.user.id}>
            {m.user.id === me ? `${m.user.name} (you)` : m.user.name}
          </option>
        ))}
      </Select>
      <Button
        size="sm"
        variant="outline"
        disabled={!to}
        loading={assign.isPending}
        onClick={async () => {
          try {
            await assign.mutateAsync({ userId: to, transfer });
            setTo("");
            toast.success(transfer ? "Conversation transferred" : "Conversation assigned");
          } catch (e) {
            reportError(e, undefined, transfer ? "Could not transfer" : "Could not assign");
          }
        }}
      >
        {transfer ? "Transfer" : "Assign"}
      </Button>
    </div>
  );
}

function Actions({ c }: { c: Conversation }) {
  const action = useInboxAction(c.id);
  const patch = usePatchConversation(c.id);
  const me = useAuth((s) => s.user?.id);
  const [busy, setBusy] = useState<string | null>(null);
  const run = async (a: SimpleAction, done: string) => {
    setBusy(a);
    try {
      await action.mutateAsync(a);
      toast.success(done);
    } catch (e) {
      reportError(e, undefined, "The action failed");
    } finally {
      setBusy(null);
    }
  };
  const ended = c.status === "resolved" || c.status === "closed";
  const mine = c.assignee_type === "user" && c.assignee_user_id === me;
  return (
    <div className="grid grid-cols-1 gap-2">
      {!mine && !ended && (
        <Button size="sm" loading={busy === "claim"} onClick={() => run("claim", "Claimed")}>
          <Hand className="h-3.5 w-3.5" /> Claim
        </Button>
      )}
      {c.assignee_type === "user" && !ended && (
        <Button
          size="sm"
          variant="outline"
          loading={busy === "unassign"}
          onClick={() => run("unassign", "Back in the queue")}
        >
          <UserMinus className="h-3.5 w-3.5" /> Unassign
        </Button>
      )}
      {c.assignee_type !== "ai" && !ended && (
        <Button
          size="sm"
          variant="outline"
          loading={busy === "release"}
          onClick={() => run("release", "Released to the AI agent")}
        >
          <Bot className="h-3.5 w-3.5" /> Release to AI
        </Button>
      )}
      {!ended ? (
        <Button
          size="sm"
          variant="outline"
          className="text-success"
          loading={busy === "resolve"}
          onClick={() => run("resolve", "Conversation resolved")}
        >
          <CheckCircle2 className="h-3.5 w-3.5" /> Resolve
        </Button>
      ) : (
        c.status === "resolved" && (
          <Button
            size="sm"
            variant="outline"
            loading={patch.isPending}
            onClick={() =>
              patch
                .mutateAsync({ status: "open" })
                .then(() => toast.success("Conversation reopened"))
                .catch((e) => reportError(e, undefined, "Could not reopen"))
            }
          >
            <RotateCcw className="h-3.5 w-3.5" /> Reopen
          </Button>
        )
      )}
    </div>
  );
}

function TeamPresence() {
  const members = useMembers();
  const online = useRealtime((s) => s.online);
  const list = (members.data ?? []).filter((m) => m.role !== "viewer");
  return (
    <ul className="grid grid-cols-1 gap-1" aria-label="Team presence">
      {list.map((m) => (
        <li key={m.user.id} className="flex items-center gap-2 text-sm">
          <OnlineDot online={Boolean(online[`user:${m.user.id}`])} label={m.user.name} />
          <span className="truncate">{m.user.name}</span>
        </li>
      ))}
    </ul>
  );
}

export function SidePanel({ id, className }: { id: string; className?: string }) {
  const conv = useConversation(id);
  const canEdit = useCanEdit();
  const patch = usePatchConversation(id);
  const c = conv.data;
  return (
    <aside
      aria-label="Conversation details"
      className={cn("min-h-0 overflow-y-auto border-l bg-card/40 p-4", className)}
    >
      {!c ? (
        <div className="grid grid-cols-1 gap-3" role="status" aria-label="Loading details">
          <Skeleton className="h-10 w-full" />
          <Skeleton className="h-24 w-full" />
        </div>
      ) : (
        <dl className="grid grid-cols-1 gap-5">
          <Row label="Contact">
            <ContactCard c={c} />
          </Row>
          <Row label="Status">
            {canEdit ? (
              <div className="flex items-center gap-2">
                <StatusBadge status={c.status} />
                <Select
                  aria-label="Change status"
                  className="h-8 min-w-0 flex-1"
                  value={c.status}
                  disabled={patch.isPending}
                  onChange={(e) =>
                    patch
                      .mutateAsync({ status: e.target.value as ConversationStatus })
                      .catch((err) => reportError(err, undefined, "Could not change the status"))
                  }
                >
                  {STATUSES.map((s) => (
                    <option key={s} value={s}>
                      {STATUS_LABEL[s]}
                    </option>
                  ))}
                </Select>
              </div>
            ) : (
              <StatusBadge status={c.status} />
            )}
          </Row>
          <Row label="Assignee">
            <div className="grid grid-cols-1 gap-2">
              <span data-testid="assignee">
                <AssigneeLabel c={c} />
              </span>
              {canEdit && c.status !== "closed" && <AssignControl c={c} />}
            </div>
          </Row>
          <Row label="Priority">
            {canEdit ? (
              <Select
                aria-label="Priority"
                className="h-8 w-full capitalize"
                value={c.priority}
                disabled={patch.isPending}
                onChange={(e) =>
                  patch
                    .mutateAsync({ priority: e.target.value as Priority })
                    .catch((err) => reportError(err, undefined, "Could not change the priority"))
                }
              >
                {PRIORITIES.map((p) => (
                  <option key={p} value={p}>
                    {p}
                  </option>
                ))}
              </Select>
            ) : (
              <span className="capitalize">{c.priority}</span>
            )}
          </Row>
          <Row label="Tags">
            <Tags c={c} editable={canEdit} />
          </Row>
          {canEdit && (
            <Row label="Actions">
              <Actions c={c} />
            </Row>
          )}
          <Row label="Details">
            <div className="grid grid-cols-1 gap-1 text-xs text-muted-foreground">
              <span>Started {formatDate(c.started_at)}</span>
              {c.ended_at && <span>Ended {formatDate(c.ended_at)}</span>}
              <span>
                {c.message_count} message{c.message_count === 1 ? "" : "s"}
              </span>
              {c.summary && <p className="mt-1 text-foreground">{c.summary}</p>}
              <Button
                variant="link"
                size="sm"
                className="h-auto justify-start px-0 text-xs"
                onClick={() =>
                  downloadTranscript(c.id).catch((e) =>
                    reportError(e, undefined, "Could not export the transcript"),
                  )
                }
              >
                <Download className="h-3.5 w-3.5" /> Export transcript
              </Button>
            </div>
          </Row>
          <TeamSection />
        </dl>
      )}
    </aside>
  );
}

function TeamSection() {
  return (
    <Row label="Team">
      <TeamPresence />
    </Row>
  );
}
