#pragma once
// Opaque bearer secrets (refresh tokens, API keys, invitation and one-time tokens). Each is 32
// random bytes (256 bits) in base64url; only its SHA-256 hex digest is ever stored, so a
// database leak does not leak usable credentials.

#include <string>
#include <string_view>

#include "base/random.h"

namespace syntera::auth {

inline constexpr std::string_view kApiKeyPrefix = "sk_";
// Characters of an API key secret shown in lists (includes "sk_").
inline constexpr size_t kApiKeyDisplayPrefixLength = 12;

// 32 random bytes, base64url without padding (43 characters).
std::string NewOpaqueToken(Random& random);
// "sk_" followed by an opaque token.
std::string NewApiKeySecret(Random& random);
// The form stored at rest: lowercase hex SHA-256 of the token.
std::string HashSecret(std::string_view token);
// The first kApiKeyDisplayPrefixLength characters of an API key secret.
std::string ApiKeyDisplayPrefix(std::string_view secret);

}  // namespace syntera::auth
