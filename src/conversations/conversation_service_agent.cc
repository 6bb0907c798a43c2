// ConversationService: what the AI responder reads and writes (see responder.h).

#include "conversations/conversation_events.h"
#include "conversations/conversation_service.h"
#include "conversations/conversation_store.h"
#include "conversations/message_store.h"

namespace syntera::conversations {
namespace {

constexpr int kHistoryMessages = 20;

bool AiAnswers(const Conversation& c) {
  return c.status == Status::kOpen && c.assignee_type == AssigneeType::kAi;
}

}  // namespace

Result<ResponderRequest> ConversationService::PrepareReply(const OrgId& org,
                                                           const ConversationId& id,
                                                           const MessageId& trigger) {
  return db::InTx(
      db_, db::Scope::Tenant(org.str()), db::TxMode::kRead,
      [&](db::Tx& tx) -> Result<ResponderRequest> {
        SYN_ASSIGN_OR_RETURN(auto c, store::FindConversation(tx, org, id));
        if (!c) return NotFound("conversation not found");
        if (!AiAnswers(*c)) return FailedPrecondition("the AI does not answer this conversation now");
        SYN_ASSIGN_OR_RETURN(auto m, store::FindMessage(tx, org, id, trigger));
        if (!m) return NotFound("message not found");
        if (m->sender_type != SenderType::kVisitor && m->sender_type != SenderType::kContact) {
          return FailedPrecondition("only visitor and contact messages are answered");
        }
        SYN_ASSIGN_OR_RETURN(auto history, store::RecentMessages(tx, org, id, kHistoryMessages, false));
        return ResponderRequest{std::move(*c), std::move(*m), std::move(history)};
      });
}

Result<PostedMessage> ConversationService::PostAgentReply(const OrgId& org,
                                                          const ConversationId& id,
                                                          const AgentReply& reply) {
  if (reply.content.empty() || reply.content.size() > kMaxContentBytes) {
    return InvalidArgument("invalid reply", {{"content", "must be 1..32768 bytes"}});
  }
  auto result = db::InTx(
      db_, db::Scope::Tenant(org.str()), db::TxMode::kWrite,
      [&](db::Tx& tx) -> Result<PostedMessage> {
        SYN_ASSIGN_OR_RETURN(auto found, store::FindConversation(tx, org, id, true));
        if (!found) return NotFound("conversation not found");
        Conversation c = std::move(*found);
        std::string sender_key = "agent:" + (c.agent_id ? c.agent_id->str() : std::string("ai"));
        SYN_ASSIGN_OR_RETURN(auto earlier,
                             store::FindByClientId(tx, org, id, sender_key, reply.client_message_id));
        if (earlier) return PostedMessage{std::move(*earlier), false, std::move(c)};
        if (!AiAnswers(c)) return FailedPrecondition("a team member took over; the reply is dropped");
        Timestamp now = Now();
        Message m;
        m.id = reply.id.empty() ? MessageId(NewId()) : reply.id;
        m.conversation_id = c.id;
        m.org_id = org;
        m.seq = c.message_count + 1;
        m.sender_type = SenderType::kAgent;
        m.sender_id = c.agent_id ? c.agent_id->str() : "";
        m.content = reply.content;
        m.type = MessageType::kText;
        m.client_message_id = reply.client_message_id;
        m.ai = reply.ai;
        m.created_at = now;
        SYN_RETURN_IF_ERROR(store::InsertMessage(tx, m, sender_key));
        c.message_count = m.seq;
        c.last_message_at = now;
        c.updated_at = now;
        SYN_RETURN_IF_ERROR(store::UpdateConversation(tx, c));
        SYN_RETURN_IF_ERROR(AppendConversationEvent(
            tx, clock_, random_, org, "message.created", c.id,
            EventPayload()
                .Str("conversation_id", c.id.str())
                .Str("message_id", m.id.str())
                .Str("role", "agent")
                .Str("message_type", MessageTypeName(m.type))
                .Int("seq", m.seq)
                .OptStr("thread_id", std::nullopt)
                .Build()));
        return PostedMessage{std::move(m), true, std::move(c)};
      });
  if (result.ok() && result->created) listener_.MessageCreated(result->conversation, result->message);
  return result;
}

void ConversationService::PublishDelta(const Conversation& conversation, const MessageId& id,
                                       std::string_view delta) {
  listener_.ReplyDelta(conversation, id, delta);
}

}  // namespace syntera::conversations
