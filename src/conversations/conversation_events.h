#pragma once
// The domain events of the conversations module, appended with events::AppendEvent inside the
// transaction that made the change (an event exists iff its change committed). Aggregate:
// "conversation" (id = the conversation id) for every type, so delivery is ordered per
// conversation. Payloads: src/events/EVENTS.md, section "Conversations".
//
//   conversation.started            conversation.assigned        conversation.resolved
//   conversation.handoff_requested  conversation.ended           message.created
//   message.updated                 message.deleted

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/json_text.h"
#include "base/clock.h"
#include "base/random.h"
#include "base/result.h"
#include "conversations/conversation_types.h"
#include "db/database.h"

namespace syntera::conversations {

// Builds a flat JSON object text (strings, optional strings, integers).
using EventPayload = JsonObjectText;  // base/json_text.h

// Appends `type` about conversation `id` of `org` inside `tx`. Errors: the outbox's.
Result<void> AppendConversationEvent(db::Tx& tx, const Clock& clock, Random& random,
                                     const OrgId& org, std::string type, const ConversationId& id,
                                     std::string payload);

// Payload parts shared by several events.
std::optional<std::string> AssigneeUser(const Conversation& c);
// {conversation_id, message_id, role (the sender type), message_type, seq} of `m`.
EventPayload MessagePayload(const Message& m);

// The value of `"key":"<value>"` in a flat payload written by EventPayload (ids and enum
// names only: no escapes), or "" when absent.
std::string PayloadString(std::string_view payload, std::string_view key);

}  // namespace syntera::conversations
