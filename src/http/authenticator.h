#pragma once
// How the pipeline turns a credential into a Principal. Implemented by the auth module.

#include <string_view>

#include "base/principal.h"
#include "base/result.h"

namespace syntera::http {

class Authenticator {
 public:
  virtual ~Authenticator() = default;
  // `bearer` is the token after "Bearer " (a user access token or an API key secret).
  // Errors: kUnauthenticated for a missing, malformed, expired or revoked credential;
  // kUnavailable when storage is down. Thread-safe.
  virtual Result<Principal> Authenticate(std::string_view bearer) = 0;
};

}  // namespace syntera::http
