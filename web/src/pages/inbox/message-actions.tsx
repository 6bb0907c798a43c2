import { Ban, MoreHorizontal, Paperclip, Pencil, Trash2 } from "lucide-react";
import { forwardRef, useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { ApiError } from "@/lib/api";
import { useAuth } from "@/lib/auth-store";
import type { UiMessage } from "@/lib/inbox-types";
import { hasRole } from "@/lib/types";
import { cn } from "@/lib/utils";

/** The server's limit on a message's content (conversation_service: kMaxContentBytes). */
const MAX_CONTENT_BYTES = 32_768;

/**
 * What the signed-in user may do with a stored message. Edit: the author (member+) on their
 * own messages and notes while the conversation is not closed. Delete: the author (member+),
 * and admins/owners on any message but the system's (events and notes: the conversation's
 * record), in any status. Viewers: nothing. The server checks the same.
 */
export function useMessagePermissions(m: UiMessage, closed: boolean) {
  const me = useAuth((s) => s.user?.id);
  const role = useAuth((s) => s.role);
  if (m.pending || m.deleted_at || !hasRole(role, "member")) {
    return { canEdit: false, canDelete: false };
  }
  const own = m.sender_type === "user" && Boolean(me) && m.sender_id === me;
  return {
    canEdit: own && !closed,
    canDelete: (own || hasRole(role, "admin")) && m.type !== "system" && m.sender_type !== "system",
  };
}

function sentence(s: string): string {
  const t = s.trim();
  if (!t) return t;
  return t[0].toUpperCase() + t.slice(1) + (/[.!?]$/.test(t) ? "" : ".");
}

/** Whether trying the same change again may work (the network, the server being busy). */
export function isRetriable(e: unknown): boolean {
  return !(e instanceof ApiError) || e.status === 0 || e.status === 429 || e.status >= 500;
}

/** A toast's description for a failed edit or delete: what happened and what to do next. */
export function changeErrorText(e: unknown, action: "edit" | "delete"): string {
  if (!(e instanceof ApiError) || e.status === 0)
    return "The server could not be reached. Check your connection and try again.";
  if (e.status === 403)
    return action === "edit"
      ? "Only the author can edit a message."
      : "Only the author or an admin can delete this message.";
  if (e.status === 404) return "The message is no longer there. Reload the conversation.";
  if (e.status === 422)
    return `${sentence(e.message)} Reload the conversation to see its current state.`;
  if (e.status === 400)
    return `${sentence(e.fields[0]?.message ?? e.message)} Change it and save again.`;
  if (e.status === 429) return "Too many changes at once. Wait a moment, then try again.";
  return `${sentence(e.message)} Try again.`;
}

/**
 * The "Message actions" menu of one message: a small icon button, shown when the message is
 * hovered or holds focus (always on touch screens), opening Edit / Delete.
 */
export const MessageActions = forwardRef<
  HTMLButtonElement,
  {
    canEdit: boolean;
    canDelete: boolean;
    onEdit: () => void;
    onDelete: () => void;
  }
>(function MessageActions({ canEdit, canDelete, onEdit, onDelete }, ref) {
  // Edit moves focus into the editor: the menu must not take it back to its button on close.
  const keepFocus = useRef(false);
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button
          ref={ref}
          variant="ghost"
          size="icon"
          aria-label="Message actions"
          data-testid="message-actions"
          className={cn(
            "h-7 w-7 shrink-0 self-center text-muted-foreground opacity-0 transition-opacity",
            "group-focus-within/message:opacity-100 group-hover/message:opacity-100",
            "focus-visible:opacity-100 data-[state=open]:opacity-100 pointer-coarse:opacity-100",
          )}
        >
          <MoreHorizontal className="h-4 w-4" />
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent
        align="end"
        className="min-w-36"
        onCloseAutoFocus={(e) => {
          if (keepFocus.current) e.preventDefault();
          keepFocus.current = false;
        }}
      >
        {canEdit && (
          <DropdownMenuItem
            onSelect={() => {
              keepFocus.current = true;
              onEdit();
            }}
          >
            <Pencil className="h-4 w-4" aria-hidden /> Edit
          </DropdownMenuItem>
        )}
        {canDelete && (
          <DropdownMenuItem
            className="text-destructive data-[highlighted]:bg-destructive/10 data-[highlighted]:text-destructive"
            onSelect={() => {
              keepFocus.current = true;
              onDelete();
            }}
          >
            <Trash2 className="h-4 w-4" aria-hidden /> Delete
          </DropdownMenuItem>
        )}
      </DropdownMenuContent>
    </DropdownMenu>
  );
});

