#pragma once
// The http::Authenticator of widget visitor tokens (conversations/visitor_token.h): accepts
// only visitor tokens and returns a Principal of kind kVisitor. The application combines it
// with the auth module's authenticator for the realtime handshake only; the HTTP pipeline
// keeps the auth authenticator, so a visitor token is refused (401) on every /api route
// except the widget routes, which verify it themselves (widget_routes.cc).

#include "conversations/visitor_token.h"
#include "http/authenticator.h"

namespace syntera::conversations {

class VisitorAuthenticator final : public http::Authenticator {
 public:
  // `tokens` must outlive it. Thread-safe.
  explicit VisitorAuthenticator(const VisitorTokens& tokens) : tokens_(tokens) {}
  // Errors: kUnauthenticated for anything but a valid, unexpired visitor token.
  Result<Principal> Authenticate(std::string_view bearer) override;

 private:
  const VisitorTokens& tokens_;
};

}  // namespace syntera::conversations
