// ConversationService: changes to stored messages (edits, deletions, reactions) and the
// readers' cursors (delivered, read).

#include "conversations/conversation_events.h"
#include "conversations/conversation_service.h"
#include "conversations/conversation_store.h"
#include "conversations/conversation_validation.h"
#include "conversations/message_store.h"

namespace syntera::conversations {
namespace {

// What a change to a stored message is called in its refusals.
struct ChangeWords {
  const char* verb;  // "edit"
  const char* past;  // "edited"
};
constexpr ChangeWords kEdit{"edit", "edited"};
constexpr ChangeWords kDelete{"delete", "deleted"};

// Only the author edits or deletes, and only what a person wrote.
Result<void> CheckAuthor(const Principal& who, const Message& m, ChangeWords w) {
  const std::string verb = w.verb, past = w.past;
  if (m.sender_type == SenderType::kAgent || m.sender_type == SenderType::kSystem ||
      m.type == MessageType::kSystem) {
    return PermissionDenied("AI and system messages cannot be " + past);
  }
  if (IsVisitor(who)) {
    if (m.sender_type == SenderType::kVisitor && m.sender_id == who.visitor_id) return Ok();
  } else if (who.kind != CredentialKind::kUserToken) {
    return PermissionDenied("messages are " + past +
                            " by their author, a signed-in user; API keys cannot " + verb);
  } else if (!RoleAtLeast(who.role, Role::kMember)) {
    return PermissionDenied();
  } else if (m.sender_type == SenderType::kUser && m.sender_id == who.user_id.str()) {
    return Ok();
  }
  return PermissionDenied("only the author of a message can " + verb + " it");
}

// The author deletes their message; an admin or owner (signed in) deletes any message but a
// system message — a visitor's message with a card number in it, a wrong AI answer.
Result<void> CheckDeleter(const Principal& who, const Message& m) {
  if (m.type == MessageType::kSystem || m.sender_type == SenderType::kSystem) {
    return PermissionDenied("system messages are the conversation's record and cannot be deleted");
  }
  if (!IsVisitor(who) && who.kind == CredentialKind::kUserToken &&
      RoleAtLeast(who.role, Role::kAdmin)) {
    return Ok();
  }
  if (m.sender_type == SenderType::kAgent) {
    return PermissionDenied("only an admin or owner can delete an AI message");
  }
  return CheckAuthor(who, m, kDelete);
}

Result<void> CheckNotDeleted(const Message& m) {
  if (m.deleted_at) return FailedPrecondition("the message was deleted");
  return Ok();
}

// The message `id` of `c` as `who` may see it (visitors never see notes).
Result<Message> FindVisible(db::Tx& tx, const Principal& who, const Conversation& c,
                            const MessageId& id) {
  if (id.empty() || id.str().size() > 100) return NotFound("message not found");
  SYN_ASSIGN_OR_RETURN(auto m, store::FindMessage(tx, c.org_id, c.id, id));
  if (!m || (IsVisitor(who) && m->type == MessageType::kNote)) return NotFound("message not found");
  return std::move(*m);
}

}  // namespace

Result<Message> ConversationService::ChangeMessage(
    const Principal& who, const ConversationId& id, const MessageId& message, MessageChange change,
    const std::function<Result<bool>(db::Tx&, const Conversation&, Message&)>& fn) {
  Conversation c;
  bool changed = false;
  auto r = db::InTx(db_, db::Scope::Tenant(who.org_id.str()), db::TxMode::kWrite,
                    [&](db::Tx& tx) -> Result<Message> {
                      SYN_ASSIGN_OR_RETURN(c, Load(tx, who, id, true));
                      SYN_ASSIGN_OR_RETURN(Message m, FindVisible(tx, who, c, message));
                      SYN_ASSIGN_OR_RETURN(changed, fn(tx, c, m));
                      if (!changed) return m;
                      SYN_ASSIGN_OR_RETURN(auto after, store::FindMessage(tx, c.org_id, c.id, m.id));
                      return after ? std::move(*after) : m;
                    });
  if (r.ok() && changed) listener_.MessageChanged(c, *r, change);
  return r;
}

Result<Message> ConversationService::EditMessage(const Principal& who, const ConversationId& id,
                                                 const MessageId& message,
                                                 const std::string& content) {
  if (content.size() > kMaxContentBytes) {
    return InvalidArgument("invalid message", {{"content", "at most 32768 bytes"}});
  }
  return ChangeMessage(
      who, id, message, MessageChange::kEdited,
      [&](db::Tx& tx, const Conversation& c, Message& m) -> Result<bool> {
        SYN_RETURN_IF_ERROR(CheckAuthor(who, m, kEdit));
        SYN_RETURN_IF_ERROR(CheckNotDeleted(m));
        if (content.empty() && m.attachments.empty()) {
          return InvalidArgument("invalid message",
                                 {{"content", "must not be empty (the message has no attachments)"}});
        }
        if (c.status == Status::kClosed) return FailedPrecondition("the conversation is closed");
        if (m.content == content) return false;
        SYN_RETURN_IF_ERROR(store::UpdateContent(tx, c.org_id, c.id, m.id, content, Now()));
        SYN_RETURN_IF_ERROR(AppendConversationEvent(tx, clock_, random_, c.org_id,
                                                    "message.updated", c.id,
                                                    MessagePayload(m).Build()));
        return true;
      });
}

Result<Message> ConversationService::DeleteMessage(const Principal& who, const ConversationId& id,
                                                   const MessageId& message) {
  std::vector<std::string> files;
  auto r = ChangeMessage(
      who, id, message, MessageChange::kDeleted,
      [&](db::Tx& tx, const Conversation& c, Message& m) -> Result<bool> {
        SYN_RETURN_IF_ERROR(CheckDeleter(who, m));
        if (m.deleted_at) return false;  // deleting twice changes nothing
        SYN_ASSIGN_OR_RETURN(files, store::EraseMessage(tx, c.org_id, c.id, m.id, Now()));
        std::string by = ReaderKey(who);
        SYN_RETURN_IF_ERROR(AppendConversationEvent(
            tx, clock_, random_, c.org_id, "message.deleted", c.id,
            MessagePayload(m).Str("deleted_by", by).Build()));
        return true;
      });
  // The rows are gone with the commit; the bytes follow (a failure leaves unreachable bytes,
  // never a row without its file).
  if (r.ok()) {
    for (const std::string& key : files) (void)files_.Delete(key);
  }
  return r;
}

Result<ReadCursor> ConversationService::MarkRead(const Principal& who, const ConversationId& id,
                                                 const MessageId& message) {
  return MoveCursor(who, id, message, CursorKind::kRead);
}

Result<ReadCursor> ConversationService::MarkDelivered(const Principal& who,
                                                      const ConversationId& id,
                                                      const MessageId& message) {
  return MoveCursor(who, id, message, CursorKind::kDelivered);
}

Result<ReadCursor> ConversationService::MoveCursor(const Principal& who, const ConversationId& id,
                                                   const MessageId& message, CursorKind kind) {
  std::string reader = ReaderKey(who);
  if (reader.empty()) return PermissionDenied("read cursors belong to users; API keys have none");
  Conversation c;
  auto r = db::InTx(db_, db::Scope::Tenant(who.org_id.str()), db::TxMode::kWrite,
                    [&](db::Tx& tx) -> Result<store::CursorMove> {
                      SYN_ASSIGN_OR_RETURN(c, Load(tx, who, id, false));
                      SYN_ASSIGN_OR_RETURN(Message m, FindVisible(tx, who, c, message));
                      return store::AdvanceCursor(tx, who.org_id, c.id, reader, kind, m.id,
                                                  m.seq, Now());
                    });
  if (!r.ok()) return std::move(r).error();
  if (kind == CursorKind::kRead) {
    listener_.ReadAdvanced(c, r->cursor);
  } else if (r->moved) {
    listener_.DeliveryAdvanced(c, r->cursor);
  }
  return std::move(r->cursor);
}

Result<Message> ConversationService::React(const Principal& who, const ConversationId& id,
                                           const MessageId& message, const std::string& emoji,
                                           ReactionChange change) {
  if (!IsVisitor(who) && !RoleAtLeast(who.role, Role::kMember)) return PermissionDenied();
  if (!IsReactionEmoji(emoji)) {
    return InvalidArgument("invalid reaction", {{"emoji", "must be an emoji (1..32 bytes)"}});
  }
  std::string reactor = ReaderKey(who);
  if (reactor.empty()) reactor = who.credential_id();
  const Reaction reaction{emoji, reactor};
  return ChangeMessage(
      who, id, message, MessageChange::kReactions,
      [&](db::Tx& tx, const Conversation&, Message& m) -> Result<bool> {
        SYN_RETURN_IF_ERROR(CheckNotDeleted(m));
        bool changed = false;
        if (change != ReactionChange::kAdd) {
          SYN_ASSIGN_OR_RETURN(changed, store::RemoveReaction(tx, who.org_id, m.id, reaction));
        }
        if (change == ReactionChange::kAdd || (change == ReactionChange::kToggle && !changed)) {
          SYN_ASSIGN_OR_RETURN(changed, store::AddReaction(tx, who.org_id, m.id, reaction, Now()));
        }
        return changed;
      });
}

}  // namespace syntera::conversations
