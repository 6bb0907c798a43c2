#include "conversations/conversation_events.h"

#include "base/encoding.h"
#include "events/domain_event.h"

namespace syntera::conversations {
Result<void> AppendConversationEvent(db::Tx& tx, const Clock& clock, Random& random,
                                     const OrgId& org, std::string type, const ConversationId& id,
                                     std::string payload) {
  return events::AppendEvent(tx, events::NewDomainEvent(clock, random, org, std::move(type),
                                                        "conversation", id.str(),
                                                        std::move(payload)));
}

std::optional<std::string> AssigneeUser(const Conversation& c) {
  if (!c.assignee_user_id) return std::nullopt;
  return c.assignee_user_id->str();
}

EventPayload MessagePayload(const Message& m) {
  return EventPayload()
      .Str("conversation_id", m.conversation_id.str())
      .Str("message_id", m.id.str())
      .Str("role", SenderTypeName(m.sender_type))
      .Str("message_type", MessageTypeName(m.type))
      .Int("seq", m.seq);
}

std::string PayloadString(std::string_view payload, std::string_view key) {
  std::string needle = "\"" + std::string(key) + "\":\"";
  size_t at = payload.find(needle);
  if (at == std::string_view::npos) return "";
  size_t begin = at + needle.size(), end = payload.find('"', begin);
  if (end == std::string_view::npos) return "";
  return std::string(payload.substr(begin, end - begin));
}

}  // namespace syntera::conversations
