import {
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
  type InfiniteData,
  type QueryClient,
} from "@tanstack/react-query";
import { api, ApiError, apiFetch, toApiError } from "./api";
import { useAuth } from "./auth-store";
import type {
  Conversation,
  ConversationStatus,
  InboxView,
  Message,
  Priority,
  StoredFile,
  UiMessage,
  WidgetSettings,
} from "./inbox-types";
import { inboxKey, useRealtime } from "./realtime-store";
import type { Contact } from "./crm-types";
import type { Page } from "./types";

const enc = encodeURIComponent;

function useOrg() {
  return useAuth((s) => s.organization?.id ?? "none");
}
const orgNow = () => useAuth.getState().organization?.id ?? "none";
const meNow = () => useAuth.getState().user?.id ?? "";

/** A random UUID (v4); crypto.randomUUID needs a secure context, getRandomValues does not. */
export function uuid(): string {
  if (typeof crypto.randomUUID === "function" && window.isSecureContext) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

// ---- The conversation list ----

/** Server-side list parameters (GET /conversations): the query key of a list. */
export interface ListParams {
  status?: string;
  channel?: string;
  assignee?: "me" | "unassigned" | "ai";
  q?: string;
}

/** "active" = open or waiting; "any" = every status; else one status. */
export type StatusFilter = "active" | "any" | ConversationStatus;

export function listParams(
  view: InboxView,
  status: StatusFilter,
  channel: string,
  q: string,
): ListParams {
  const p: ListParams = {};
  if (view === "waiting") p.status = "waiting_for_human";
  else if (status === "active") p.status = "open,waiting_for_human";
  else if (status !== "any") p.status = status;
  if (view === "mine") p.assignee = "me";
  if (view === "unassigned") p.assignee = "unassigned";
  if (channel) p.channel = channel;
  if (q) p.q = q;
  return p;
}

function listPath(p: ListParams, cursor: string) {
  const s = new URLSearchParams();
  for (const [k, v] of Object.entries(p)) if (v) s.set(k, v);
  s.set("limit", "30");
  if (cursor) s.set("cursor", cursor);
  return `/conversations?${s}`;
}

export function useConversationList(params: ListParams) {
  const org = useOrg();
  return useInfiniteQuery({
    queryKey: inboxKey(org, "list", params),
    initialPageParam: "",
    queryFn: ({ pageParam, signal }) =>
      api<Page<Conversation>>(listPath(params, pageParam), { signal }),
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}

/** Whether `c` belongs in a list with `p` (undefined: cannot tell, e.g. a text search). */
function matches(c: Conversation, p: ListParams, me: string): boolean | undefined {
  if (p.status && !p.status.split(",").includes(c.status)) return false;
  if (p.channel && p.channel !== c.channel) return false;
  if (p.assignee === "me" && !(c.assignee_type === "user" && c.assignee_user_id === me))
    return false;
  if (p.assignee === "unassigned" && c.assignee_type !== "none") return false;
  if (p.assignee === "ai" && c.assignee_type !== "ai") return false;
  if (p.q) return undefined;
  return true;
}

type ListData = InfiniteData<Page<Conversation>, string>;

/**
 * Applies a changed conversation to every cached view of it: the conversation itself and each
 * list (replaced in place, moved to the top when it changed, inserted into lists it now
 * belongs to, removed from those it left). `mine` says whether the caller's own request
 * returned it (with the caller's unread_count and read cursors); broadcasts have neither.
 */
export function applyConversation(qc: QueryClient, c: Conversation, mine = false) {
  const org = orgNow();
  const me = meNow();
  // Broadcasts carry no per-reader fields (unread_count, reads): keep the cached ones, or
  // derive ours from the read cursors when a view carries them.
  const cursor = c.reads?.find((r) => r.reader_type === "user" && r.reader_id === me);
  const merge = (old: Conversation | undefined): Conversation =>
    mine
      ? c
      : {
          ...c,
          reads: c.reads ?? old?.reads ?? [],
          unread_count: cursor
            ? Math.max(0, c.message_count - cursor.last_read_seq)
            : old
              ? old.unread_count + Math.max(0, c.message_count - old.message_count)
              : (c.unread_count ?? c.message_count),
        };
  qc.setQueryData<Conversation>(inboxKey(org, "conversation", c.id), (old) =>
    old ? merge(old) : undefined,
  );
  for (const q of qc.getQueryCache().findAll({ queryKey: inboxKey(org, "list") })) {
    const params = (q.queryKey[3] ?? {}) as ListParams;
    qc.setQueryData<ListData>(q.queryKey, (data) => {
      if (!data) return data;
      let old: Conversation | undefined;
      for (const page of data.pages) old ??= page.data.find((x) => x.id === c.id);
      const next = merge(old);
      const fits = matches(next, params, me);
      if (old && fits === false) {
        return {
          ...data,
          pages: data.pages.map((pg) => ({ ...pg, data: pg.data.filter((x) => x.id !== c.id) })),
        };
      }
      if (!old && fits !== true) return data;
      const moved = !old || old.updated_at !== next.updated_at;
      const pages = data.pages.map((pg, i) => {
        const rest = moved ? pg.data.filter((x) => x.id !== c.id) : pg.data;
        if (!moved) return { ...pg, data: rest.map((x) => (x.id === c.id ? next : x)) };
        return i === 0 ? { ...pg, data: [next, ...rest] } : { ...pg, data: rest };
      });
      return { ...data, pages };
    });
  }
}

/** Patches a conversation wherever it is cached (conversation and lists), without moving it. */
export function patchConversation(
  qc: QueryClient,
  id: string,
  fn: (c: Conversation) => Conversation,
) {
  const org = orgNow();
  qc.setQueryData<Conversation>(inboxKey(org, "conversation", id), (old) => (old ? fn(old) : old));
  qc.setQueriesData<ListData>({ queryKey: inboxKey(org, "list") }, (data) =>
    data
      ? {
          ...data,
          pages: data.pages.map((pg) => ({
            ...pg,
            data: pg.data.map((x) => (x.id === id ? fn(x) : x)),
          })),
        }
      : data,
  );
}

/** Finds a cached copy of a conversation (its own query or any list). */
export function cachedConversation(qc: QueryClient, id: string): Conversation | undefined {
  const org = orgNow();
  const one = qc.getQueryData<Conversation>(inboxKey(org, "conversation", id));
  if (one) return one;
  for (const [, data] of qc.getQueriesData<ListData>({ queryKey: inboxKey(org, "list") }))
    for (const pg of data?.pages ?? []) {
      const c = pg.data.find((x) => x.id === id);
      if (c) return c;
    }
  return undefined;
}

let countsTimer: ReturnType<typeof setTimeout> | undefined;
/** Refreshes the inbox counters soon (coalesces bursts of changes into one request). */
export function refreshCounts(qc: QueryClient) {
  clearTimeout(countsTimer);
  countsTimer = setTimeout(
    () => void qc.invalidateQueries({ queryKey: inboxKey(orgNow(), "counts") }),
    300,
  );
}

// ---- One conversation and its messages ----

export function useConversation(id: string | null) {
  const org = useOrg();
  const qc = useQueryClient();
  return useQuery({
    queryKey: inboxKey(org, "conversation", id),
    queryFn: () => api<Conversation>(`/conversations/${enc(id!)}`),
    enabled: id !== null,
    initialData: () => (id ? cachedConversation(qc, id) : undefined),
    initialDataUpdatedAt: 0,
    retry: (n, e) => !(e instanceof ApiError && e.status < 500) && n < 2,
  });
}

/** The CRM contact of a conversation (same cache entry as the contact page). */
export function useConversationContact(contactId: string | null) {
  const org = useOrg();
  const path = contactId ? `/contacts/${enc(contactId)}` : null;
  return useQuery({
    queryKey: ["crm", org, "contact", path],
    queryFn: () => api<Contact>(path!),
    enabled: path !== null,
    retry: (n, e) => !(e instanceof ApiError && e.status < 500) && n < 2,
  });
}

const MAX_MESSAGE_PAGES = 25;

/**
 * Every message of a conversation, oldest first (pages of 200, following next_cursor). Loaded
 * again each time the conversation is opened and after a reconnect that missed broadcasts, so
 * edits and deletions made meanwhile show; the socket keeps it live while open.
 */
export function useMessages(id: string | null) {
  const org = useOrg();
  const qc = useQueryClient();
  return useQuery({
    queryKey: inboxKey(org, "messages", id),
    queryFn: async ({ signal, queryKey }) => {
      const out: Message[] = [];
      let cursor: string | null = "";
      for (let i = 0; cursor !== null && i < MAX_MESSAGE_PAGES; i++) {
        const page: Page<Message> = await api<Page<Message>>(
          `/conversations/${enc(id!)}/messages?limit=200${cursor ? `&cursor=${enc(cursor)}` : ""}`,
          { signal },
        );
        out.push(...page.data);
        cursor = page.next_cursor;
      }
      return mergeLoaded(qc.getQueryData<UiMessage[]>(queryKey), out);
    },
    enabled: id !== null,
    staleTime: 0,
    refetchOnWindowFocus: false,
    retry: (n, e) => !(e instanceof ApiError && e.status < 500) && n < 2,
  });
}

/**
 * A freshly loaded list merged with what the cache got while it loaded: optimistic messages
 * not stored yet stay, messages the socket brought after the list was read stay, and a
 * deletion seen on the socket is kept (the server never undeletes).
 */
function mergeLoaded(cached: UiMessage[] | undefined, loaded: Message[]): UiMessage[] {
  if (!cached?.length) return loaded;
  const byId = new Map(cached.map((m) => [m.id, m]));
  const ids = new Set(loaded.map((m) => m.id));
  const cmids = new Set(loaded.map((m) => m.client_message_id).filter(Boolean));
  const lastSeq = loaded.reduce((max, m) => Math.max(max, m.seq), 0);
  const merged: UiMessage[] = loaded.map((m) => {
    const old = byId.get(m.id);
    return old?.deleted_at && !m.deleted_at ? old : m;
  });
  for (const m of cached) {
    if (ids.has(m.id)) continue;
    if (m.pending ? !(m.client_message_id && cmids.has(m.client_message_id)) : m.seq > lastSeq)
      merged.push(m);
  }
  return merged.sort((a, b) => order(a) - order(b));
}

const order = (m: UiMessage) => (m.pending ? Number.MAX_SAFE_INTEGER : m.seq);

/**
 * Inserts or replaces messages in a conversation's cached list: de-duplicated by id, and a
 * stored message replaces the optimistic one with its client_message_id. Ignored while the
 * list is not loaded (it loads complete).
 */
export function upsertMessages(qc: QueryClient, conversationId: string, msgs: UiMessage[]) {
  if (!msgs.length) return;
  qc.setQueryData<UiMessage[]>(inboxKey(orgNow(), "messages", conversationId), (old) => {
    if (!old) return old;
    const ids = new Set(msgs.map((m) => m.id));
    const cmids = new Set(msgs.map((m) => m.client_message_id).filter(Boolean));
    const kept = old.filter(
      (m) =>
        !ids.has(m.id) && !(m.pending && m.client_message_id && cmids.has(m.client_message_id)),
    );
    return [...kept, ...msgs].sort((a, b) => order(a) - order(b));
  });
}

function setLocalState(
  qc: QueryClient,
  conversationId: string,
  cmid: string,
  pending: UiMessage["pending"],
) {
  qc.setQueryData<UiMessage[]>(inboxKey(orgNow(), "messages", conversationId), (old) =>
    old?.map((m) => (m.pending && m.client_message_id === cmid ? { ...m, pending } : m)),
  );
}

/** Uploads a file to a conversation (raw body); returns its file id for a message. */
export async function uploadAttachment(conversationId: string, file: File): Promise<StoredFile> {
  const res = await apiFetch(
    `/conversations/${enc(conversationId)}/attachments?name=${enc(file.name)}`,
    { method: "POST", body: file, contentType: file.type || "application/octet-stream" },
  );
  if (!res.ok) throw await toApiError(res);
  return (await res.json()) as StoredFile;
}

/** Downloads an attachment with the session's token; resolves to a blob URL. */
export async function attachmentUrl(conversationId: string, fileId: string): Promise<string> {
  const res = await apiFetch(`/conversations/${enc(conversationId)}/attachments/${enc(fileId)}`);
  if (!res.ok) throw await toApiError(res);
  return URL.createObjectURL(await res.blob());
}

export interface Outgoing {
  content: string;
  type: "text" | "note";
  attachments: StoredFile[];
}

/**
 * Sends a message: shown at once (optimistic, keyed by a fresh client_message_id), then
 * replaced by the stored message from the ack. `send` delivers it (the socket, or REST when
 * the socket is down); a resend with the same client_message_id never duplicates.
 */
export async function sendOptimistic(
  qc: QueryClient,
  conversationId: string,
  out: Outgoing,
  send: (body: Record<string, unknown>) => Promise<Message>,
  cmid = uuid(),
): Promise<Message> {
  const local: UiMessage = {
    id: `local:${cmid}`,
    conversation_id: conversationId,
    seq: 0,
    thread_id: null,
    sender_type: "user",
    sender_id: meNow(),
    content: out.content,
    type: out.type,
    private: out.type === "note",
    attachments: out.attachments.map((a) => ({
      file_id: a.file_id,
      name: a.name,
      content_type: a.content_type,
      size: a.size,
    })),
    client_message_id: cmid,
    reactions: [],
    ai: null,
    created_at: new Date().toISOString(),
    edited_at: null,
    deleted_at: null,
    pending: "sending",
  };
  qc.setQueryData<UiMessage[]>(inboxKey(orgNow(), "messages", conversationId), (old) =>
    old ? [...old.filter((m) => m.id !== local.id), local] : old,
  );
  try {
    const stored = await send({
      conversation_id: conversationId,
      content: out.content,
      client_message_id: cmid,
      type: out.type,
      ...(out.attachments.length ? { attachments: out.attachments.map((a) => a.file_id) } : {}),
    });
    upsertMessages(qc, conversationId, [stored]);
    return stored;
  } catch (e) {
    setLocalState(qc, conversationId, cmid, "failed");
    throw e;
  }
}

/** Removes a failed optimistic message (the user discarded it). */
export function discardLocal(qc: QueryClient, conversationId: string, cmid: string) {
  qc.setQueryData<UiMessage[]>(inboxKey(orgNow(), "messages", conversationId), (old) =>
    old?.filter((m) => !(m.pending && m.client_message_id === cmid)),
  );
}

export function postMessageRest(body: Record<string, unknown>): Promise<Message> {
  const { conversation_id, ...rest } = body;
  return api<Message>(`/conversations/${enc(String(conversation_id))}/messages`, {
    method: "POST",
    body: rest,
  });
}

// ---- Editing and deleting messages ----

/** What the conversation list shows for a deleted message (its preview line). */
export const DELETED_TEXT = "This message was deleted";

/** Replaces message `id` of a cached conversation with `fn(message)`. */
export function patchMessage(
  qc: QueryClient,
  conversationId: string,
  id: string,
  fn: (m: UiMessage) => UiMessage,
) {
  qc.setQueryData<UiMessage[]>(inboxKey(orgNow(), "messages", conversationId), (old) =>
    old?.map((m) => (m.id === id ? fn(m) : m)),
  );
}

function cachedMessage(qc: QueryClient, m: UiMessage): UiMessage {
  const list = qc.getQueryData<UiMessage[]>(inboxKey(orgNow(), "messages", m.conversation_id));
  return list?.find((x) => x.id === m.id) ?? m;
}

/** The list's preview line of a conversation becomes `content` if it shows that message. */
export function followPreview(conversationId: string, messageId: string, content: string) {
  const previews = useRealtime.getState().previews;
  const p = previews[conversationId];
  if (!p || p.message_id !== messageId || !content || content === p.content) return;
  useRealtime.setState({ previews: { ...previews, [conversationId]: { ...p, content } } });
}

/** The list's preview line follows an edit or a delete of the message it shows. */
function updatePreview(m: Message) {
  const content = m.deleted_at
    ? DELETED_TEXT
    : m.content || (m.attachments.length ? "Attachment" : "");
  followPreview(m.conversation_id, m.id, content);
}

/**
 * Deletes in flight (optimistic): message id → the undeleted copy to put back if the delete
 * fails, kept up to date by edits that arrive meanwhile.
 */
const deleting = new Map<string, UiMessage>();

/**
 * Applies a changed message from the server (`message:updated`, or a REST answer): merged over
 * the cached copy (a broadcast carries no per-reader receipts: the cached ones stay), inserted
 * when missing. A deleted message never comes back: the server does not undelete, so an
 * undeleted copy that arrives late (an edit's answer racing a delete) is stale.
 */
export function applyMessageUpdate(qc: QueryClient, m: Message) {
  if (!m?.id || !m.conversation_id) return;
  const list = qc.getQueryData<UiMessage[]>(inboxKey(orgNow(), "messages", m.conversation_id));
  updatePreview(m);
  if (!list) return;
  const old = list.find((x) => x.id === m.id);
  if (!old) return upsertMessages(qc, m.conversation_id, [m]);
  if (old.deleted_at && !m.deleted_at) {
    const restore = deleting.get(m.id);
    if (restore) deleting.set(m.id, { ...restore, ...m });
    return;
  }
  patchMessage(qc, m.conversation_id, m.id, (x) => ({ ...x, ...m }));
}

const messagePath = (m: UiMessage) =>
  `/conversations/${enc(m.conversation_id)}/messages/${enc(m.id)}`;

/**
 * The author changes a message's content: shown at once (with "(edited)"), then replaced by the
 * stored message. On failure the previous content comes back (unless something newer replaced
 * the optimistic copy meanwhile) and the error is rethrown for the caller to report.
 */
export async function editMessage(qc: QueryClient, m: UiMessage, content: string) {
  const cur = cachedMessage(qc, m);
  const before = { content: cur.content, edited_at: cur.edited_at };
  const stamp = new Date().toISOString();
  patchMessage(qc, m.conversation_id, m.id, (x) => ({ ...x, content, edited_at: stamp }));
  try {
    const stored = await api<Message>(messagePath(m), { method: "PATCH", body: { content } });
    applyMessageUpdate(qc, stored);
  } catch (e) {
    patchMessage(qc, m.conversation_id, m.id, (x) =>
      x.edited_at === stamp && x.content === content && !x.deleted_at ? { ...x, ...before } : x,
    );
    throw e;
  }
}

/**
 * Deletes a message: shown as deleted at once (in place, as the server keeps it), put back as
 * it was if the server refuses; the error is rethrown for the caller to report.
 */
export async function deleteMessage(qc: QueryClient, m: UiMessage) {
  const cur = cachedMessage(qc, m);
  if (cur.deleted_at || deleting.has(m.id)) return;
  const stamp = new Date().toISOString();
  deleting.set(m.id, cur);
  patchMessage(qc, m.conversation_id, m.id, (x) => ({
    ...x,
    deleted_at: stamp,
    content: "",
    attachments: [],
    reactions: [],
    ai: null,
  }));
  updatePreview({ ...cur, deleted_at: stamp });
  try {
    await api<void>(messagePath(m), { method: "DELETE" });
  } catch (e) {
    const restore = deleting.get(m.id) ?? cur;
    patchMessage(qc, m.conversation_id, m.id, (x) => (x.deleted_at === stamp ? restore : x));
    updatePreview(restore);
    throw e;
  } finally {
    deleting.delete(m.id);
  }
}

// ---- Inbox actions ----

export type SimpleAction = "claim" | "unassign" | "release" | "resolve";
export type PatchBody = Partial<{
  status: ConversationStatus;
  priority: Priority;
  tags: string[];
  subject: string;
}>;

function useConversationMutation<V>(fn: (v: V) => Promise<Conversation>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: (c) => {
      applyConversation(qc, c, true);
      refreshCounts(qc);
    },
  });
}

export const useInboxAction = (id: string) =>
  useConversationMutation((action: SimpleAction) =>
    api<Conversation>(`/conversations/${enc(id)}/${action}`, { method: "POST" }),
  );

export const useAssign = (id: string) =>
  useConversationMutation(({ userId, transfer }: { userId: string; transfer: boolean }) =>
    api<Conversation>(`/conversations/${enc(id)}/${transfer ? "transfer" : "assign"}`, {
      method: "POST",
      body: { user_id: userId },
    }),
  );

export const usePatchConversation = (id: string) =>
  useConversationMutation((body: PatchBody) =>
    api<Conversation>(`/conversations/${enc(id)}`, { method: "PATCH", body }),
  );

/** Downloads the plain-text transcript of a conversation. */
export async function downloadTranscript(id: string) {
  const res = await apiFetch(`/conversations/${enc(id)}/transcript?format=text`);
  if (!res.ok) throw await toApiError(res);
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement("a");
  a.href = url;
  a.download = `conversation-${id}.txt`;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

// ---- Widget settings (admins) ----

export function useWidgetSettings() {
  const org = useOrg();
  return useQuery({
    queryKey: ["widget-settings", org],
    queryFn: () => api<WidgetSettings>("/widget/settings"),
  });
}

export function useUpdateWidgetSettings() {
  const qc = useQueryClient();
  const org = useOrg();
  return useMutation({
    mutationFn: (body: { allowed_origins?: string[]; regenerate_key?: boolean }) =>
      api<WidgetSettings>("/widget/settings", { method: "PUT", body }),
    onSuccess: (s) => qc.setQueryData(["widget-settings", org], s),
  });
}
