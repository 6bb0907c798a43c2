import { useQueryClient } from "@tanstack/react-query";
import {
  ArrowLeft,
  Bot,
  Lock,
  MessageSquare,
  Paperclip,
  PanelRight,
  Send,
  UserCheck,
  X,
} from "lucide-react";
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import { EmptyState } from "@/components/empty-state";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { toast } from "@/components/ui/toast";
import { useAuth } from "@/lib/auth-store";
import { contactName } from "@/lib/crm-types";
import { reportError } from "@/lib/forms";
import {
  discardLocal,
  sendOptimistic,
  uploadAttachment,
  useConversation,
  useConversationContact,
  useInboxAction,
  useMessages,
  type Outgoing,
} from "@/lib/inbox";
import {
  CHANNEL_LABEL,
  type Conversation,
  type StoredFile,
  type UiMessage,
} from "@/lib/inbox-types";
import { joinConversation, markRead, sendMessage, sendTyping } from "@/lib/realtime";
import { useRealtime } from "@/lib/realtime-store";
import { cn } from "@/lib/utils";
import { useCanEdit } from "../crm/shared";
import { MessageItem, StreamingMessage } from "./message";
import { AssigneeLabel, conversationTitle, StatusBadge, TypingIndicator, useWide } from "./shared";

const MAX_FILE = 10 * 1024 * 1024;

/** The customer's display name: the linked CRM contact, else "Visitor"/"Contact". */
export function useCustomerName(c: Conversation | undefined): string {
  const contact = useConversationContact(c?.contact_id ?? null);
  if (c?.contact_id && contact.data) return contactName(contact.data);
  return "";
}

function useSend(conversationId: string) {
  const qc = useQueryClient();
  return (out: Outgoing, cmid?: string) =>
    sendOptimistic(qc, conversationId, out, sendMessage, cmid).catch((e) => {
      reportError(e, undefined, out.type === "note" ? "Could not add the note" : "Could not send");
    });
}

