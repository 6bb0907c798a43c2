#include "auth/password_hasher.h"

#include <argon2.h>

#include <array>
#include <stdexcept>

namespace syntera::auth {
namespace {
constexpr size_t kSaltBytes = 16;
constexpr size_t kHashBytes = 32;
}  // namespace

PasswordHasher::PasswordHasher(Random& random, Argon2Params params)
    : random_(random), params_(params) {
  auto dummy = Hash("syntera-dummy-password-for-unknown-accounts");
  // Only an impossible parameter set fails here: a start-up misconfiguration.
  if (!dummy.ok())
    throw std::invalid_argument("argon2 parameters rejected: " + dummy.error().message);
  dummy_hash_ = std::move(dummy).value();
}

Result<std::string> PasswordHasher::Hash(std::string_view password) const {
  std::array<uint8_t, kSaltBytes> salt{};
  random_.Fill(salt);
  size_t len = argon2_encodedlen(params_.iterations, params_.memory_kib, params_.parallelism,
                                 kSaltBytes, kHashBytes, Argon2_id);
  std::string encoded(len, '\0');
  int rc = argon2id_hash_encoded(params_.iterations, params_.memory_kib, params_.parallelism,
                                 password.data(), password.size(), salt.data(), salt.size(),
                                 kHashBytes, encoded.data(), encoded.size());
  if (rc != ARGON2_OK) return Internal(std::string("argon2: ") + argon2_error_message(rc));
  encoded.resize(encoded.find('\0'));
  return encoded;
}

bool PasswordHasher::Verify(std::string_view encoded, std::string_view password) const {
  std::string z(encoded);  // argon2id_verify wants a NUL-terminated string
  return argon2id_verify(z.c_str(), password.data(), password.size()) == ARGON2_OK;
}

void PasswordHasher::VerifyDummy(std::string_view password) const {
  (void)Verify(dummy_hash_, password);
}

}  // namespace syntera::auth
