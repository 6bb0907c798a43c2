#pragma once
// The conversations module's service: conversations, messages, the human inbox and handoff,
// uploads. Plain C++ in and out; HTTP lives in conversations/api, Socket.IO in
// conversations/socket.
//
// Callers: staff (user tokens and API keys of the organization) and widget visitors
// (Principal kind kVisitor). A visitor reaches only conversations whose visitor_id is theirs
// — any other id answers kNotFound, as another organization's id does — and never sees
// private notes (message type "note").
// Permissions for staff: viewers read; members write (post, update, inbox actions). Operations
// tied to a person (claim, read cursors, "mine" counts) need a user token, not an API key.
// Writes: acknowledged (returned) only after their transaction committed; the domain events
// (conversation_events.h) are appended in that transaction; then the ConversationListener is
// told (live fan-out). Nothing is written when any check fails.
// Thread-safety: all methods may be called concurrently.

#include <chrono>
#include <functional>
#include <string>
#include <utility>

#include "base/clock.h"
#include "base/principal.h"
#include "base/random.h"
#include "base/result.h"
#include "conversations/conversation_listener.h"
#include "conversations/conversation_types.h"
#include "conversations/responder.h"
#include "db/database.h"
#include "db/file_storage.h"

namespace syntera::conversations {

struct ConversationOptions {
  // Open or waiting conversations without a message for this long are closed by
  // CloseIdleConversations (config setting conversation_idle_close_minutes, proposed).
  std::chrono::minutes idle_close{30};
  int idle_batch = 500;  // conversations closed per CloseIdleConversations call at most
  // Uploads never attached to a message are deleted after this long (PruneOrphanUploads;
  // config setting conversation_orphan_upload_hours).
  std::chrono::hours orphan_upload_age{24};
  int prune_batch = 500;  // uploads deleted per PruneOrphanUploads call at most
};

// What the responder job stores.
struct AgentReply {
  MessageId id;                   // preset: the id the deltas announced
  std::string client_message_id;  // "ai:<trigger message id>"
  std::string content;
  std::optional<std::string> ai;
};

class ConversationService {
 public:
  // All references must outlive the service.
  ConversationService(db::Database& db, const Clock& clock, Random& random,
                      db::FileStorage& files, ConversationListener& listener,
                      ConversationOptions options = {});

  // ---- Conversations (conversation_service.cc) ----

  // Staff (member+): any channel but web_widget (default api). Visitors: a web_widget
  // conversation of their own. Errors: kInvalidArgument listing fields (contact_id not a
  // contact of the organization, metadata not an object or over 16 KiB, tags, subject).
  // With first_message, that message is posted by the caller in the same transaction.
  Result<PostedMessage> CreateConversation(const Principal& who, const NewConversation& input);
  Result<Conversation> GetConversation(const Principal& who, const ConversationId& id);
  // Staff only. Errors: kInvalidArgument (cursor).
  Result<Page<Conversation>> ListConversations(const Principal& who,
                                               const ConversationFilter& filter,
                                               const PageRequest& page);
  // Visitors only: their conversations, newest first (at most 50).
  Result<std::vector<Conversation>> ListVisitorConversations(const Principal& visitor);
  // Member+. PATCH semantics; status and assignee changes behave as the inbox actions.
  Result<Conversation> UpdateConversation(const Principal& who, const ConversationId& id,
                                          const ConversationPatch& patch);
  // Member+. Errors: kInvalidArgument (title 1..200 bytes).
  Result<Thread> CreateThread(const Principal& who, const ConversationId& id,
                              const std::string& title);

  // ---- Messages (conversation_service_messages.cc) ----

