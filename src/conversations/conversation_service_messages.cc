// ConversationService: messages, read cursors, reactions and uploads.

#include "conversations/content_sniff.h"
#include "conversations/conversation_events.h"
#include "conversations/conversation_service.h"
#include "conversations/conversation_store.h"
#include "conversations/conversation_validation.h"
#include "conversations/message_store.h"
#include "conversations/result_util.h"

namespace syntera::conversations {
namespace {

// Who speaks, and the key that scopes their client_message_id.
struct Sender {
  SenderType type = SenderType::kSystem;
  std::string id;
  std::string key;
};

Result<Sender> SenderOf(const Principal& who, const MessageInput& in,
                        const Conversation& c, std::vector<FieldError>& errors) {
  if (IsVisitor(who)) {
    if (in.type == MessageType::kNote || in.type == MessageType::kSystem) {
      return PermissionDenied("visitors cannot send notes or system messages");
    }
    return Sender{SenderType::kVisitor, who.visitor_id, "visitor:" + who.visitor_id};
  }
  if (!RoleAtLeast(who.role, Role::kMember)) return PermissionDenied();
  bool user = who.kind == CredentialKind::kUserToken;
  SenderType type = in.sender_type.value_or(
      user ? SenderType::kUser : (in.type == MessageType::kNote ? SenderType::kSystem
                                                                : SenderType::kContact));
  Sender s{type, "", who.credential_id() + ":" + std::string(SenderTypeName(type))};
  switch (type) {
    case SenderType::kUser:
      if (!user) return PermissionDenied("sender_type user needs a signed-in user, not an API key");
      s.id = who.user_id.str();
      break;
    case SenderType::kContact:
      s.id = c.contact_id ? c.contact_id->str() : "";
      break;
    case SenderType::kSystem:
      break;
    case SenderType::kVisitor:
    case SenderType::kAgent:
      errors.push_back({"sender_type", "must be user, contact or system"});
      break;
  }
  if (in.type == MessageType::kNote && type == SenderType::kContact) {
    errors.push_back({"type", "a contact cannot write a private note"});
  }
  return s;
}

bool FromCustomer(SenderType t) { return t == SenderType::kVisitor || t == SenderType::kContact; }

}  // namespace

Result<PostedMessage> ConversationService::WriteMessage(db::Tx& tx, const Principal& who,
                                                        Conversation c, const MessageInput& in) {
  std::vector<FieldError> errors;
  SYN_ASSIGN_OR_RETURN(Sender sender, SenderOf(who, in, c, errors));
  if (in.content.size() > kMaxContentBytes) errors.push_back({"content", "at most 32768 bytes"});
  if (in.content.empty() && in.attachments.empty()) {
    errors.push_back({"content", "must not be empty (or send attachments)"});
  }
  if (in.client_message_id.size() > kMaxClientMessageIdBytes) {
    errors.push_back({"client_message_id", "at most 100 characters"});
  }
  if (in.attachments.size() > kMaxAttachments) errors.push_back({"attachments", "at most 10"});
  if (!in.client_message_id.empty()) {
    SYN_ASSIGN_OR_RETURN(auto earlier, store::FindByClientId(tx, c.org_id, c.id, sender.key,
                                                             in.client_message_id));
    if (earlier) return PostedMessage{std::move(*earlier), false, std::move(c)};
  }
  if (c.status == Status::kClosed) {
    return FailedPrecondition("the conversation is closed; start a new one");
  }
  if (in.thread_id) {
    SYN_ASSIGN_OR_RETURN(bool exists, store::ThreadExists(tx, c.org_id, c.id, *in.thread_id));
    if (!exists) errors.push_back({"thread_id", "is not a thread of this conversation"});
  }
  for (size_t i = 0; i < in.attachments.size(); ++i) {
    SYN_ASSIGN_OR_RETURN(auto file, store::FindFile(tx, c.org_id, c.id, in.attachments[i]));
    if (!file) {
      errors.push_back({"attachments." + std::to_string(i), "was not uploaded to this conversation"});
    }
  }
  if (!errors.empty()) return InvalidArgument("invalid message", errors);

  Timestamp now = Now();
  Message m;
  m.id = MessageId(NewId());
  m.conversation_id = c.id;
  m.org_id = c.org_id;
  m.seq = c.message_count + 1;
  m.thread_id = in.thread_id;
  m.sender_type = sender.type;
  m.sender_id = sender.id;
  m.content = in.content;
  m.type = in.type;
  m.client_message_id = in.client_message_id;
  m.created_at = now;
  SYN_RETURN_IF_ERROR(store::InsertMessage(tx, m, sender.key));
  SYN_ASSIGN_OR_RETURN(int64_t linked, store::AttachFiles(tx, c.org_id, c.id, m.id, in.attachments));
  if (linked != static_cast<int64_t>(in.attachments.size())) {
    return InvalidArgument("invalid message", {{"attachments", "a file is already attached to another message"}});
  }
  if (in.thread_id) SYN_RETURN_IF_ERROR(store::BumpThread(tx, c.org_id, *in.thread_id));
  SYN_ASSIGN_OR_RETURN(auto stored, store::FindMessage(tx, c.org_id, c.id, m.id));
  if (stored) m = std::move(*stored);

  c.message_count = m.seq;
  c.last_message_at = now;
  c.updated_at = now;
  if (in.thread_id) {
    for (auto& t : c.threads) {
      if (t.id == *in.thread_id) ++t.message_count;
    }
  }
  if (FromCustomer(sender.type) && c.status == Status::kResolved) {
    c.status = c.assignee_type == AssigneeType::kNone ? Status::kWaitingForHuman : Status::kOpen;
    c.ended_at.reset();
  }
  SYN_RETURN_IF_ERROR(store::UpdateConversation(tx, c));
  if (std::string reader = ReaderKey(who); !reader.empty()) {
    SYN_RETURN_IF_ERROR(IgnoreValue(
        store::AdvanceCursor(tx, c.org_id, c.id, reader, CursorKind::kRead, m.id, m.seq, now)));
  }
  SYN_RETURN_IF_ERROR(AppendConversationEvent(
      tx, clock_, random_, c.org_id, "message.created", c.id,
      MessagePayload(m)
          .OptStr("thread_id", m.thread_id ? std::optional(m.thread_id->str()) : std::nullopt)
          .Build()));
  return PostedMessage{std::move(m), true, std::move(c)};
}

Result<PostedMessage> ConversationService::PostMessage(const Principal& who,
                                                       const ConversationId& id,
                                                       const MessageInput& in) {
  Status before = Status::kOpen;
  auto result = db::InTx(db_, db::Scope::Tenant(who.org_id.str()), db::TxMode::kWrite,
                         [&](db::Tx& tx) -> Result<PostedMessage> {
                           SYN_ASSIGN_OR_RETURN(Conversation c, Load(tx, who, id, true));
                           before = c.status;
                           return WriteMessage(tx, who, std::move(c), in);
                         });
  if (!result.ok() || !result->created) return result;
  if (result->conversation.status != before) listener_.ConversationChanged(result->conversation);
  listener_.MessageCreated(result->conversation, result->message);
  return result;
}

Result<Page<Message>> ConversationService::ListMessages(const Principal& who,
                                                        const ConversationId& id,
                                                        const MessageFilter& filter,
                                                        const PageRequest& page) {
  MessageFilter f = filter;
  if (IsVisitor(who)) f.include_notes = false;
  return db::InTx(db_, db::Scope::Tenant(who.org_id.str()), db::TxMode::kRead,
                  [&](db::Tx& tx) -> Result<Page<Message>> {
                    SYN_ASSIGN_OR_RETURN(Conversation c, Load(tx, who, id, false));
                    return store::ListMessages(tx, who.org_id, c.id, f, page);
                  });
}

Result<std::pair<Conversation, std::vector<Message>>> ConversationService::GetTranscript(
    const Principal& who, const ConversationId& id) {
  return db::InTx(db_, db::Scope::Tenant(who.org_id.str()), db::TxMode::kRead,
                  [&](db::Tx& tx) -> Result<std::pair<Conversation, std::vector<Message>>> {
                    SYN_ASSIGN_OR_RETURN(Conversation c, Load(tx, who, id, false));
                    SYN_ASSIGN_OR_RETURN(auto messages, store::RecentMessages(
                                                            tx, who.org_id, c.id, 10000, !IsVisitor(who)));
                    return std::pair{std::move(c), std::move(messages)};
                  });
}

Result<StoredFile> ConversationService::UploadFile(const Principal& who, const ConversationId& id,
                                                   const std::string& name,
                                                   const std::string& declared_type,
                                                   std::string_view bytes) {
  if (!IsVisitor(who) && !RoleAtLeast(who.role, Role::kMember)) return PermissionDenied();
  SYN_ASSIGN_OR_RETURN(Conversation c, GetConversation(who, id));
  if (c.status == Status::kClosed) return FailedPrecondition("the conversation is closed");
  if (bytes.size() > kMaxAttachmentBytes) return PayloadTooLarge("uploads are limited to 10 MiB");
  auto clean = CleanFileName(name);
  if (!clean) return InvalidArgument("invalid upload", {{"name", "must be a file name of 1..200 bytes"}});
  std::string media = MediaType(declared_type);
  SYN_RETURN_IF_ERROR(CheckContent(media, bytes));
  StoredFile f{FileId(NewId()), who.org_id, c.id, *clean, media,
               static_cast<int64_t>(bytes.size()), "", who.credential_id(), Now()};
  f.storage_key = "conversations/" + who.org_id.str() + "/" + c.id.str() + "/" + f.id.str();
  SYN_RETURN_IF_ERROR(files_.Put(f.storage_key, bytes));
  auto r = db::InTx(db_, db::Scope::Tenant(who.org_id.str()), db::TxMode::kWrite,
                    [&](db::Tx& tx) -> Result<void> {
                      SYN_RETURN_IF_ERROR(IgnoreValue(Load(tx, who, id, true)));
                      return store::InsertFile(tx, f);
                    });
  if (!r.ok()) {
    (void)files_.Delete(f.storage_key);
    return std::move(r).error();
  }
  return f;
}

Result<std::pair<StoredFile, std::string>> ConversationService::DownloadFile(
    const Principal& who, const ConversationId& id, const FileId& file) {
  SYN_ASSIGN_OR_RETURN(
      StoredFile f,
      db::InTx(db_, db::Scope::Tenant(who.org_id.str()), db::TxMode::kRead,
               [&](db::Tx& tx) -> Result<StoredFile> {
                 SYN_ASSIGN_OR_RETURN(Conversation c, Load(tx, who, id, false));
                 SYN_ASSIGN_OR_RETURN(auto found, store::FindFile(tx, who.org_id, c.id, file));
                 if (!found) return NotFound("file not found");
                 return std::move(*found);
               }));
  SYN_ASSIGN_OR_RETURN(std::string bytes, files_.Get(f.storage_key));
  return std::pair{std::move(f), std::move(bytes)};
}

Result<int> ConversationService::PruneOrphanUploads() {
  const Timestamp cutoff = Now() - options_.orphan_upload_age;
  SYN_ASSIGN_OR_RETURN(
      std::vector<std::string> deleted,
      db::InTx(db_, db::Scope::System(), db::TxMode::kWrite,
               [&](db::Tx& tx) -> Result<std::vector<std::string>> {
                 SYN_ASSIGN_OR_RETURN(auto orphans,
                                      store::FindOrphanFiles(tx, cutoff, options_.prune_batch));
                 std::vector<std::string> keys;
                 for (const auto& f : orphans) {
                   SYN_ASSIGN_OR_RETURN(bool gone, store::DeleteOrphanFile(tx, f.org_id, f.id));
                   if (gone) keys.push_back(f.storage_key);
                 }
                 return keys;
               }));
  std::optional<Error> failed;
  for (const auto& key : deleted) {
    if (auto r = files_.Delete(key); !r.ok() && !failed) failed = std::move(r).error();
  }
  if (failed) return *failed;
  return static_cast<int>(deleted.size());
}

}  // namespace syntera::conversations
