#pragma once
// Runs the Responder for one trigger message (the body of the kRespondQueue job; see
// responder.h for the whole flow). At least once: a retried run finds the stored reply through
// its client_message_id and writes nothing more.

#include "base/random.h"
#include "base/clock.h"
#include "conversations/conversation_service.h"
#include "conversations/responder.h"

namespace syntera::conversations {

class ResponderRunner {
 public:
  // All references must outlive the runner. Thread-safe when `responder` is.
  ResponderRunner(ConversationService& service, Responder& responder, const Clock& clock,
                  Random& random)
      : service_(service), responder_(responder), clock_(clock), random_(random) {}

  // Answers `trigger` in conversation `id` of `org` when the AI should (else does nothing and
  // returns ok). Errors: the responder's kUnavailable (retry later) and storage errors.
  Result<void> Run(const OrgId& org, const ConversationId& id, const MessageId& trigger);

 private:
  ConversationService& service_;
  Responder& responder_;
  const Clock& clock_;
  Random& random_;
};

}  // namespace syntera::conversations
