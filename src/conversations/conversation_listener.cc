#include "conversations/conversation_listener.h"

#include <algorithm>

namespace syntera::conversations {

void ListenerRelay::Add(ConversationListener* listener) {
  std::lock_guard lock(mu_);
  listeners_.push_back(listener);
}

void ListenerRelay::Remove(ConversationListener* listener) {
  std::lock_guard lock(mu_);
  listeners_.erase(std::remove(listeners_.begin(), listeners_.end(), listener), listeners_.end());
}

std::vector<ConversationListener*> ListenerRelay::Snapshot() const {
  std::lock_guard lock(mu_);
  return listeners_;
}

void ListenerRelay::ConversationChanged(const Conversation& c) {
  for (auto* l : Snapshot()) l->ConversationChanged(c);
}

void ListenerRelay::MessageCreated(const Conversation& c, const Message& m) {
  for (auto* l : Snapshot()) l->MessageCreated(c, m);
}

void ListenerRelay::ReplyDelta(const Conversation& c, const MessageId& id, std::string_view delta) {
  for (auto* l : Snapshot()) l->ReplyDelta(c, id, delta);
}

void ListenerRelay::ReadAdvanced(const Conversation& c, const ReadCursor& cursor) {
  for (auto* l : Snapshot()) l->ReadAdvanced(c, cursor);
}

void ListenerRelay::DeliveryAdvanced(const Conversation& c, const ReadCursor& cursor) {
  for (auto* l : Snapshot()) l->DeliveryAdvanced(c, cursor);
}

void ListenerRelay::MessageChanged(const Conversation& c, const Message& m, MessageChange change) {
  for (auto* l : Snapshot()) l->MessageChanged(c, m, change);
}

void ListenerRelay::WidgetKeyRegenerated(const OrgId& org) {
  for (auto* l : Snapshot()) l->WidgetKeyRegenerated(org);
}

}  // namespace syntera::conversations
