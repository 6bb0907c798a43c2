import type { QueryClient } from "@tanstack/react-query";
import { io, type Socket } from "socket.io-client";
import { api, ApiError, refreshSession } from "./api";
import { useAuth } from "./auth-store";
import {
  applyConversation,
  applyMessageUpdate,
  cachedConversation,
  DELETED_TEXT,
  followPreview,
  patchConversation,
  patchMessage,
  postMessageRest,
  refreshCounts,
  upsertMessages,
} from "./inbox";
import type { Conversation, InboxCounts, Message, ReadCursor, UiMessage } from "./inbox-types";
import { inboxKey, useRealtime } from "./realtime-store";

// The tab's Socket.IO connection (socket.io-client against src/realtime): authenticates with
// the current access token (a fresh one on every reconnect), joins the rooms of the open
// conversations, and turns server events into TanStack Query cache updates, so lists, counters
// and messages stay live without refetching. Room broadcasts carry a connection-state-recovery
// offset as an extra last argument: handlers read only the first one.

type Ack<T> = { ok: true; data: T } | { ok: false; error?: { code?: string; message?: string } };

const STATUS_OF: Record<string, number> = {
  invalid_argument: 400,
  unauthenticated: 401,
  permission_denied: 403,
  not_found: 404,
  conflict: 409,
  failed_precondition: 422,
  rate_limited: 429,
};

let socket: Socket | null = null;
let client: QueryClient | null = null;
/** Open conversations (reference counts of the views showing them). */
const joined = new Map<string, number>();
/** Messages already counted in the lists (message:new and message:preview both report one). */
const seen = new Set<string>();

const setState = useRealtime.setState;

/** Emits an event and resolves to the ack's data ({ok:true,data}); rejects with an ApiError. */
export function emitAck<T>(event: string, payload: unknown, timeoutMs = 10_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const s = socket;
    if (!s?.connected) {
      reject(new ApiError(0, "unavailable", "Not connected to the realtime server"));
      return;
    }
    s.timeout(timeoutMs).emit(event, payload, (err: Error | null, res: Ack<T>) => {
      if (err) reject(new ApiError(0, "timeout", "The server did not answer in time"));
      else if (res && res.ok) resolve(res.data);
      else {
        const code = res?.error?.code ?? "internal";
        reject(new ApiError(STATUS_OF[code] ?? 400, code, res?.error?.message ?? "Request failed"));
      }
    });
  });
}

const transient = (e: unknown) =>
  e instanceof ApiError && (e.code === "unavailable" || e.code === "timeout");

/**
 * Sends a message through the socket (acked after commit); falls back to REST when the socket
 * is down or does not answer. Both carry the same client_message_id, so nothing duplicates.
 */
export async function sendMessage(body: Record<string, unknown>): Promise<Message> {
  try {
    const data = await emitAck<{ message: Message }>("message:send", body);
    return data.message;
  } catch (e) {
    if (!transient(e)) throw e;
    return postMessageRest(body);
  }
}

/** Moves the caller's read cursor (socket, else REST) and clears the conversation's unread. */
export async function markRead(conversationId: string, messageId: string) {
  const body = { conversation_id: conversationId, message_id: messageId };
  try {
    await emitAck("message:read", body);
  } catch (e) {
    if (!transient(e)) throw e;
    await api(`/conversations/${encodeURIComponent(conversationId)}/read`, {
      method: "POST",
      body: { message_id: messageId },
    });
  }
  if (client) {
    patchConversation(client, conversationId, (c) => ({ ...c, unread_count: 0 }));
    refreshCounts(client);
  }
}

/** Tells the others in the conversation that the caller is (no longer) typing. */
export function sendTyping(conversationId: string, isTyping: boolean) {
  if (socket?.connected)
    socket.emit(isTyping ? "typing:start" : "typing:stop", { conversation_id: conversationId });
}

function lastSeq(qc: QueryClient, id: string): number | undefined {
  const org = useAuth.getState().organization?.id ?? "none";
  const msgs = qc.getQueryData<UiMessage[]>(inboxKey(org, "messages", id));
  if (!msgs) return undefined;
  let max = 0;
  for (const m of msgs) if (!m.pending && m.seq > max) max = m.seq;
  return max;
}

