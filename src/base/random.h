#pragma once
// Randomness behind an interface. Production uses a CSPRNG (crypto/secure_random.h).

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

namespace syntera {

class Random {
 public:
  virtual ~Random() = default;
  // Fills `out` with random bytes. Thread-safe.
  virtual void Fill(std::span<uint8_t> out) = 0;
};

// `n` random bytes encoded as unpadded base64url (URL- and header-safe).
std::string RandomToken(Random& random, size_t n);

}  // namespace syntera
