#pragma once
// The http::Authenticator of the application: API keys ("sk_…") and user access tokens.

#include "http/authenticator.h"

namespace syntera::auth {

class AuthService;

// Thread-safe; `service` must outlive it.
class AuthAuthenticator final : public http::Authenticator {
 public:
  explicit AuthAuthenticator(AuthService& service) : service_(service) {}
  Result<Principal> Authenticate(std::string_view bearer) override;

 private:
  AuthService& service_;
};

}  // namespace syntera::auth
