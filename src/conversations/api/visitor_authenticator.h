#pragma once
// The http::Authenticator of widget visitor tokens (conversations/visitor_token.h): accepts
// only visitor tokens issued under the widget's current key and returns a Principal of kind
// kVisitor. The application combines it with the auth module's authenticator for the
// realtime handshake only; the HTTP pipeline keeps the auth authenticator, so a visitor token
// is refused (401) on every /api route except the widget routes, which verify it themselves
// (widget_routes.cc).

#include "conversations/widget_service.h"
#include "http/authenticator.h"

namespace syntera::conversations {

class VisitorAuthenticator final : public http::Authenticator {
 public:
  // `widget` must outlive it. Thread-safe.
  explicit VisitorAuthenticator(WidgetService& widget) : widget_(widget) {}
  // Errors: kUnauthenticated for anything but a valid, unexpired, unrevoked visitor token
  // (WidgetService::AuthenticateVisitor).
  Result<Principal> Authenticate(std::string_view bearer) override;

 private:
  WidgetService& widget_;
};

}  // namespace syntera::conversations
