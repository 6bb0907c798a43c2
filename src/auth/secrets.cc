#include "auth/secrets.h"

#include "crypto/crypto.h"

namespace syntera::auth {

std::string NewOpaqueToken(Random& random) { return RandomToken(random, 32); }

std::string NewApiKeySecret(Random& random) {
  return std::string(kApiKeyPrefix) + NewOpaqueToken(random);
}

std::string HashSecret(std::string_view token) { return crypto::Sha256Hex(token); }

std::string ApiKeyDisplayPrefix(std::string_view secret) {
  return std::string(secret.substr(0, kApiKeyDisplayPrefixLength));
}

}  // namespace syntera::auth
