import {
  AlertCircle,
  Bot,
  Check,
  CheckCheck,
  FileText,
  Lock,
  Paperclip,
  RotateCw,
  UserRound,
} from "lucide-react";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState, type ReactNode } from "react";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { Button } from "@/components/ui/button";
import { toast } from "@/components/ui/toast";
import { attachmentUrl, deleteMessage, editMessage } from "@/lib/inbox";
import type { AiInfo, AiSource, Attachment, UiMessage } from "@/lib/inbox-types";
import { cn, initials } from "@/lib/utils";
import {
  changeErrorText,
  DeletedBubble,
  isRetriable,
  MessageActions,
  MessageEditor,
  useMessagePermissions,
} from "./message-actions";
import { useMemberName } from "./shared";

const URL_RE = /(https?:\/\/[^\s<>()]+[^\s<>().,;:!?'"])/;

function inline(text: string, key: string): ReactNode[] {
  return text.split(/(\*\*[^*]+\*\*|`[^`]+`)/).flatMap((part, j): ReactNode[] => {
    const k = `${key}-${j}`;
    if (part.startsWith("**") && part.endsWith("**") && part.length > 4)
      return [<strong key={k}>{part.slice(2, -2)}</strong>];
    if (part.startsWith("`") && part.endsWith("`") && part.length > 2)
      return [
        <code key={k} className="rounded bg-black/5 px-1 dark:bg-white/10">
          {part.slice(1, -1)}
        </code>,
      ];
    return part.split(URL_RE).map((p, i) =>
      i % 2 === 1 ? (
        <a
          key={`${k}-${i}`}
          href={p}
          target="_blank"
          rel="noopener noreferrer"
          className="underline"
        >
          {p}
        </a>
      ) : (
        p
      ),
    );
  });
}

/** Message text: paragraphs, line breaks, **bold**, `code` and links; never raw HTML. */
export function MessageText({ text }: { text: string }) {
  return (
    <div className="space-y-2 break-words whitespace-pre-wrap">
      {text.split(/\n{2,}/).map((para, i) => (
        <p key={i}>{inline(para, String(i))}</p>
      ))}
    </div>
  );
}

function formatSize(n: number) {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(0)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

function AttachmentView({ conversationId, a }: { conversationId: string; a: Attachment }) {
  const image = a.content_type.startsWith("image/");
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    if (!image || conversationId.startsWith("local:")) return;
    let url: string | null = null;
    let live = true;
    attachmentUrl(conversationId, a.file_id)
      .then((u) => {
        url = u;
        if (live) setSrc(u);
        else URL.revokeObjectURL(u);
      })
      .catch(() => undefined);
    return () => {
      live = false;
      if (url) URL.revokeObjectURL(url);
    };
  }, [image, conversationId, a.file_id]);
  const download = async () => {
    try {
      const url = await attachmentUrl(conversationId, a.file_id);
      const link = document.createElement("a");
      link.href = url;
      link.download = a.name;
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) {
      toast.error("Could not download the file", (e as Error).message);
    }
  };
  return (
    <button
      type="button"
      onClick={download}
      className="flex max-w-64 items-center gap-2 rounded-md border bg-card/80 p-2 text-left text-xs text-foreground hover:bg-accent"
      aria-label={`Download ${a.name}`}
    >
      {src ? (
        <img src={src} alt={a.name} className="h-16 w-16 rounded object-cover" />
      ) : (
        <FileText className="h-5 w-5 shrink-0 text-muted-foreground" aria-hidden />
      )}
      <span className="min-w-0">
        <span className="block truncate font-medium">{a.name}</span>
        <span className="text-muted-foreground">{formatSize(a.size)}</span>
      </span>
    </button>
  );
}

function tokenText(t: AiInfo["tokens"]): string | null {
  if (typeof t === "number") return `${t} tokens`;
  if (t && typeof t === "object") {
    const total = t.total ?? (t.prompt ?? 0) + (t.completion ?? 0);
    return total ? `${total} tokens` : null;
  }
  return null;
}

function latencyText(l: AiInfo["latency_ms"]): string | null {
  if (typeof l === "number") return `${Math.round(l)} ms`;
  if (l && typeof l === "object") {
    const total = (l as Record<string, number>).total ?? (l as Record<string, number>).total_ms;
    if (typeof total === "number") return `${Math.round(total)} ms`;
  }
  return null;
}

function sourceLabel(s: AiSource, i: number): string {
  return String(s.title ?? s.name ?? s.url ?? s.document_id ?? `Source ${i + 1}`);
}

/** What an AI answer was made of: model, tokens, latency, cost and its sources. */
export function AiDetails({ ai }: { ai: AiInfo }) {
  const chips = [
    ai.model ? String(ai.model) : null,
    tokenText(ai.tokens),
    latencyText(ai.latency_ms),
    typeof (ai.cost_usd ?? ai.cost) === "number"
      ? `$${Number(ai.cost_usd ?? ai.cost).toFixed(4)}`
      : null,
  ].filter(Boolean) as string[];
  const sources = Array.isArray(ai.sources) ? ai.sources : [];
  return (
    <div className="mt-1 grid gap-1 text-[11px] text-muted-foreground" data-testid="ai-info">
      {chips.length > 0 && (
        <div className="flex flex-wrap gap-1">
          {chips.map((c) => (
            <span key={c} className="rounded bg-muted px-1.5 py-0.5">
              {c}
            </span>
          ))}
        </div>
      )}
      {sources.length > 0 && (
        <ol className="grid gap-0.5" aria-label="Sources">
          {sources.slice(0, 8).map((s, i) => (
            <li key={i} className="truncate">
              [{i + 1}]{" "}
              {typeof s.url === "string" && /^https?:\/\//.test(s.url) ? (
                <a href={s.url} target="_blank" rel="noopener noreferrer" className="underline">
                  {sourceLabel(s, i)}
                </a>
              ) : (
                sourceLabel(s, i)
              )}
              {typeof s.score === "number" && ` · ${s.score.toFixed(2)}`}
            </li>
          ))}
        </ol>
      )}
      <details>
        <summary className="cursor-pointer select-none">AI details</summary>
        <pre className="mt-1 max-h-48 overflow-auto rounded bg-muted p-2 text-[10px]">
          {JSON.stringify(ai, null, 2)}
        </pre>
      </details>
    </div>
  );
}

function Avatar({ kind, name }: { kind: "agent" | "user" | "customer"; name: string }) {
  return (
    <span
      aria-hidden
      className={cn(
        "flex h-8 w-8 shrink-0 items-center justify-center rounded-full text-xs font-semibold",
        kind === "agent" && "bg-primary/15 text-primary",
        kind === "user" && "bg-success/15 text-success",
        kind === "customer" && "bg-muted text-muted-foreground",
      )}
    >
      {kind === "agent" ? (
        <Bot className="h-4 w-4" />
      ) : kind === "customer" && !name ? (
        <UserRound className="h-4 w-4" />
      ) : (
        initials(name)
      )}
    </span>
  );
}

/** A message's content and attachments, coloured by who sent it. */
function Bubble({
  m,
  kind,
  note,
}: {
  m: UiMessage;
  kind: "agent" | "user" | "customer";
  note: boolean;
}) {
  return (
    <div
      className={cn(
        "min-w-0 rounded-2xl px-3 py-2 text-sm",
        kind === "customer" && "rounded-tl-sm bg-muted",
        !note && kind === "user" && "rounded-tr-sm bg-primary text-primary-foreground",
        !note && kind === "agent" && "rounded-tr-sm border bg-card",
        note &&
          "rounded-tr-sm border border-dashed border-warning/60 bg-warning/10 text-foreground",
        m.pending && "opacity-70",
      )}
    >
      {m.content && <MessageText text={m.content} />}
      {m.attachments.length > 0 && (
        <div className={cn("flex flex-wrap gap-1.5", m.content && "mt-2")}>
          {m.attachments.map((a) =>
            m.pending ? (
              <span key={a.file_id} className="flex items-center gap-1 text-xs">
                <Paperclip className="h-3 w-3" aria-hidden /> {a.name}
              </span>
            ) : (
              <AttachmentView key={a.file_id} conversationId={m.conversation_id} a={a} />
            ),
          )}
        </div>
      )}
    </div>
  );
}

export function MessageItem({
  m,
  customerName,
  closed = false,
  onRetry,
  onDiscard,
  seen,
}: {
  m: UiMessage;
  customerName: string;
  /** The conversation is closed: its messages can no longer be edited. */
  closed?: boolean;
  onRetry?: () => void;
  onDiscard?: () => void;
  seen?: boolean;
}) {
  const memberName = useMemberName();
  const qc = useQueryClient();
  const { canEdit, canDelete } = useMessagePermissions(m, closed);
  // The text being edited (null: not editing); autoFocus only when the user opened the editor.
  const [draft, setDraft] = useState<{ text: string; autoFocus: boolean } | null>(null);
  const [confirming, setConfirming] = useState(false);
  const item = useRef<HTMLLIElement>(null);
  const actions = useRef<HTMLButtonElement>(null);
  const refocus = useRef(false);
  const removing = useRef(false);
  const deleted = Boolean(m.deleted_at);
  // Editing ends when the message is deleted; if the conversation closes (or the role changes)
  // meanwhile, the editor stays with its text but can no longer save.
  const editing = draft !== null && !deleted;

  // Back to the actions button after saving or cancelling from the editor.
  useEffect(() => {
    if (editing || !refocus.current) return;
    refocus.current = false;
    (actions.current ?? item.current)?.focus();
  }, [editing]);

  const time = new Date(m.created_at).toLocaleTimeString(undefined, {
    hour: "2-digit",
    minute: "2-digit",
  });
  if (m.sender_type === "system" && m.type !== "note") {
    return (
      <li className="flex justify-center" data-testid="message" data-sender="system">
        <span className="rounded-full bg-muted px-3 py-1 text-xs text-muted-foreground">
          {m.content} · {time}
        </span>
      </li>
    );
  }
  const note = m.private || m.type === "note";
  const customer = m.sender_type === "visitor" || m.sender_type === "contact";
  const kind = m.sender_type === "agent" ? "agent" : customer ? "customer" : "user";
  const name =
    m.sender_type === "agent"
      ? "AI agent"
      : customer
        ? customerName || (m.sender_type === "visitor" ? "Visitor" : "Contact")
        : m.sender_type === "system"
          ? "System"
          : memberName(m.sender_id);

  const finishEditing = () => {
    refocus.current = item.current?.contains(document.activeElement) ?? false;
    setDraft(null);
  };
  const save = (content: string) => {
    finishEditing();
    if (content === m.content) return;
    editMessage(qc, m, content).catch((e: unknown) => {
      toast.error("Could not edit the message", changeErrorText(e, "edit"));
      // Keep the user's words when trying again may work.
      if (isRetriable(e)) setDraft({ text: content, autoFocus: false });
    });
  };
  const remove = () => {
    removing.current = true;
    deleteMessage(qc, m)
      .catch((e: unknown) =>
        toast.error("Could not delete the message", changeErrorText(e, "delete")),
      )
      .finally(() => {
        removing.current = false;
      });
  };

  return (
    <li
      ref={item}
      tabIndex={-1}
      className={cn("group/message flex gap-2 outline-none", !customer && "flex-row-reverse")}
      data-testid="message"
      data-message-id={m.id}
      data-sender={m.sender_type}
      data-private={note || undefined}
      data-pending={m.pending}
      data-deleted={deleted || undefined}
      data-editing={editing || undefined}
    >
      <Avatar
        kind={kind}
        name={customer ? customerName : kind === "user" ? memberName(m.sender_id, false) : name}
      />
      <div
        className={cn(
          "flex max-w-[75%] min-w-0 flex-col",
          !customer && "items-end",
          editing && "w-full max-w-2xl",
        )}
      >
        <div className="mb-0.5 flex items-center gap-1.5 text-xs text-muted-foreground">
          <span className="font-medium text-foreground">{name}</span>
          {note && (
            <span className="inline-flex items-center gap-0.5 font-medium text-warning">
              <Lock className="h-3 w-3" aria-hidden /> Private note
            </span>
          )}
          <time dateTime={m.created_at}>{time}</time>
          {m.edited_at && !deleted && (
            <span title={`Edited ${new Date(m.edited_at).toLocaleString()}`}>(edited)</span>
          )}
          {!customer && !note && !m.pending && !deleted && <Receipt m={m} />}
        </div>
        <div
          className={cn(
            "flex max-w-full min-w-0 items-start gap-1",
            !customer && "flex-row-reverse",
            editing && "w-full",
          )}
        >
          {deleted ? (
            <DeletedBubble m={m} customer={customer} />
          ) : editing ? (
            <MessageEditor
              m={m}
              initial={draft.text}
              autoFocus={draft.autoFocus}
              note={note}
              blocked={
                canEdit
                  ? null
                  : closed
                    ? "The conversation was closed: its messages can no longer be edited."
                    : "You can no longer edit this message."
              }
              onSave={save}
              onCancel={finishEditing}
            />
          ) : (
            <Bubble m={m} kind={kind} note={note} />
          )}
          {!editing && (canEdit || canDelete) && (
            <MessageActions
              ref={actions}
              canEdit={canEdit}
              canDelete={canDelete}
              onEdit={() => setDraft({ text: m.content, autoFocus: true })}
              onDelete={() => setConfirming(true)}
            />
          )}
        </div>
        {!deleted && m.sender_type === "agent" && m.ai && Object.keys(m.ai).length > 0 && (
          <AiDetails ai={m.ai} />
        )}
        {m.pending === "sending" && (
          <span className="mt-0.5 text-[11px] text-muted-foreground">Sending…</span>
        )}
        {m.pending === "failed" && (
          <span
            className="mt-0.5 flex items-center gap-1 text-[11px] text-destructive"
            role="alert"
          >
            <AlertCircle className="h-3 w-3" aria-hidden /> Not sent
            {onRetry && (
              <Button
                variant="link"
                size="sm"
                className="h-auto px-1 text-[11px]"
                onClick={onRetry}
              >
                <RotateCw className="h-3 w-3" /> Retry
              </Button>
            )}
            {onDiscard && (
              <Button
                variant="link"
                size="sm"
                className="h-auto px-1 text-[11px] text-muted-foreground"
                onClick={onDiscard}
              >
                Discard
              </Button>
            )}
          </span>
        )}
        {seen && !deleted && <span className="mt-0.5 text-[11px] text-muted-foreground">Seen</span>}
      </div>
      {(canDelete || confirming) && (
        <ConfirmDialog
          open={confirming}
          onOpenChange={setConfirming}
          title="Delete this message?"
          description="Everyone in the conversation will see that a message was deleted. This cannot be undone."
          confirmLabel="Delete"
          onConfirm={remove}
          onCloseAutoFocus={(e) => {
            // Back to the actions button, or to the message itself when it is being deleted.
            e.preventDefault();
            (removing.current || !actions.current?.isConnected ? item : actions).current?.focus();
          }}
        />
      )}
    </li>
  );
}

/** The customer's receipts of one of our messages: ✓ delivered, ✓✓ read. */
function Receipt({ m }: { m: UiMessage }) {
  if (m.read_at)
    return (
      <CheckCheck
        className="h-3.5 w-3.5 text-primary"
        aria-label="Read"
        data-testid="receipt-read"
      />
    );
  if (m.delivered_at)
    return <Check className="h-3.5 w-3.5" aria-label="Delivered" data-testid="receipt-delivered" />;
  return null;
}

/** An AI reply while it streams in (message:delta), until the stored message replaces it. */
export function StreamingMessage({ text }: { text: string }) {
  return (
    <li className="flex flex-row-reverse gap-2" data-testid="streaming-message">
      <Avatar kind="agent" name="AI agent" />
      <div className="flex max-w-[75%] min-w-0 flex-col items-end">
        <div className="mb-0.5 text-xs text-muted-foreground">
          <span className="font-medium text-foreground">AI agent</span> · writing…
        </div>
        <div className="rounded-2xl rounded-tr-sm border bg-card px-3 py-2 text-sm">
          <MessageText text={text} />
          <span className="ml-0.5 inline-block h-3 w-1.5 animate-pulse bg-foreground/60 align-middle" />
        </div>
      </div>
    </li>
  );
}