function Composer({ c }: { c: Conversation }) {
  const [mode, setMode] = useState<"text" | "note">("text");
  const [text, setText] = useState("");
  const [files, setFiles] = useState<StoredFile[]>([]);
  const [uploading, setUploading] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const area = useRef<HTMLTextAreaElement>(null);
  const typing = useRef(false);
  const stopTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const send = useSend(c.id);

  const stopTyping = () => {
    clearTimeout(stopTimer.current);
    if (typing.current) sendTyping(c.id, false);
    typing.current = false;
  };
  useEffect(() => () => stopTyping(), [c.id]); // eslint-disable-line react-hooks/exhaustive-deps

  const onChange = (v: string) => {
    setText(v);
    // Typing indicators are for replies: a private note is never announced to the visitor.
    if (mode !== "text") return;
    if (!v.trim()) return stopTyping();
    if (!typing.current) {
      typing.current = true;
      sendTyping(c.id, true);
    }
    clearTimeout(stopTimer.current);
    stopTimer.current = setTimeout(stopTyping, 3_000);
  };

  const submit = () => {
    const content = text.trim();
    if ((!content && !files.length) || uploading) return;
    stopTyping();
    void send({ content, type: mode, attachments: files });
    setText("");
    setFiles([]);
    area.current?.focus();
  };

  const pick = async (list: FileList | null) => {
    if (!list?.length) return;
    setUploading(true);
    try {
      for (const f of Array.from(list)) {
        if (f.size > MAX_FILE) {
          toast.error("File too large", `${f.name} is over 10 MB.`);
          continue;
        }
        const stored = await uploadAttachment(c.id, f);
        setFiles((prev) => [...prev, stored].slice(0, 10));
      }
    } catch (e) {
      reportError(e, undefined, "Could not upload the file");
    } finally {
      setUploading(false);
      if (fileInput.current) fileInput.current.value = "";
    }
  };

  const note = mode === "note";
  return (
    <form
      className={cn(
        "mx-3 mb-3 rounded-xl border bg-card shadow-xs",
        note && "border-dashed border-warning/60 bg-warning/5",
      )}
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
      aria-label="Composer"
    >
      <div className="flex gap-1 border-b px-2 pt-1.5" role="tablist" aria-label="Message kind">
        {(
          [
            ["text", "Reply"],
            ["note", "Private note"],
          ] as const
        ).map(([m, label]) => (
          <button
            key={m}
            type="button"
            role="tab"
            aria-selected={mode === m}
            onClick={() => {
              if (m !== "text") stopTyping();
              setMode(m);
              area.current?.focus();
            }}
            className={cn(
              "-mb-px flex items-center gap-1 border-b-2 border-transparent px-2 pb-1.5 text-xs font-medium text-muted-foreground hover:text-foreground",
              mode === m && "border-primary text-foreground",
              mode === m && m === "note" && "border-warning",
            )}
          >
            {m === "note" && <Lock className="h-3 w-3" aria-hidden />}
            {label}
          </button>
        ))}
      </div>
      <textarea
        ref={area}
        aria-label={note ? "Private note" : "Reply"}
        className="block max-h-48 min-h-16 w-full resize-none bg-transparent px-3 py-2 text-sm outline-none focus-visible:outline-none"
        placeholder={
          note
            ? "Write a private note: only your team sees it…"
            : "Write a reply… Enter to send, Shift+Enter for a new line"
        }
        value={text}
        onChange={(e) => onChange(e.target.value)}
        onBlur={stopTyping}
        onKeyDown={(e) => {
          if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
            e.preventDefault();
            submit();
          }
        }}
      />
      {files.length > 0 && (
        <ul className="flex flex-wrap gap-1.5 px-3 pb-2" aria-label="Attachments">
          {files.map((f) => (
            <li
              key={f.file_id}
              className="flex items-center gap-1 rounded-md border bg-muted px-2 py-0.5 text-xs"
            >
              <Paperclip className="h-3 w-3" aria-hidden />
              <span className="max-w-40 truncate">{f.name}</span>
              <button
                type="button"
                aria-label={`Remove ${f.name}`}
                onClick={() => setFiles((prev) => prev.filter((x) => x.file_id !== f.file_id))}
              >
                <X className="h-3 w-3" />
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="flex items-center justify-between gap-2 px-2 pb-2">
        <div>
          <input
            ref={fileInput}
            type="file"
            multiple
            className="hidden"
            aria-label="Attach files"
            onChange={(e) => void pick(e.target.files)}
          />
          <Button
            type="button"
            variant="ghost"
            size="icon"
            aria-label="Attach a file"
            loading={uploading}
            onClick={() => fileInput.current?.click()}
          >
            {!uploading && <Paperclip className="h-4 w-4" />}
          </Button>
        </div>
        <Button
          type="submit"
          size="sm"
          variant={note ? "outline" : "default"}
          disabled={(!text.trim() && !files.length) || uploading}
        >
          {note ? <Lock className="h-3.5 w-3.5" /> : <Send className="h-3.5 w-3.5" />}
          {note ? "Add note" : "Send"}
        </Button>
      </div>
    </form>
  );
}

function Banner({ c }: { c: Conversation }) {
  const canEdit = useCanEdit();
  const action = useInboxAction(c.id);
  const me = useAuth((s) => s.user?.id);
  if (c.status === "resolved" || c.status === "closed") {
    return (
      <div className="mx-3 mb-2 rounded-md bg-muted px-3 py-2 text-xs text-muted-foreground">
        This conversation is {c.status}. A new message from the customer reopens it.
      </div>
    );
  }
  if (c.assignee_type === "user" && c.assignee_user_id === me) return null;
  const text =
    c.assignee_type === "ai"
      ? "The AI agent is answering this conversation. Claim it to take over: the AI stops replying."
      : c.assignee_type === "none"
        ? "Waiting for a human: claim it to reply as the assignee."
        : "Another team member handles this conversation.";
  return (
    <div
      className={cn(
        "mx-3 mb-2 flex items-center gap-2 rounded-md px-3 py-2 text-xs",
        c.assignee_type === "none" ? "bg-warning/15" : "bg-primary/10",
      )}
    >
      {c.assignee_type === "ai" ? (
        <Bot className="h-4 w-4 shrink-0" aria-hidden />
      ) : (
        <UserCheck className="h-4 w-4 shrink-0" aria-hidden />
      )}
      <span className="flex-1">{text}</span>
      {canEdit && c.assignee_type !== "user" && (
        <Button
          size="sm"
          loading={action.isPending}
          onClick={() =>
            action.mutateAsync("claim").catch((e) => reportError(e, undefined, "Could not claim"))
          }
        >
          Claim
        </Button>
      )}
    </div>
  );
}

export function ConversationPane({
  id,
  onBack,
  onToggleDetails,
}: {
  id: string;
  onBack: () => void;
  onToggleDetails: () => void;
}) {
  const qc = useQueryClient();
  const conv = useConversation(id);
  const messages = useMessages(id);
  const canEdit = useCanEdit();
  const me = useAuth((s) => s.user?.id);
  const customerName = useCustomerName(conv.data);
  const allStreams = useRealtime((s) => s.streams);
  const streams = useMemo(
    () => Object.entries(allStreams).filter(([, v]) => v.conversation_id === id),
    [allStreams, id],
  );
  const send = useSend(id);
  // On small screens the list (and its "Inbox" heading) is hidden: the title is the page's h1.
  const Heading = useWide() ? "h2" : "h1";
  const scroller = useRef<HTMLDivElement>(null);
  const nearBottom = useRef(true);
  const lastRead = useRef<string | null>(null);

  useEffect(() => joinConversation(id), [id]);

  const list = messages.data;
  const last = list?.[list.length - 1];
  const streamText = streams.map(([, v]) => v.text).join("");
  // Stay at the bottom when new messages or stream text arrive (unless scrolled up to read).
  useLayoutEffect(() => {
    const el = scroller.current;
    if (el && (nearBottom.current || (last?.sender_type === "user" && last.sender_id === me)))
      el.scrollTop = el.scrollHeight;
  }, [list?.length, last, streamText, me]);
  useEffect(() => {
    nearBottom.current = true;
  }, [id]);

  // Mark what is shown as read (once per newest message, only while the tab is visible).
  const unread = conv.data?.unread_count ?? 0;
  useEffect(() => {
    const stored = list?.filter((m) => !m.pending);
    const newest = stored?.[stored.length - 1];
    if (!newest || lastRead.current === newest.id) return;
    const mine = newest.sender_type === "user" && newest.sender_id === me;
    if (mine && unread === 0) return;
    const go = () => {
      if (document.visibilityState !== "visible") return;
      lastRead.current = newest.id;
      markRead(id, newest.id).catch(() => {
        lastRead.current = null;
      });
    };
    go();
    document.addEventListener("visibilitychange", go);
    return () => document.removeEventListener("visibilitychange", go);
  }, [list, id, me, unread]);

  // "Seen": the customer's read cursor reached our newest message.
  const customerSeq = Math.max(
    0,
    ...(conv.data?.reads ?? [])
      .filter((r) => r.reader_type === "visitor" || r.reader_type === "contact")
      .map((r) => r.last_read_seq),
  );
  const lastOurs = [...(list ?? [])]
    .reverse()
    .find(
      (m) =>
        !m.pending &&
        !m.private &&
        !m.deleted_at &&
        (m.sender_type === "user" || m.sender_type === "agent"),
    );

  if (conv.isError) {
    return (
      <div className="flex flex-1 items-center justify-center p-6">
        <EmptyState icon={MessageSquare} title="This conversation cannot be opened">
          {conv.error.message}
        </EmptyState>
      </div>
    );
  }
  const c = conv.data;
  const retry = (m: UiMessage) =>
    void send(
      {
        content: m.content,
        type: m.type === "note" ? "note" : "text",
        attachments: m.attachments.map((a) => ({
          ...a,
          conversation_id: id,
          created_at: m.created_at,
        })),
      },
      m.client_message_id ?? undefined,
    );

  return (
    <section aria-label="Conversation" className="flex min-h-0 min-w-0 flex-1 flex-col">
      <header className="flex items-center gap-2 border-b px-4 py-3">
        <Button
          variant="ghost"
          size="icon"
          className="md:hidden"
          aria-label="Back to the list"
          onClick={onBack}
        >
          <ArrowLeft className="h-4 w-4" />
        </Button>
        {c ? (
          <div className="min-w-0 flex-1">
            <Heading className="truncate font-semibold" data-testid="conversation-title">
              {customerName || conversationTitle(c)}
            </Heading>
            <div className="flex flex-wrap items-center gap-2 text-xs text-muted-foreground">
              <StatusBadge status={c.status} />
              <span>{CHANNEL_LABEL[c.channel] ?? c.channel}</span>
              <span>·</span>
              <AssigneeLabel c={c} />
            </div>
          </div>
        ) : (
          <Skeleton className="h-8 w-48" />
        )}
        <Button
          variant="ghost"
          size="icon"
          className="xl:hidden"
          aria-label="Conversation details"
          onClick={onToggleDetails}
        >
          <PanelRight className="h-4 w-4" />
        </Button>
      </header>
      <div
        ref={scroller}
        className="min-h-0 flex-1 overflow-y-auto px-4 py-4"
        onScroll={(e) => {
          const el = e.currentTarget;
          nearBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 80;
        }}
      >
        {messages.isPending ? (
          <div className="grid gap-3" role="status" aria-label="Loading messages">
            <Skeleton className="h-12 w-2/3" />
            <Skeleton className="ml-auto h-12 w-1/2" />
            <Skeleton className="h-12 w-1/2" />
          </div>
        ) : messages.isError && !list ? (
          <p role="alert" className="text-sm text-destructive">
            {messages.error.message}
          </p>
        ) : list && list.length === 0 && streams.length === 0 ? (
          <p className="text-center text-sm text-muted-foreground">No messages yet.</p>
        ) : (
          <ol className="grid gap-3" aria-label="Messages" aria-live="polite">
            {list?.map((m) => (
              <MessageItem
                key={m.id}
                m={m}
                customerName={customerName}
                closed={c?.status === "closed"}
                seen={m === lastOurs && customerSeq >= m.seq}
                onRetry={m.pending === "failed" ? () => retry(m) : undefined}
                onDiscard={
                  m.pending === "failed" && m.client_message_id
                    ? () => discardLocal(qc, id, m.client_message_id!)
                    : undefined
                }
              />
            ))}
            {streams.map(([mid, s]) => (
              <StreamingMessage key={mid} text={s.text} />
            ))}
          </ol>
        )}
      </div>
      <TypingIndicator conversationId={id} />
      {c && <Banner c={c} />}
      {c && canEdit && c.status !== "closed" && <Composer c={c} />}
    </section>
  );
}