  // Staff (member+) or the conversation's visitor. A client_message_id the same sender used
  // before returns the original message (created = false) and writes nothing. A visitor or
  // contact message reopens a resolved conversation. Errors: kInvalidArgument listing fields
  // (content 1..32 KiB unless attachments, type, thread_id, attachments not uploaded to this
  // conversation, sender_type); kPermissionDenied (visitors: notes and system messages;
  // API keys: sender user); kFailedPrecondition for a closed conversation.
  Result<PostedMessage> PostMessage(const Principal& who, const ConversationId& id,
                                    const MessageInput& input);
  // Oldest first. Visitors never get notes. Errors: kInvalidArgument (cursor).
  Result<Page<Message>> ListMessages(const Principal& who, const ConversationId& id,
                                     const MessageFilter& filter, const PageRequest& page);
  // The whole conversation (up to 10,000 messages, notes for staff only), with the
  // conversation itself.
  Result<std::pair<Conversation, std::vector<Message>>> GetTranscript(const Principal& who,
                                                                      const ConversationId& id);
  // Staff (member+) or the visitor: stores an upload for a later message. The first bytes
  // must match `declared_type` (content_sniff.h). Errors: kPayloadTooLarge (> 10 MiB),
  // kUnsupportedMediaType (type not allowed or content does not match), kInvalidArgument
  // (name), kFailedPrecondition (closed conversation).
  Result<StoredFile> UploadFile(const Principal& who, const ConversationId& id,
                                const std::string& name, const std::string& declared_type,
                                std::string_view bytes);
  // The file and its bytes. Errors: kNotFound.
  Result<std::pair<StoredFile, std::string>> DownloadFile(const Principal& who,
                                                          const ConversationId& id,
                                                          const FileId& file);

  // ---- Changes to stored messages; cursors (conversation_service_changes.cc) ----

  // The author changes a message's content: a team member (member+, user token) their own
  // message or note, a visitor their own message. Sets edited_at (the previous content is not
  // kept), appends message.updated, then tells MessageChanged(kEdited). The same content
  // again changes nothing. Errors: kInvalidArgument (content 1..32 KiB; empty only when the
  // message has attachments); kNotFound (not a message of the conversation, or a note for a
  // visitor); kPermissionDenied (someone else's message, an API key, AI or system messages);
  // kFailedPrecondition (closed conversation).
  Result<Message> EditMessage(const Principal& who, const ConversationId& id,
                              const MessageId& message, const std::string& content);
  // Deletes a message in place: it keeps its id and seq; its content and AI section are
  // emptied, its reactions removed, its attachments' files deleted, deleted_at set. Who: the
  // author (as EditMessage), or an admin/owner (user token) for any message but a system
  // message (sender or type system). Allowed in any status. Appends message.deleted and
  // tells MessageChanged(kDeleted); deleting a deleted message changes nothing. Errors:
  // kNotFound, kPermissionDenied. EditMessage and React refuse a deleted message with
  // kFailedPrecondition.
  Result<Message> DeleteMessage(const Principal& who, const ConversationId& id,
                                const MessageId& message);
  // User tokens and visitors: moves the caller's read cursor to `message` (never back; the
  // delivery cursor follows) and stamps read_at on the other side's messages passed. Tells
  // ReadAdvanced. Errors: kNotFound for a message not in the conversation (or a note, for
  // visitors); kPermissionDenied for API keys.
  Result<ReadCursor> MarkRead(const Principal& who, const ConversationId& id,
                              const MessageId& message);
  // As MarkRead for the delivery cursor: a client of the caller received every message up to
  // `message`. Tells DeliveryAdvanced only when the cursor moved.
  Result<ReadCursor> MarkDelivered(const Principal& who, const ConversationId& id,
                                   const MessageId& message);
  // Staff (member+) or the visitor: adds (kAdd) or removes (kRemove) the caller's emoji
  // reaction — both idempotent — or toggles it (kToggle). Tells MessageChanged(kReactions)
  // when something changed. Errors: kInvalidArgument (emoji), kNotFound (message).
  Result<Message> React(const Principal& who, const ConversationId& id, const MessageId& message,
                        const std::string& emoji, ReactionChange change);

  // ---- The AI responder (conversation_service_agent.cc) ----

  // What the responder needs to answer `trigger`, or kFailedPrecondition when the
  // conversation is not open and AI-assigned (a human or the queue owns it) or `trigger` is
  // not a visitor/contact message. Tenant scope of `org`.
  Result<ResponderRequest> PrepareReply(const OrgId& org, const ConversationId& id,
                                        const MessageId& trigger);
  // Stores the agent's reply (sender agent) if the conversation is still AI-assigned and open;
  // a reply with the same client_message_id returns the stored one. Errors:
  // kFailedPrecondition when a human took over meanwhile (nothing written).
  Result<PostedMessage> PostAgentReply(const OrgId& org, const ConversationId& id,
                                       const AgentReply& reply);
  // Forwards a reply piece to the listener (message:delta).
  void PublishDelta(const Conversation& conversation, const MessageId& id, std::string_view delta);

