#include "conversations/conversation_service.h"

#include "conversations/conversation_events.h"
#include "conversations/conversation_store.h"
#include "conversations/conversation_validation.h"

namespace syntera::conversations {
namespace {

Result<void> RequireStaff(const Principal& who, Role role) {
  if (IsVisitor(who)) return NotFound();
  if (!RoleAtLeast(who.role, role)) return PermissionDenied();
  return Ok();
}

}  // namespace

std::string ReaderKey(const Principal& p) {
  switch (p.kind) {
    case CredentialKind::kUserToken: return "user:" + p.user_id.str();
    case CredentialKind::kVisitor: return "visitor:" + p.visitor_id;
    case CredentialKind::kApiKey: break;
  }
  return "";
}

ConversationService::ConversationService(db::Database& db, const Clock& clock, Random& random,
                                         db::FileStorage& files, ConversationListener& listener,
                                         ConversationOptions options)
    : db_(db), clock_(clock), random_(random), files_(files), listener_(listener),
      options_(options) {}

std::string ConversationService::NewId() { return NewUuidV7(clock_, random_); }

Result<Conversation> ConversationService::Load(db::Tx& tx, const Principal& who,
                                               const ConversationId& id, bool for_update) {
  if (id.empty() || id.str().size() > 100) return NotFound("conversation not found");
  SYN_ASSIGN_OR_RETURN(auto found, store::FindConversation(tx, who.org_id, id, for_update));
  if (!found || (IsVisitor(who) && found->visitor_id != who.visitor_id)) {
    return NotFound("conversation not found");
  }
  return std::move(*found);
}

Result<PostedMessage> ConversationService::CreateConversation(const Principal& who,
                                                              const NewConversation& in) {
  if (!IsVisitor(who)) SYN_RETURN_IF_ERROR(RequireStaff(who, Role::kMember));
  std::vector<FieldError> errors;
  Conversation c;
  c.id = ConversationId(NewId());
  c.org_id = who.org_id;
  c.channel = IsVisitor(who) ? Channel::kWebWidget : in.channel;
  if (!IsVisitor(who) && in.channel == Channel::kWebWidget) {
    errors.push_back({"channel", "web_widget conversations are started by widget visitors"});
  }
  c.visitor_id = IsVisitor(who) ? who.visitor_id : "";
  c.agent_id = in.agent_id;
  if (c.agent_id && (c.agent_id->empty() || c.agent_id->str().size() > 100)) {
    errors.push_back({"agent_id", "must be an agent id"});
  }
  c.contact_id = IsVisitor(who) ? std::nullopt : in.contact_id;
  if (in.subject.size() > kMaxSubjectBytes) errors.push_back({"subject", "at most 200 bytes"});
  c.subject = in.subject;
  if (in.metadata) {
    if (auto p = JsonObjectProblem(*in.metadata, kMaxMetadataBytes)) errors.push_back({"metadata", *p});
    c.metadata = *in.metadata;
  }
  c.tags = NormalizeTags(in.tags, "tags", errors);
  c.priority = in.priority.value_or(Priority::kNormal);
  c.started_at = c.updated_at = Now();
  MessageInput first;
  if (in.first_message) {
    first.content = *in.first_message;
    if (first.content.empty() || first.content.size() > kMaxContentBytes) {
      errors.push_back({"message", "must be 1..32768 bytes"});
    }
  }
  auto result = db::InTx(
      db_, db::Scope::Tenant(who.org_id.str()), db::TxMode::kWrite,
      [&](db::Tx& tx) -> Result<PostedMessage> {
        if (c.contact_id) {
          SYN_ASSIGN_OR_RETURN(bool exists, store::ContactExists(tx, c.org_id, *c.contact_id));
          if (!exists) errors.push_back({"contact_id", "is not a contact of the organization"});
        }
        if (!errors.empty()) return InvalidArgument("invalid conversation", errors);
        SYN_RETURN_IF_ERROR(store::InsertConversation(tx, c));
        SYN_RETURN_IF_ERROR(AppendConversationEvent(
            tx, clock_, random_, c.org_id, "conversation.started", c.id,
            EventPayload()
                .Str("conversation_id", c.id.str())
                .Str("channel", ChannelName(c.channel))
                .OptStr("contact_id", c.contact_id ? std::optional(c.contact_id->str()) : std::nullopt)
                .OptStr("agent_id", c.agent_id ? std::optional(c.agent_id->str()) : std::nullopt)
                .OptStr("visitor_id", c.visitor_id.empty() ? std::nullopt : std::optional(c.visitor_id))
                .Build()));
        if (!in.first_message) return PostedMessage{Message{}, false, c};
        return WriteMessage(tx, who, c, first);
      });
  if (!result.ok()) return result;
  listener_.ConversationChanged(result->conversation);
  if (result->created) listener_.MessageCreated(result->conversation, result->message);
  return result;
}

Result<Conversation> ConversationService::GetConversation(const Principal& who,
                                                          const ConversationId& id) {
  return db::InTx(db_, db::Scope::Tenant(who.org_id.str()), db::TxMode::kRead,
                  [&](db::Tx& tx) -> Result<Conversation> {
                    SYN_ASSIGN_OR_RETURN(Conversation c, Load(tx, who, id, false));
                    SYN_RETURN_IF_ERROR(store::LoadReaderState(tx, c, ReaderKey(who), !IsVisitor(who)));
                    return c;
                  });
}

Result<Page<Conversation>> ConversationService::ListConversations(const Principal& who,
                                                                  const ConversationFilter& filter,
                                                                  const PageRequest& page) {
  SYN_RETURN_IF_ERROR(RequireStaff(who, Role::kViewer));
  return db::InTx(db_, db::Scope::Tenant(who.org_id.str()), db::TxMode::kRead,
                  [&](db::Tx& tx) {
                    return store::ListConversations(tx, who.org_id, filter, page, ReaderKey(who));
                  });
}

Result<std::vector<Conversation>> ConversationService::ListVisitorConversations(
    const Principal& visitor) {
  if (!IsVisitor(visitor)) return PermissionDenied("only widget visitors list their own conversations");
  return db::InTx(db_, db::Scope::Tenant(visitor.org_id.str()), db::TxMode::kRead,
                  [&](db::Tx& tx) -> Result<std::vector<Conversation>> {
                    SYN_ASSIGN_OR_RETURN(auto list, store::ListVisitorConversations(
                                                        tx, visitor.org_id, visitor.visitor_id, 50));
                    for (auto& c : list) {
                      SYN_RETURN_IF_ERROR(store::LoadReaderState(tx, c, ReaderKey(visitor), false));
                    }
                    return list;
                  });
}

Result<Thread> ConversationService::CreateThread(const Principal& who, const ConversationId& id,
                                                 const std::string& title) {
  SYN_RETURN_IF_ERROR(RequireStaff(who, Role::kMember));
  if (title.empty() || title.size() > kMaxThreadTitleBytes) {
    return InvalidArgument("invalid thread", {{"title", "must be 1..200 bytes"}});
  }
  Thread t{ThreadId(NewId()), title, 0, Now()};
  Conversation after;
  auto r = db::InTx(db_, db::Scope::Tenant(who.org_id.str()), db::TxMode::kWrite,
                    [&](db::Tx& tx) -> Result<void> {
                      SYN_ASSIGN_OR_RETURN(after, Load(tx, who, id, true));
                      SYN_RETURN_IF_ERROR(store::InsertThread(tx, who.org_id, id, t));
                      after.threads.push_back(t);
                      after.updated_at = Now();
                      return store::UpdateConversation(tx, after);
                    });
  if (!r.ok()) return std::move(r).error();
  listener_.ConversationChanged(after);
  return t;
}

}  // namespace syntera::conversations