/**
 * Inline editing of a message's text: Enter saves, Shift+Enter makes a new line, Escape
 * cancels. Saving an empty text is refused unless the message has attachments (as the server).
 */
export function MessageEditor({
  m,
  initial,
  autoFocus,
  note,
  blocked,
  onSave,
  onCancel,
}: {
  m: UiMessage;
  initial: string;
  autoFocus: boolean;
  note: boolean;
  /** Why it can no longer be saved (e.g. the conversation was closed meanwhile), if so. */
  blocked: string | null;
  onSave: (content: string) => void;
  onCancel: () => void;
}) {
  const [text, setText] = useState(initial);
  const area = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    const el = area.current;
    if (!el || !autoFocus) return;
    el.focus();
    el.setSelectionRange(el.value.length, el.value.length);
  }, [autoFocus]);
  const content = text.trim();
  const empty = !content && m.attachments.length === 0;
  const tooLong = new TextEncoder().encode(content).length > MAX_CONTENT_BYTES;
  const save = () => {
    if (!blocked && !empty && !tooLong) onSave(content);
  };
  const problem =
    blocked ??
    (empty
      ? "A message needs text. To remove it, delete it instead."
      : tooLong
        ? "This is too long for one message (at most 32 KB). Shorten it."
        : null);
  return (
    <form
      aria-label="Edit message"
      data-testid="message-editor"
      className={cn(
        "grid w-full gap-1.5 rounded-2xl border bg-card p-2 text-sm shadow-xs",
        note && "border-dashed border-warning/60 bg-warning/5",
      )}
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
    >
      <textarea
        ref={area}
        aria-label="Message text"
        aria-invalid={problem ? true : undefined}
        aria-describedby={`edit-hint-${m.id}`}
        className="field-sizing-content block max-h-60 min-h-16 w-full resize-none rounded-md bg-transparent px-1.5 py-1 text-foreground outline-none"
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
            e.preventDefault();
            save();
          } else if (e.key === "Escape") {
            e.preventDefault();
            e.stopPropagation();
            onCancel();
          }
        }}
      />
      {m.attachments.length > 0 && (
        <ul className="flex flex-wrap gap-1.5 px-1.5" aria-label="Attachments (they stay)">
          {m.attachments.map((a) => (
            <li
              key={a.file_id}
              className="flex items-center gap-1 rounded-md border bg-muted px-2 py-0.5 text-xs"
            >
              <Paperclip className="h-3 w-3" aria-hidden />
              <span className="max-w-40 truncate">{a.name}</span>
            </li>
          ))}
        </ul>
      )}
      <div className="flex flex-wrap items-center justify-end gap-2">
        <span
          id={`edit-hint-${m.id}`}
          className={cn(
            "mr-auto text-[11px]",
            problem ? "text-destructive" : "hidden text-muted-foreground sm:inline",
          )}
        >
          {problem ?? "Enter to save · Shift+Enter for a new line · Esc to cancel"}
        </span>
        <Button type="button" variant="ghost" size="sm" onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" size="sm" disabled={Boolean(problem)}>
          Save
        </Button>
      </div>
    </form>
  );
}

/** A deleted message, in place: no content, receipts, reactions, AI details or actions. */
export function DeletedBubble({ m, customer }: { m: UiMessage; customer: boolean }) {
  return (
    <div
      className={cn(
        "flex items-center gap-1.5 rounded-2xl border border-dashed px-3 py-2 text-sm text-muted-foreground italic",
        customer ? "rounded-tl-sm" : "rounded-tr-sm",
      )}
      title={m.deleted_at ? `Deleted ${new Date(m.deleted_at).toLocaleString()}` : undefined}
      data-testid="message-deleted"
    >
      <Ban className="h-3.5 w-3.5 shrink-0" aria-hidden />
      This message was deleted
    </div>
  );
}