  // ---- Inbox and handoff (conversation_service_inbox.cc) ----

  // User tokens, member+: assigns to the caller (status open). kConflict when another member
  // has it (use transfer). Idempotent for the current assignee.
  Result<Conversation> Claim(const Principal& who, const ConversationId& id);
  // Member+: assigns to `user` (a member; else kInvalidArgument user_id), status open.
  Result<Conversation> Assign(const Principal& who, const ConversationId& id, const UserId& user);
  // Member+: from one member to another; kFailedPrecondition when no member is assigned.
  Result<Conversation> Transfer(const Principal& who, const ConversationId& id, const UserId& user);
  // Member+: nobody assigned, back to the queue (status waiting_for_human).
  Result<Conversation> Unassign(const Principal& who, const ConversationId& id);
  // Member+: back to the AI (assignee ai, status open).
  Result<Conversation> Release(const Principal& who, const ConversationId& id);
  // Member+: status resolved, ended; emits conversation.resolved and conversation.ended.
  Result<Conversation> Resolve(const Principal& who, const ConversationId& id);
  // Member+ or the visitor: asks for a human (status waiting_for_human, the AI stops).
  // kFailedPrecondition when a member is assigned or the conversation is resolved/closed.
  Result<Conversation> RequestHandoff(const Principal& who, const ConversationId& id,
                                      const std::string& reason);
  // Staff. mine/unread need a user token (0 for API keys).
  Result<InboxCounts> CountInbox(const Principal& who);
  // System: closes open/waiting conversations idle for options.idle_close (emits
  // conversation.ended with reason "idle"). Returns how many were closed.
  Result<int> CloseIdleConversations();
  // System: deletes uploads that no message references and that are older than
  // options.orphan_upload_age (abandoned composer uploads): the row first — a file attached
  // meanwhile is kept — then the bytes. Returns how many were deleted. Errors: the database's;
  // the file storage's (after deleting the rest; those bytes stay behind without a row).
  Result<int> PruneOrphanUploads();

 private:
  struct Change;  // events and notifications of one transition (inbox)
  Timestamp Now() const { return clock_.Now(); }
  std::string NewId();
  // Loads `id` for `who` (visitors: only their own) in `tx`; kNotFound otherwise.
  Result<Conversation> Load(db::Tx& tx, const Principal& who, const ConversationId& id,
                            bool for_update);
  // Writes one message into `c` (locked) inside `tx`; see PostMessage.
  Result<PostedMessage> WriteMessage(db::Tx& tx, const Principal& who, Conversation c,
                                     const MessageInput& input);
  // Runs `fn` on the locked conversation in a write transaction, saves it, appends the
  // change's events, commits, then tells the listener. Access checks are the caller's.
  Result<Conversation> Transition(const Principal& who, const ConversationId& id,
                                  const std::function<Result<void>(db::Tx&, Conversation&, Change&)>& fn);
  Result<void> ApplyStatus(Conversation& c, Status status, const Principal& who,
                           const std::string& reason, Change& change);
  Result<void> ApplyAssignee(db::Tx& tx, Conversation& c, AssigneeType type,
                             const std::optional<UserId>& user, const Principal& who,
                             Change& change);
  Result<void> AppendEvents(db::Tx& tx, const Conversation& c, const Change& change);
  // Runs `fn` on `message` of the locked conversation (as `who` may see it) in a write
  // transaction; when fn reports a change, returns the message as stored after it and, after
  // commit, tells MessageChanged(change). EditMessage and React.
  Result<Message> ChangeMessage(
      const Principal& who, const ConversationId& id, const MessageId& message, MessageChange change,
      const std::function<Result<bool>(db::Tx&, const Conversation&, Message&)>& fn);
  // MarkRead and MarkDelivered.
  Result<ReadCursor> MoveCursor(const Principal& who, const ConversationId& id,
                                const MessageId& message, CursorKind kind);

  db::Database& db_;
  const Clock& clock_;
  Random& random_;
  db::FileStorage& files_;
  ConversationListener& listener_;
  ConversationOptions options_;
};

// True for widget visitors.
inline bool IsVisitor(const Principal& p) { return p.kind == CredentialKind::kVisitor; }
// The read-cursor key of `p`: "user:<id>", "visitor:<id>", or "" for API keys.
std::string ReaderKey(const Principal& p);

}  // namespace syntera::conversations
