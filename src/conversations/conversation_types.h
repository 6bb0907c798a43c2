#pragma once
// Plain value types of the conversations module: conversations with their threads, messages
// with attachments, reactions and the AI section, read cursors, widget settings, and the
// inputs and filters that create, change and list them. No SQL, no JSON (JSON-valued fields
// such as metadata and the AI section are carried as object texts validated at the edge).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/page.h"
#include "base/clock.h"
#include "base/ids.h"

namespace syntera::conversations {

using ConversationId = TypedId<struct ConversationIdTag>;
using MessageId = TypedId<struct MessageIdTag>;
using ThreadId = TypedId<struct ThreadIdTag>;
using FileId = TypedId<struct FileIdTag>;
using ContactId = TypedId<struct ConversationContactIdTag>;  // a CRM contact of the same org
using AgentId = TypedId<struct AgentIdTag>;                  // agents arrive with issue "agents"

enum class Channel { kWebWidget, kApi, kVoice, kPhone, kEmail, kSms };
enum class Status { kOpen, kWaitingForHuman, kResolved, kClosed };
// Who answers: the AI agent, a team member, or nobody (queued for a human).
enum class AssigneeType { kAi, kUser, kNone };
enum class Priority { kLow, kNormal, kHigh, kUrgent };
enum class SenderType { kContact, kVisitor, kUser, kAgent, kSystem };
// kNote is a private note: staff only, never visible to visitors.
enum class MessageType { kText, kFile, kImage, kAudio, kSystem, kNote };

// Lowercase wire names ("web_widget", "waiting_for_human", …).
std::string_view ChannelName(Channel v);
std::optional<Channel> ParseChannel(std::string_view s);
std::string_view StatusName(Status v);
std::optional<Status> ParseStatus(std::string_view s);
std::string_view AssigneeTypeName(AssigneeType v);  // "ai", "user", "none"
std::optional<AssigneeType> ParseAssigneeType(std::string_view s);
std::string_view PriorityName(Priority v);
std::optional<Priority> ParsePriority(std::string_view s);
std::string_view SenderTypeName(SenderType v);
std::optional<SenderType> ParseSenderType(std::string_view s);
std::string_view MessageTypeName(MessageType v);
std::optional<MessageType> ParseMessageType(std::string_view s);

// ---- Limits (documented in the routes) ----
inline constexpr size_t kMaxContentBytes = 32 * 1024;
inline constexpr size_t kMaxMetadataBytes = 16 * 1024;
inline constexpr size_t kMaxAiBytes = 64 * 1024;
inline constexpr size_t kMaxSummaryBytes = 4000;
inline constexpr size_t kMaxSubjectBytes = 200;
inline constexpr size_t kMaxTags = 20;
inline constexpr size_t kMaxTagBytes = 64;
inline constexpr size_t kMaxAttachments = 10;
inline constexpr size_t kMaxClientMessageIdBytes = 100;
inline constexpr size_t kMaxAttachmentBytes = 10 * 1024 * 1024;
inline constexpr size_t kMaxThreadTitleBytes = 200;
inline constexpr size_t kMaxOrigins = 50;

// ---- Lists ----
// PageRequest, Page<T>, kDefaultPageSize, kMaxPageSize: base/page.h.

// ---- Conversations ----

struct Thread {
  ThreadId id;
  std::string title;
  int64_t message_count = 0;
  Timestamp created_at;
};

// A reader's positions: messages up to `last_read_seq` are read, up to `last_delivered_seq`
// delivered to one of the reader's clients. Both only move forward; reading a message also
// delivers it (last_delivered_seq >= last_read_seq once either moved after migration 2).
struct ReadCursor {
  std::string reader;  // "user:<id>" or "visitor:<id>"
  std::optional<MessageId> last_read_message_id;
  int64_t last_read_seq = 0;
  std::optional<Timestamp> read_at;  // absent while nothing was read (delivery only)
  std::optional<MessageId> last_delivered_message_id;
  int64_t last_delivered_seq = 0;
  std::optional<Timestamp> delivered_at;
};

// Which cursor of a reader moves (ConversationService::MarkRead / MarkDelivered).
enum class CursorKind { kDelivered, kRead };

struct Conversation {
  ConversationId id;
  OrgId org_id;
  std::optional<AgentId> agent_id;
  Channel channel = Channel::kApi;
  std::optional<ContactId> contact_id;
  std::string visitor_id;  // widget visitors; "" otherwise
  Status status = Status::kOpen;
  AssigneeType assignee_type = AssigneeType::kAi;
  std::optional<UserId> assignee_user_id;  // set iff assignee_type is kUser
  Priority priority = Priority::kNormal;
  std::vector<std::string> tags;  // sorted, unique
  std::string subject;
  std::string summary;
  std::string metadata = "{}";  // a JSON object text, at most kMaxMetadataBytes
  std::vector<Thread> threads;  // oldest first
  int64_t message_count = 0;    // also the seq of the newest message
  Timestamp started_at;
  std::optional<Timestamp> ended_at;
  std::optional<Timestamp> last_message_at;
  Timestamp updated_at;
  // For the reader who asked (staff user or visitor): messages after their read cursor.
  int64_t unread_count = 0;
  std::vector<ReadCursor> reads;  // staff views only (read receipts)
};

// Creates a conversation (REST: the api channel; widget: web_widget for the visitor).
struct NewConversation {
  Channel channel = Channel::kApi;
  std::optional<AgentId> agent_id;
  std::optional<ContactId> contact_id;
  std::string subject;
  std::optional<std::string> metadata;  // JSON object text
  std::vector<std::string> tags;
  std::optional<Priority> priority;
  std::optional<std::string> first_message;  // posted by the caller after creation
};

// PATCH: absent = unchanged.
struct ConversationPatch {
  std::optional<Status> status;
  // "ai", "unassigned" (kNone) or a member: assignee_type with assignee_user_id for kUser.
  std::optional<AssigneeType> assignee_type;
  std::optional<UserId> assignee_user_id;
  std::optional<std::vector<std::string>> tags;
  std::optional<Priority> priority;
  std::optional<std::string> summary;
  std::optional<std::string> subject;
  std::optional<std::string> metadata;  // replaces the whole object
  std::optional<std::optional<ContactId>> contact_id;
};

enum class ConversationSort { kUpdatedDesc, kCreatedDesc, kCreatedAsc };
// "-updated_at" (default), "-created_at", "created_at".
std::optional<ConversationSort> ParseConversationSort(std::string_view s);

struct ConversationFilter {
  std::vector<Status> statuses;  // any of; empty = all
  std::optional<Channel> channel;
  // Assignee: kAi, kNone ("unassigned"), or kUser with a user id ("me" resolved by the API).
  std::optional<AssigneeType> assignee_type;
  std::optional<UserId> assignee_user_id;
  std::optional<AgentId> agent_id;
  std::optional<ContactId> contact_id;
  std::optional<std::string> tag;
  std::optional<Timestamp> created_from, created_to;  // inclusive from, exclusive to
  std::optional<Timestamp> updated_from, updated_to;
  // Words that must all start words of the subject and summary, or of one message
  // (full-text, case-insensitive; diacritic-insensitive on SQLite only, as CRM search); a q
  // without letters or digits finds nothing.
  std::string q;
  ConversationSort sort = ConversationSort::kUpdatedDesc;
  bool count = false;  // also compute Page::total
};

// ---- Messages ----

struct Attachment {
  FileId file_id;
  std::string name;
  std::string content_type;
  int64_t size = 0;
};

struct Reaction {
  std::string emoji;
  std::string reactor;  // "user:<id>" / "visitor:<id>"
};

struct Message {
  MessageId id;  // UUID v7
  ConversationId conversation_id;
  OrgId org_id;
  int64_t seq = 0;  // 1, 2, 3 … within the conversation (the order)
  std::optional<ThreadId> thread_id;
  SenderType sender_type = SenderType::kSystem;
  std::string sender_id;  // user id, visitor id, contact id, agent id; "" for system
  std::string content;    // Markdown, at most kMaxContentBytes
  MessageType type = MessageType::kText;
  std::vector<Attachment> attachments;
  std::string client_message_id;  // "" when the sender gave none
  std::vector<Reaction> reactions;
  std::optional<std::string> ai;  // JSON object text (model, tokens, latency, sources, …)
  Timestamp created_at;
  std::optional<Timestamp> edited_at;  // the last content edit by its author
  // Set when the message was deleted: it keeps its id and seq, its content, attachments,
  // reactions and AI section are gone.
  std::optional<Timestamp> deleted_at;
  // Receipts of the other side, the first time a reader's cursor passed this message: for a
  // visitor or contact message, any team member; for a team, AI or system message, the
  // conversation's visitor. Never for notes.
  std::optional<Timestamp> delivered_at;
  std::optional<Timestamp> read_at;
};

// What changed about a stored message (ConversationListener::MessageChanged).
enum class MessageChange { kEdited, kReactions, kDeleted };
// How a reaction request applies (REST toggles; the socket adds or removes).
enum class ReactionChange { kToggle, kAdd, kRemove };

struct MessageInput {
  std::string content;
  MessageType type = MessageType::kText;
  std::optional<ThreadId> thread_id;
  std::string client_message_id;
  std::vector<FileId> attachments;  // uploaded to the conversation beforehand
  // REST for staff and API keys: who speaks. Absent: the caller (user), or the contact for
  // an API key. kUser needs a user token; kAgent is reserved for the responder.
  std::optional<SenderType> sender_type;
};

// A message write: `created` is false when client_message_id matched an earlier message of
// the same sender (the original is returned and nothing is written).
struct PostedMessage {
  Message message;
  bool created = true;
  Conversation conversation;  // after the write
};

struct MessageFilter {
  std::optional<ThreadId> thread_id;  // absent = all threads
  bool include_notes = true;          // forced false for visitors
  int64_t after_seq = 0;              // only messages with a higher seq (catch-up)
};

// A stored upload, linked to a conversation until a message references it.
struct StoredFile {
  FileId id;
  OrgId org_id;
  ConversationId conversation_id;
  std::string name;
  std::string content_type;
  int64_t size = 0;
  std::string storage_key;
  std::string uploaded_by;  // "user:<id>", "key:<id>", "visitor:<id>"
  Timestamp created_at;
};

// ---- Inbox ----

struct InboxCounts {
  int64_t waiting = 0;     // status waiting_for_human
  int64_t mine = 0;        // open/waiting, assigned to the caller
  int64_t unassigned = 0;  // open/waiting, nobody assigned (not the AI)
  int64_t unread = 0;      // conversations assigned to the caller with unread messages
};

// ---- Widget ----

struct WidgetSettings {
  OrgId org_id;
  std::string public_key;                    // "pk_…", identifies the org's widget
  std::vector<std::string> allowed_origins;  // "https://shop.example.com[:port]"
  Timestamp updated_at;
  // Bumped by every key regeneration; visitor tokens carry the version they were issued
  // under and are refused once it changed.
  int64_t key_version = 1;
};

struct WidgetSettingsInput {
  std::optional<std::vector<std::string>> allowed_origins;
  bool regenerate_key = false;
};

struct WidgetSessionRequest {
  std::string public_key;
  std::string origin;
  std::string visitor_id;  // "" = a new visitor
};

struct WidgetSession {
  OrgId org_id;
  std::string visitor_id;
  std::string visitor_token;
  Timestamp expires_at;
};

}  // namespace syntera::conversations
