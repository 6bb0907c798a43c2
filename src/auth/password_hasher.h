#pragma once
// Password hashing with argon2id (libargon2), OWASP parameters by default. Hashes are stored
// as the self-describing encoded string "$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>", so
// the parameters can change later without breaking existing hashes.

#include <cstdint>
#include <string>
#include <string_view>

#include "base/random.h"
#include "base/result.h"

namespace syntera::auth {

struct Argon2Params {
  uint32_t memory_kib = 19456;  // 19 MiB
  uint32_t iterations = 2;
  uint32_t parallelism = 1;
};

// Thread-safe (the Random must be too). Each Hash or Verify takes ~20 ms and ~19 MiB.
class PasswordHasher {
 public:
  // `random` supplies the 16-byte salts and must outlive the hasher. Computes one dummy hash
  // up front (see VerifyDummy).
  explicit PasswordHasher(Random& random, Argon2Params params = {});

  // The encoded argon2id hash of `password`. Errors: kInternal when libargon2 fails.
  Result<std::string> Hash(std::string_view password) const;

  // True when `password` matches `encoded`. libargon2 compares the digests in constant time.
  // A malformed `encoded` is simply false.
  bool Verify(std::string_view encoded, std::string_view password) const;

  // Spends the time of one Verify and always fails: used for unknown accounts so that the
  // response time does not reveal whether an email address is registered.
  void VerifyDummy(std::string_view password) const;

 private:
  Random& random_;
  Argon2Params params_;
  std::string dummy_hash_;
};

}  // namespace syntera::auth
