#pragma once
// The AI seam. The agents issue implements Responder; this module decides WHEN it runs and
// stores what it returns:
//  - a visitor (or contact) message committed in a conversation that is open and assigned to
//    the AI appends message.created; the dispatcher subscriber "conversations.responder"
//    (wired in app/modules.cc) turns it into a durable job on kRespondQueue (idempotency key
//    = the message id), so a crash or restart never loses the trigger;
//  - the job (ResponderRunner) re-checks that the conversation is still AI-assigned and open
//    (a human who claimed it, or a handoff, silences the AI), calls Respond(), forwards each
//    ReplyStream::Delta to the listener as message:delta (with the id the final message will
//    have), then stores the reply as an agent message with client_message_id "ai:<trigger
//    message id>" — a retried job returns that stored reply instead of writing a second one;
//  - if a human took over while the reply was generated, the reply is dropped (not stored).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "conversations/conversation_types.h"

namespace syntera::conversations {

struct ResponderRequest {
  Conversation conversation;
  Message trigger;               // the visitor/contact message to answer
  std::vector<Message> history;  // the newest messages (oldest first, notes excluded), incl. trigger
};

struct ResponderReply {
  std::string content;            // the full reply (Markdown), 1..kMaxContentBytes
  std::optional<std::string> ai;  // JSON object text: model, tokens, latency, sources, tool_calls, cost
};

// Receives a reply while it is generated. Delta returns an error when the reply should stop
// (e.g. the conversation was taken over); the responder then returns that error.
class ReplyStream {
 public:
  virtual ~ReplyStream() = default;
  virtual Result<void> Delta(std::string_view text) = 0;
};

class Responder {
 public:
  virtual ~Responder() = default;
  // Generates the reply to request.trigger, streaming pieces through `stream` and returning the
  // whole text. Errors: kUnavailable (provider down: the job retries), others are permanent.
  // Called on a job worker thread; may take seconds; must be thread-safe.
  virtual Result<ResponderReply> Respond(const ResponderRequest& request, ReplyStream& stream) = 0;
};

// TEST ONLY: answers "You said: <text>" in three deltas. The application enables it when the
// environment variable SYNTERA_TEST_RESPONDER=echo is set (end-to-end tests); otherwise no
// responder runs until the agents issue provides one.
class EchoResponder final : public Responder {
 public:
  Result<ResponderReply> Respond(const ResponderRequest& request, ReplyStream& stream) override;
};

}  // namespace syntera::conversations
