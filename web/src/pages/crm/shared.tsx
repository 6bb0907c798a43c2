import { CalendarClock, MessageSquare } from "lucide-react";
import { useEffect, useState, type ReactNode } from "react";
import { Link } from "react-router-dom";
import { EmptyState } from "@/components/empty-state";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/input";
import { TableSkeleton } from "@/components/ui/skeleton";
import { toast } from "@/components/ui/toast";
import { useAuth } from "@/lib/auth-store";
import { useAddNote, useActivities, useCrmList, useUpdateTask } from "@/lib/crm";
import type { Activity, Deal, Task } from "@/lib/crm-types";
import { formatMoney, LIFECYCLES } from "@/lib/crm-types";
import { reportError } from "@/lib/forms";
import { useMembers } from "@/lib/queries";
import { hasRole } from "@/lib/types";
import { cn, formatDate } from "@/lib/utils";

export function useCanEdit() {
  return hasRole(
    useAuth((s) => s.role),
    "member",
  );
}

/** "a, b,,c " -> ["a", "b", "c"]: how tag inputs are read. */
export function parseTags(v: string) {
  return v
    .split(",")
    .map((t) => t.trim())
    .filter(Boolean);
}

export function useDebounced<T>(value: T, ms = 250): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

export function MemberName({ id }: { id: string | null }) {
  const members = useMembers();
  if (!id) return <span className="text-muted-foreground">Unassigned</span>;
  const m = members.data?.find((x) => x.user.id === id);
  return <>{m?.user.name ?? "—"}</>;
}

export function MemberSelect({
  value,
  onChange,
  label,
  allowNone = true,
  noneLabel = "Unassigned",
  className,
}: {
  value: string | null;
  onChange: (v: string | null) => void;
  label: string;
  allowNone?: boolean;
  noneLabel?: string;
  className?: string;
}) {
  return (
    <Select
      aria-label={label}
      className={className}
      value={value ?? ""}
      onChange={(e) => onChange(e.target.value || null)}
    >
      <MemberOptions none={allowNone ? noneLabel : undefined} />
    </Select>
  );
}

export function LifecycleOptions() {
  return LIFECYCLES.map((l) => (
    <option key={l} value={l}>
      {l}
    </option>
  ));
}

/** `<option>`s for the team's members, after a "" option labelled `none` when given. */
export function MemberOptions({ none }: { none?: string }) {
  const members = useMembers();
  return (
    <>
      {none !== undefined && <option value="">{none}</option>}
      {members.data?.map((m) => (
        <option key={m.user.id} value={m.user.id}>
          {m.user.name}
        </option>
      ))}
    </>
  );
}

/** One label/value pair of a record's details list (`<dl>`). */
export function DetailItem({
  label,
  className,
  children,
}: {
  label: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <div className="grid gap-1">
      <dt className="text-xs font-medium text-muted-foreground">{label}</dt>
      <dd className={className}>{children}</dd>
    </div>
  );
}

/** A value that turns into an input on click (members and above); saves on Enter or blur. */
export function InlineField({
  label,
  value,
  onSave,
  editable,
  type = "text",
  display,
}: {
  label: string;
  value: string;
  onSave: (v: string) => Promise<unknown>;
  editable: boolean;
  type?: string;
  display?: ReactNode;
}) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(value);
  const [error, setError] = useState<string | null>(null);
  const save = async () => {
    if (draft === value) return setEditing(false);
    try {
      await onSave(draft);
      setError(null);
      setEditing(false);
    } catch (e) {
      setError(reportError(e, undefined, `Could not save ${label.toLowerCase()}`));
    }
  };
  return (
    <DetailItem label={label}>
      {editing ? (
        <>
          <Input
            aria-label={label}
            type={type}
            autoFocus
            value={draft}
            aria-invalid={error ? true : undefined}
            onChange={(e) => setDraft(e.target.value)}
            onBlur={save}
            onKeyDown={(e) => {
              if (e.key === "Enter") void save();
              if (e.key === "Escape") {
                setDraft(value);
                setEditing(false);
              }
            }}
          />
          {error && (
            <p className="mt-1 text-xs text-destructive" role="alert">
              {error}
            </p>
          )}
        </>
      ) : editable ? (
        <button
          type="button"
          className="-mx-1 w-full cursor-text rounded px-1 py-0.5 text-left text-sm hover:bg-accent"
          aria-label={`Edit ${label.toLowerCase()}`}
          onClick={() => {
            setDraft(value);
            setEditing(true);
          }}
        >
          {display ?? (value || <span className="text-muted-foreground">Add…</span>)}
        </button>
      ) : (
        <span className="text-sm">{display ?? (value || "—")}</span>
      )}
    </DetailItem>
  );
}

const kindLabel: Record<Activity["kind"], string> = {
  note: "Note",
  call: "Call",
  email: "Email",
  stage_change: "Stage change",
};