async function join(id: string) {
  const qc = client;
  if (!qc || !socket?.connected) return;
  const after = lastSeq(qc, id);
  try {
    const data = await emitAck<{ conversation?: Conversation; messages?: Message[] }>(
      "conversation:join",
      after === undefined ? { conversation_id: id } : { conversation_id: id, after_seq: after },
    );
    if (data?.conversation) applyConversation(qc, data.conversation, true);
    if (data?.messages?.length) upsertMessages(qc, id, data.messages);
  } catch {
    // Not joined (e.g. no access): the page shows the REST error; updates come from the org room.
  }
}

/** Joins `conversation:<id>` while a view shows it; returns the leave function. */
export function joinConversation(id: string): () => void {
  const n = joined.get(id) ?? 0;
  joined.set(id, n + 1);
  if (n === 0) void join(id);
  return () => {
    const left = (joined.get(id) ?? 1) - 1;
    if (left > 0) {
      joined.set(id, left);
      return;
    }
    joined.delete(id);
    if (socket?.connected) socket.emit("conversation:leave", { conversation_id: id });
    const typing = { ...useRealtime.getState().typing };
    delete typing[id];
    setState({ typing });
  };
}

export function isOpen(id: string) {
  return joined.has(id);
}

/** "user:<id>", "visitor:<id>", "agent", … from the `who` of a typing or presence event. */
function whoKey(who: unknown): string {
  if (typeof who === "string") return who;
  if (who && typeof who === "object") {
    const o = who as Record<string, unknown>;
    if (typeof o.user_id === "string") return `user:${o.user_id}`;
    if (typeof o.visitor_id === "string") return `visitor:${o.visitor_id}`;
    if (typeof o.type === "string") return typeof o.id === "string" ? `${o.type}:${o.id}` : o.type;
  }
  return "someone";
}

function setTyping(conversationId: string, who: string, on: boolean) {
  const all = useRealtime.getState().typing;
  const cur = { ...(all[conversationId] ?? {}) };
  if (on) cur[who] = Date.now() + 8_000;
  else delete cur[who];
  setState({ typing: { ...all, [conversationId]: cur } });
}

function setPreview(conversationId: string, m: Partial<Message> & { preview?: string }) {
  if (m.private || m.type === "note") return;
  const content = typeof m.content === "string" ? m.content : (m.preview ?? "");
  if (!content && !m.attachments?.length) return;
  setState({
    previews: {
      ...useRealtime.getState().previews,
      [conversationId]: {
        message_id: m.id,
        content: content || "Attachment",
        sender_type: m.sender_type ?? "",
        private: false,
        at: m.created_at ?? new Date().toISOString(),
      },
    },
  });
}

/** A new message moves its conversation up the lists and counts as unread when not looked at. */
function bump(qc: QueryClient, conversationId: string, m: Partial<Message>) {
  if (m.id) {
    if (seen.has(m.id)) return;
    seen.add(m.id);
    if (seen.size > 2000) seen.delete(seen.values().next().value!);
  }
  const me = useAuth.getState().user?.id;
  const fromMe = m.sender_type === "user" && m.sender_id === me;
  const looking = isOpen(conversationId) && document.visibilityState === "visible";
  const c = cachedConversation(qc, conversationId);
  if (c) {
    const at = m.created_at ?? new Date().toISOString();
    // conversation:updated may have counted it already (it carries the new message_count).
    const counted = m.seq !== undefined && m.seq <= c.message_count;
    applyConversation(
      qc,
      {
        ...c,
        message_count: Math.max(c.message_count, m.seq ?? c.message_count + 1),
        last_message_at: at,
        updated_at: at > c.updated_at ? at : c.updated_at,
        unread_count: fromMe || looking || counted ? c.unread_count : c.unread_count + 1,
      },
      true,
    );
  }
  if (!fromMe) refreshCounts(qc);
}

function onMessageNew(qc: QueryClient, payload: { message?: Message }) {
  const m = payload?.message;
  if (!m?.id || !m.conversation_id) return;
  upsertMessages(qc, m.conversation_id, [m]);
  const streams = useRealtime.getState().streams;
  if (streams[m.id]) {
    const next = { ...streams };
    delete next[m.id];
    setState({ streams: next });
  }
  // Whoever sent it stopped typing (customers type through visitor or API connections).
  const typing = useRealtime.getState().typing[m.conversation_id];
  const customer = m.sender_type === "visitor" || m.sender_type === "contact";
  if (typing)
    for (const who of Object.keys(typing))
      if (
        (m.sender_id && who.endsWith(`:${m.sender_id}`)) ||
        (customer && !who.startsWith("user:")) ||
        (m.sender_type === "agent" && who.startsWith("agent"))
      )
        setTyping(m.conversation_id, who, false);
  setPreview(m.conversation_id, m);
  bump(qc, m.conversation_id, m);
  // The customer's message reached a team member: their widget shows it delivered.
  if (customer && joined.has(m.conversation_id))
    void emitAck("message:delivered", {
      conversation_id: m.conversation_id,
      message_id: m.id,
    }).catch(() => undefined);
}

