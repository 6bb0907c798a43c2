#pragma once
// Access tokens: compact JWTs signed with HMAC-SHA256 (RFC 7519, alg HS256 only), claims
//   {"iss":"syntera","sub":<user id>,"org":<active org id>,"sid":<session id>,"iat":s,"exp":s}.
// They are short-lived (at most 15 minutes); a valid signature is necessary but not
// sufficient: AuthService also checks the session and membership on every request.

#include <chrono>
#include <string>
#include <string_view>

#include "base/clock.h"
#include "base/ids.h"
#include "base/result.h"

namespace syntera::auth {

inline constexpr std::string_view kTokenIssuer = "syntera";
inline constexpr size_t kMinSigningKeyBytes = 32;

struct AccessClaims {
  UserId user_id;          // sub
  OrgId org_id;            // org
  std::string session_id;  // sid
  Timestamp issued_at;     // iat, whole seconds
  Timestamp expires_at;    // exp, whole seconds
};

// Thread-safe (immutable after construction).
class AccessTokenCodec {
 public:
  // `signing_key` must hold at least kMinSigningKeyBytes bytes; a shorter key is a start-up
  // misconfiguration and throws std::invalid_argument. `clock` must outlive the codec.
  AccessTokenCodec(std::string signing_key, const Clock& clock);

  // Claims for a token issued now and valid for `ttl` (rounded down to whole seconds).
  AccessClaims NewClaims(UserId user, OrgId org, std::string session_id,
                         std::chrono::seconds ttl) const;

  // The signed token "<header>.<payload>.<signature>" (base64url, no padding).
  std::string Sign(const AccessClaims& claims) const;

  // The claims of a well-formed, correctly signed, unexpired HS256 token issued by us.
  // Errors: kUnauthenticated for anything else (malformed, another alg, bad signature,
  // expired, issued in the future, wrong issuer). Messages never echo the token.
  Result<AccessClaims> Verify(std::string_view token) const;

 private:
  std::string signing_key_;
  const Clock& clock_;
};

}  // namespace syntera::auth