/** Renders a note: paragraphs, **bold** and `code`; everything else as plain text. */
function NoteBody({ text }: { text: string }) {
  return (
    <div className="space-y-1 text-sm break-words whitespace-pre-wrap">
      {text.split(/\n{2,}/).map((para, i) => (
        <p key={i}>
          {para.split(/(\*\*[^*]+\*\*|`[^`]+`)/).map((part, j) =>
            part.startsWith("**") && part.endsWith("**") && part.length > 4 ? (
              <strong key={j}>{part.slice(2, -2)}</strong>
            ) : part.startsWith("`") && part.endsWith("`") && part.length > 2 ? (
              <code key={j} className="rounded bg-muted px-1">
                {part.slice(1, -1)}
              </code>
            ) : (
              part
            ),
          )}
        </p>
      ))}
    </div>
  );
}

export function Timeline({
  kind,
  id,
  canNote,
}: {
  kind: "contacts" | "companies" | "deals";
  id: string;
  canNote: boolean;
}) {
  const activities = useActivities(kind, id);
  const addNote = useAddNote(kind, id);
  const [body, setBody] = useState("");
  const [noteKind, setNoteKind] = useState("note");
  return (
    <div className="grid gap-4">
      {canNote && kind === "contacts" && (
        <form
          className="grid gap-2"
          onSubmit={async (e) => {
            e.preventDefault();
            if (!body.trim()) return;
            try {
              await addNote.mutateAsync({ body, kind: noteKind });
              setBody("");
              toast.success("Added to the timeline");
            } catch (err) {
              reportError(err, undefined, "Could not add the note");
            }
          }}
        >
          <label htmlFor="note-body" className="text-sm font-medium">
            Add a note
          </label>
          <textarea
            id="note-body"
            className="min-h-20 rounded-md border bg-card px-3 py-2 text-sm"
            placeholder="Write a note… **bold** and `code` work."
            value={body}
            onChange={(e) => setBody(e.target.value)}
          />
          <div className="flex items-center justify-end gap-2">
            <Select
              aria-label="Type"
              value={noteKind}
              onChange={(e) => setNoteKind(e.target.value)}
            >
              <option value="note">Note</option>
              <option value="call">Logged call</option>
              <option value="email">Logged email</option>
            </Select>
            <Button type="submit" loading={addNote.isPending} disabled={!body.trim()}>
              Add note
            </Button>
          </div>
        </form>
      )}
      {activities.isPending ? (
        <TableSkeleton rows={3} />
      ) : activities.isError ? (
        <p role="alert" className="text-sm text-destructive">
          {activities.error.message}
        </p>
      ) : activities.data.data.length === 0 ? (
        <EmptyState icon={MessageSquare} title="Nothing on the timeline yet">
          Notes, calls, emails and stage changes appear here.
        </EmptyState>
      ) : (
        <ol className="grid gap-3" aria-label="Timeline">
          {activities.data.data.map((a) => (
            <li key={a.id} className="rounded-lg border p-3" data-testid="activity">
              <div className="mb-1 flex items-center gap-2 text-xs text-muted-foreground">
                <Badge variant={a.kind === "stage_change" ? "warning" : "secondary"}>
                  {kindLabel[a.kind] ?? a.kind}
                </Badge>
                <time dateTime={a.occurred_at}>{formatDate(a.occurred_at)}</time>
                {a.created_by && (
                  <span>
                    · <MemberName id={a.created_by} />
                  </span>
                )}
              </div>
              <NoteBody text={a.body} />
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

export function DealStatusBadge({ status }: { status: Deal["status"] }) {
  return (
    <Badge variant={status === "won" ? "success" : status === "lost" ? "destructive" : "default"}>
      {status}
    </Badge>
  );
}

export function DealList({ deals }: { deals: Deal[] }) {
  if (!deals.length) return <p className="text-sm text-muted-foreground">No deals.</p>;
  return (
    <ul className="grid gap-2">
      {deals.map((d) => (
        <li key={d.id} className="flex items-center justify-between gap-2 text-sm">
          <Link className="font-medium hover:underline" to={`/deals/${d.id}`}>
            {d.title}
          </Link>
          <span className="flex items-center gap-2">
            <span className="text-muted-foreground">{formatMoney(d.value, d.currency)}</span>
            <DealStatusBadge status={d.status} />
          </span>
        </li>
      ))}
    </ul>
  );
}

export function isOverdue(t: Task) {
  return !t.done && t.due_at !== null && new Date(t.due_at).getTime() < Date.now();
}

export function TaskRow({ task, canEdit }: { task: Task; canEdit: boolean }) {
  const update = useUpdateTask();
  return (
    <li className="flex items-center gap-3 py-2" data-testid="task-row">
      <input
        type="checkbox"
        className="h-4 w-4 accent-[var(--color-primary)]"
        checked={task.done}
        disabled={!canEdit || update.isPending}
        aria-label={`Mark "${task.title}" ${task.done ? "not done" : "done"}`}
        onChange={async (e) => {
          try {
            await update.mutateAsync({ id: task.id, done: e.target.checked });
          } catch (err) {
            reportError(err, undefined, "Could not update the task");
          }
        }}
      />
      <span className={cn("flex-1 text-sm", task.done && "text-muted-foreground line-through")}>
        {task.title}
      </span>
      {task.due_at && (
        <span
          className={cn(
            "flex items-center gap-1 text-xs",
            isOverdue(task) ? "text-destructive" : "text-muted-foreground",
          )}
        >
          <CalendarClock className="h-3.5 w-3.5" aria-hidden />
          {formatDate(task.due_at)}
        </span>
      )}
    </li>
  );
}

export function RelatedTasks({ filter, canEdit }: { filter: string; canEdit: boolean }) {
  const tasks = useCrmList<Task>(["tasks"], `/tasks?${filter}&limit=100`);
  if (tasks.isPending) return <TableSkeleton rows={2} />;
  if (tasks.isError) return <p className="text-sm text-destructive">{tasks.error.message}</p>;
  if (!tasks.data.data.length) return <p className="text-sm text-muted-foreground">No tasks.</p>;
  return (
    <ul className="divide-y">
      {tasks.data.data.map((t) => (
        <TaskRow key={t.id} task={t} canEdit={canEdit} />
      ))}
    </ul>
  );
}

export function NotFoundCard({ what }: { what: string }) {
  return (
    <EmptyState icon={MessageSquare} title={`This ${what} does not exist`}>
      It may have been deleted or merged into another record.
    </EmptyState>
  );
}
