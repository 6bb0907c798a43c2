#pragma once
// Widget visitors: the organization's widget settings (public key, allowed origins) and the
// sessions that turn (public key, page origin, visitor id?) into a signed visitor token.
// Until agents exist the public key belongs to the organization; the agents issue moves it to
// each agent (with the agent's allowed origins).
//
// Thread-safety: all methods may be called concurrently.

#include <chrono>

#include "base/clock.h"
#include "base/principal.h"
#include "base/random.h"
#include "base/result.h"
#include "conversations/conversation_listener.h"
#include "conversations/conversation_types.h"
#include "conversations/visitor_token.h"
#include "db/database.h"

namespace syntera::conversations {

struct WidgetOptions {
  std::chrono::seconds visitor_token_ttl{std::chrono::hours(12)};
};

class WidgetService {
 public:
  // All references must outlive the service. `listener` (optional) hears of key
  // regenerations, e.g. to disconnect the visitors' open sockets.
  WidgetService(db::Database& db, const Clock& clock, Random& random, const VisitorTokens& tokens,
                WidgetOptions options = {}, ConversationListener* listener = nullptr);

  // Admin+. The settings, created with a fresh public key and no allowed origin on first use.
  Result<WidgetSettings> GetSettings(const Principal& who);
  // Admin+. Replaces allowed_origins when given (each "scheme://host[:port]", at most 50)
  // and/or issues a new public key: the old key stops working for new sessions and every
  // visitor token issued under it is refused from then on (key_version is bumped).
  // Errors: kInvalidArgument listing bad origins.
  Result<WidgetSettings> UpdateSettings(const Principal& who, const WidgetSettingsInput& input);

  // Public. Errors: kUnauthenticated for an unknown public key; kInvalidArgument for a
  // malformed origin or visitor_id; kFailedPrecondition when the organization allows no
  // origin yet (the message says what to configure); kPermissionDenied for an origin not in
  // the list. A valid visitor_id is kept (the widget resumes the same visitor).
  Result<WidgetSession> StartSession(const WidgetSessionRequest& request);

  // The visitor behind a visitor token: valid signature, not expired, and issued under the
  // organization's current widget key (not revoked by a regeneration). One read of the
  // settings per call. Errors: kUnauthenticated.
  Result<Principal> AuthenticateVisitor(std::string_view token);

 private:
  Result<WidgetSettings> Ensure(db::Tx& tx, const OrgId& org);
  std::string NewPublicKey();

  db::Database& db_;
  const Clock& clock_;
  Random& random_;
  const VisitorTokens& tokens_;
  WidgetOptions options_;
  ConversationListener* const listener_;
};

}  // namespace syntera::conversations