function onDelta(
  qc: QueryClient,
  p: { conversation_id?: string; message_id?: string; delta?: string },
) {
  if (!p?.conversation_id || !p.message_id || typeof p.delta !== "string") return;
  const org = useAuth.getState().organization?.id ?? "none";
  const stored = qc.getQueryData<UiMessage[]>(inboxKey(org, "messages", p.conversation_id));
  if (stored?.some((m) => m.id === p.message_id)) return; // the final message already arrived
  const streams = useRealtime.getState().streams;
  const prev = streams[p.message_id];
  setState({
    streams: {
      ...streams,
      [p.message_id]: { conversation_id: p.conversation_id, text: (prev?.text ?? "") + p.delta },
    },
  });
}

/** message:read: a ReadCursor ({reader_type, reader_id, last_read_seq, …}) plus conversation_id. */
function onRead(qc: QueryClient, p: Partial<ReadCursor> & { conversation_id?: string }) {
  if (!p?.conversation_id || typeof p.last_read_seq !== "number" || !p.reader_type) return;
  const cursor: ReadCursor = {
    reader_type: p.reader_type,
    reader_id: p.reader_id ?? "",
    last_read_message_id: p.last_read_message_id ?? null,
    last_read_seq: p.last_read_seq,
    read_at: p.read_at ?? new Date().toISOString(),
  };
  const me = useAuth.getState().user?.id;
  const mine = cursor.reader_type === "user" && cursor.reader_id === me;
  patchConversation(qc, p.conversation_id, (c) => ({
    ...c,
    reads: [
      ...(c.reads ?? []).filter(
        (r) => !(r.reader_type === cursor.reader_type && r.reader_id === cursor.reader_id),
      ),
      cursor,
    ],
    unread_count: mine ? Math.max(0, c.message_count - cursor.last_read_seq) : c.unread_count,
  }));
}

/**
 * message:read / message:delivered by the customer: our messages up to `seq` show the ticks
 * (team readers stamp the customer's messages, which show none here).
 */
function onReceipt(
  qc: QueryClient,
  p: {
    conversation_id?: string;
    reader_type?: string;
    seq?: number;
    read_at?: string | null;
    delivered_at?: string | null;
  },
  kind: "delivered_at" | "read_at",
) {
  if (!p?.conversation_id || typeof p.seq !== "number" || p.reader_type !== "visitor") return;
  const at = (kind === "read_at" ? p.read_at : p.delivered_at) ?? new Date().toISOString();
  const seq = p.seq;
  const org = useAuth.getState().organization?.id ?? "none";
  qc.setQueryData<UiMessage[]>(inboxKey(org, "messages", p.conversation_id), (old) =>
    old?.map((m) => {
      const ours = m.sender_type !== "visitor" && m.sender_type !== "contact" && !m.private;
      if (!ours || m.pending || m.seq > seq || m[kind]) return m;
      return kind === "read_at"
        ? { ...m, read_at: at, delivered_at: m.delivered_at ?? at }
        : { ...m, delivered_at: at };
    }),
  );
}

function onPresence(p: Record<string, unknown>) {
  const key =
    typeof p?.user_id === "string"
      ? `user:${p.user_id}`
      : typeof p?.visitor_id === "string"
        ? `visitor:${p.visitor_id}`
        : null;
  if (!key) return;
  const online = { ...useRealtime.getState().online };
  if (p.status === "offline") delete online[key];
  else online[key] = true;
  setState({ online });
}

async function freshToken(): Promise<string> {
  const { accessToken, expiresAt } = useAuth.getState();
  if (accessToken && expiresAt - Date.now() > 30_000) return accessToken;
  return (await refreshSession()) ?? "";
}

