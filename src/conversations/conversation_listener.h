#pragma once
// Live fan-out seam: the service tells a ConversationListener about each change AFTER its
// transaction committed (never before, never for a rolled-back change). The realtime adapter
// (conversations/socket) implements it to emit Socket.IO events; the domain does not know
// sockets. Delivery is best-effort and immediate (lowest latency); durability comes from the
// database and the domain events, and clients de-duplicate by message id (a resend through
// client_message_id returns the stored message without a second notification).
//
// Callbacks run on the thread that made the change (an HTTP or Socket.IO I/O thread, or a job
// worker); they must be quick and must not throw.

#include <mutex>
#include <string_view>
#include <vector>

#include "conversations/conversation_types.h"

namespace syntera::conversations {

class ConversationListener {
 public:
  virtual ~ConversationListener() = default;
  // A conversation was created or changed (status, assignee, tags, …).
  virtual void ConversationChanged(const Conversation& conversation) = 0;
  // A message was stored; `conversation` is the state after it.
  virtual void MessageCreated(const Conversation& conversation, const Message& message) = 0;
  // A piece of an AI reply being generated; `message_id` is the id the final message will
  // have when stored.
  virtual void ReplyDelta(const Conversation& conversation, const MessageId& message_id,
                          std::string_view delta) = 0;
  // A reader's read cursor moved (its delivery cursor moved with it).
  virtual void ReadAdvanced(const Conversation& conversation, const ReadCursor& cursor) = 0;
  // A reader's delivery cursor moved (and not its read cursor).
  virtual void DeliveryAdvanced(const Conversation& conversation, const ReadCursor& cursor) = 0;
  // A stored message changed: its author edited it, or its reactions changed. `message` is
  // the state after the change (with attachments and reactions).
  virtual void MessageChanged(const Conversation& conversation, const Message& message,
                              MessageChange change) = 0;
  // The organization's widget key was regenerated: visitor tokens issued before are revoked
  // (after commit; the default does nothing).
  virtual void WidgetKeyRegenerated(const OrgId& /*org*/) {}
};

class NullListener final : public ConversationListener {
 public:
  void ConversationChanged(const Conversation&) override {}
  void MessageCreated(const Conversation&, const Message&) override {}
  void ReplyDelta(const Conversation&, const MessageId&, std::string_view) override {}
  void ReadAdvanced(const Conversation&, const ReadCursor&) override {}
  void DeliveryAdvanced(const Conversation&, const ReadCursor&) override {}
  void MessageChanged(const Conversation&, const Message&, MessageChange) override {}
};

// Forwards to the listeners added so far. The service is built before the realtime server
// exists; the composition root adds the socket adapter once it does (before traffic starts).
// Thread-safe.
class ListenerRelay final : public ConversationListener {
 public:
  // `listener` must outlive the relay (or be removed first).
  void Add(ConversationListener* listener);
  void Remove(ConversationListener* listener);

  void ConversationChanged(const Conversation& conversation) override;
  void MessageCreated(const Conversation& conversation, const Message& message) override;
  void ReplyDelta(const Conversation& conversation, const MessageId& message_id,
                  std::string_view delta) override;
  void ReadAdvanced(const Conversation& conversation, const ReadCursor& cursor) override;
  void DeliveryAdvanced(const Conversation& conversation, const ReadCursor& cursor) override;
  void MessageChanged(const Conversation& conversation, const Message& message,
                      MessageChange change) override;
  void WidgetKeyRegenerated(const OrgId& org) override;

 private:
  std::vector<ConversationListener*> Snapshot() const;
  mutable std::mutex mu_;  // guards listeners_
  std::vector<ConversationListener*> listeners_;
};

}  // namespace syntera::conversations
