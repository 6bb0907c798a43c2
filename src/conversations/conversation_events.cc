#include "conversations/conversation_events.h"

#include <cstdio>

#include "events/domain_event.h"

namespace syntera::conversations {
namespace {

std::string Quote(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
          out += buf;
        } else {
          out.push_back(c);
        }
    }
  }
  out.push_back('"');
  return out;
}

}  // namespace

void EventPayload::Key(std::string_view key) {
  if (!body_.empty()) body_.push_back(',');
  body_ += Quote(key);
  body_.push_back(':');
}

EventPayload& EventPayload::Str(std::string_view key, std::string_view value) {
  Key(key);
  body_ += Quote(value);
  return *this;
}

EventPayload& EventPayload::OptStr(std::string_view key, const std::optional<std::string>& value) {
  if (value) return Str(key, *value);
  Key(key);
  body_ += "null";
  return *this;
}

EventPayload& EventPayload::Int(std::string_view key, int64_t value) {
  Key(key);
  body_ += std::to_string(value);
  return *this;
}

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

std::string PayloadString(std::string_view payload, std::string_view key) {
  std::string needle = "\"" + std::string(key) + "\":\"";
  size_t at = payload.find(needle);
  if (at == std::string_view::npos) return "";
  size_t begin = at + needle.size(), end = payload.find('"', begin);
  if (end == std::string_view::npos) return "";
  return std::string(payload.substr(begin, end - begin));
}

}  // namespace syntera::conversations