/** Opens the tab's connection for this user and organization; returns the disconnect function. */
export function connectRealtime(qc: QueryClient, orgId: string, userId: string): () => void {
  client = qc;
  const s = io({
    path: "/socket.io/",
    // WebSocket first (one round trip, no held HTTP request); long-polling if it fails.
    transports: ["websocket", "polling"],
    tryAllTransports: true,
    reconnectionDelay: 1_000,
    reconnectionDelayMax: 10_000,
    auth: (cb) => void freshToken().then((token) => cb({ token })),
  });
  socket = s;
  setState({ status: "connecting" });
  let everConnected = false;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let failures = 0;

  s.on("connect", () => {
    failures = 0;
    setState({ status: "connected" });
    void emitAck<{ users?: string[] }>("presence:list", {})
      .then((d) => {
        const online: Record<string, true> = {};
        for (const u of d?.users ?? []) online[`user:${u}`] = true;
        online[`user:${userId}`] = true;
        setState({ online: { ...useRealtime.getState().online, ...online } });
      })
      .catch(() => undefined);
    // A recovered connection got every missed broadcast replayed; a fresh one catches up.
    if (!s.recovered) {
      for (const id of joined.keys()) void join(id);
      if (everConnected) {
        void qc.invalidateQueries({ queryKey: inboxKey(orgId, "list") });
        // Edits and deletions of older messages are not in the join's catch-up.
        void qc.invalidateQueries({ queryKey: inboxKey(orgId, "messages") });
        refreshCounts(qc);
      }
    }
    everConnected = true;
  });
  s.on("disconnect", (reason) => {
    setState({ status: reason === "io client disconnect" ? "offline" : "reconnecting" });
  });
  s.io.on("reconnect_attempt", () => setState({ status: "reconnecting" }));
  s.on("connect_error", () => {
    if (s.active) {
      setState({ status: "reconnecting" });
      return;
    }
    // Refused by the server (e.g. an expired token): refresh the session, then try again.
    setState({ status: "reconnecting" });
    failures++;
    clearTimeout(retry);
    retry = setTimeout(
      () => {
        void refreshSession().then((token) => {
          if (socket !== s) return;
          if (!token) setState({ status: "offline" });
          else s.connect();
        });
      },
      Math.min(30_000, 500 * 2 ** Math.min(failures, 6)),
    );
  });

  s.on("message:new", (p: { message?: Message }) => onMessageNew(qc, p));
  s.on("message:delta", (p) => onDelta(qc, p));
  s.on("message:preview", (p: Record<string, unknown>) => {
    const id = typeof p?.conversation_id === "string" ? p.conversation_id : null;
    if (!id) return;
    const m = (p.message && typeof p.message === "object" ? p.message : p) as Partial<Message> & {
      preview?: string;
    };
    // An edit or deletion (of the message a list may be showing): no new message.
    if (typeof p.change === "string") {
      if (typeof p.message_id === "string")
        followPreview(id, p.message_id, p.change === "deleted" ? DELETED_TEXT : (m.preview ?? ""));
      return;
    }
    const withId = { ...m, id: (p.message_id as string) ?? m.id };
    setPreview(id, withId);
    bump(qc, id, withId);
  });
  s.on("conversation:updated", (p: { conversation?: Conversation }) => {
    if (!p?.conversation?.id) return;
    applyConversation(qc, p.conversation);
    refreshCounts(qc);
  });
  s.on("typing", (p: { conversation_id?: string; who?: unknown; is_typing?: boolean }) => {
    if (!p?.conversation_id) return;
    const who = whoKey(p.who);
    if (who === `user:${userId}`) return;
    setTyping(p.conversation_id, who, Boolean(p.is_typing));
  });
  s.on("message:read", (p) => {
    onRead(qc, p);
    onReceipt(qc, p, "read_at");
  });
  s.on("message:delivered", (p) => onReceipt(qc, p, "delivered_at"));
  s.on("message:updated", (p: { message?: Message }) => {
    if (p?.message) applyMessageUpdate(qc, p.message);
  });
  s.on(
    "message:reaction",
    (p: { conversation_id?: string; message_id?: string; reactions?: Message["reactions"] }) => {
      if (!p?.conversation_id || !p.message_id) return;
      patchMessage(qc, p.conversation_id, p.message_id, (m) => ({
        ...m,
        reactions: p.reactions ?? m.reactions,
      }));
    },
  );
  s.on("inbox:counts", (p: { counts?: InboxCounts }) => {
    if (p?.counts) qc.setQueryData(inboxKey(orgId, "counts"), p.counts);
  });
  s.on("presence", (p) => onPresence(p));

  return () => {
    clearTimeout(retry);
    s.removeAllListeners();
    s.io.removeAllListeners();
    s.disconnect();
    if (socket === s) {
      // `joined` belongs to the views (they leave on unmount) and is re-joined on connect.
      socket = null;
      seen.clear();
      setState({ status: "offline", typing: {}, streams: {}, online: {}, previews: {} });
    }
  };
}
