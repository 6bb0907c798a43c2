// Wire types of the conversations API (src/conversations/api/codec.cc, staff audience) and of
// the Socket.IO events (src/conversations/socket/conversation_socket.h).

export const CHANNELS = ["web_widget", "api", "voice", "phone", "email", "sms"] as const;
export type Channel = (typeof CHANNELS)[number];
export const STATUSES = ["open", "waiting_for_human", "resolved", "closed"] as const;
export type ConversationStatus = (typeof STATUSES)[number];
export type AssigneeType = "ai" | "user" | "none";
export const PRIORITIES = ["low", "normal", "high", "urgent"] as const;
export type Priority = (typeof PRIORITIES)[number];
export type SenderType = "contact" | "visitor" | "user" | "agent" | "system";
export type MessageType = "text" | "file" | "image" | "audio" | "system" | "note";

export interface Thread {
  id: string;
  title: string;
  message_count: number;
  created_at: string;
}

export interface ReadCursor {
  reader_type: string;
  reader_id: string;
  last_read_message_id: string | null;
  last_read_seq: number;
  /** null while the reader only received (delivery cursor) and never read. */
  read_at: string | null;
  last_delivered_message_id?: string | null;
  last_delivered_seq?: number;
  delivered_at?: string | null;
}

export interface Conversation {
  id: string;
  channel: Channel;
  status: ConversationStatus;
  assignee_type: AssigneeType;
  assignee_user_id: string | null;
  agent_id: string | null;
  contact_id: string | null;
  visitor_id: string | null;
  priority: Priority;
  tags: string[];
  subject: string;
  summary: string;
  metadata: Record<string, unknown>;
  threads: Thread[];
  message_count: number;
  /** The caller's unread messages. */
  unread_count: number;
  reads: ReadCursor[];
  started_at: string;
  ended_at: string | null;
  last_message_at: string | null;
  updated_at: string;
}

export interface Attachment {
  file_id: string;
  name: string;
  content_type: string;
  size: number;
}

export interface Reaction {
  emoji: string;
  count: number;
  reactors: string[];
}

/** The `ai` section of an AI agent's message (filled by the agents module; all optional). */
export interface AiInfo {
  model?: string;
  provider?: string;
  version?: string | number;
  tokens?: number | { prompt?: number; completion?: number; total?: number };
  latency_ms?: number | Record<string, number>;
  cost?: number;
  cost_usd?: number;
  sources?: AiSource[];
  tool_calls?: unknown[];
  [key: string]: unknown;
}

export interface AiSource {
  title?: string;
  name?: string;
  url?: string;
  document_id?: string;
  chunk_id?: string;
  score?: number;
  [key: string]: unknown;
}

export interface Message {
  id: string;
  conversation_id: string;
  seq: number;
  thread_id: string | null;
  sender_type: SenderType;
  sender_id: string | null;
  content: string;
  type: MessageType;
  private: boolean;
  attachments: Attachment[];
  client_message_id: string | null;
  reactions: Reaction[];
  ai?: AiInfo | null;
  created_at: string;
  edited_at: string | null;
  /**
   * When the message was deleted (null while it is not). A deleted message keeps its id, seq and
   * place; its content is "" and it has no attachments, reactions or `ai`.
   */
  deleted_at: string | null;
  /** Receipts of the other side (the visitor for ours, a team member for the customer's). */
  delivered_at?: string | null;
  read_at?: string | null;
}

/** A message in the UI cache: stored, or sent optimistically and waiting for its ack. */
export interface UiMessage extends Message {
  pending?: "sending" | "failed";
}

export interface InboxCounts {
  waiting: number;
  mine: number;
  unassigned: number;
  unread: number;
}

export interface StoredFile {
  file_id: string;
  conversation_id: string;
  name: string;
  content_type: string;
  size: number;
  created_at: string;
}

export interface WidgetSettings {
  public_key: string;
  allowed_origins: string[];
  updated_at: string;
}

export const CHANNEL_LABEL: Record<Channel, string> = {
  web_widget: "Website",
  api: "API",
  voice: "Voice",
  phone: "Phone",
  email: "Email",
  sms: "SMS",
};

export const STATUS_LABEL: Record<ConversationStatus, string> = {
  open: "Open",
  waiting_for_human: "Waiting for human",
  resolved: "Resolved",
  closed: "Closed",
};

/** The inbox views (left pane tabs and sidebar links). */
export const VIEWS = ["waiting", "mine", "unassigned", "all"] as const;
export type InboxView = (typeof VIEWS)[number];
export const VIEW_LABEL: Record<InboxView, string> = {
  waiting: "Waiting",
  mine: "Mine",
  unassigned: "Unassigned",
  all: "All",
};
