#pragma once
// Cryptographic primitives on OpenSSL, behind plain types.

#include <cstdint>
#include <string>
#include <string_view>

#include "base/random.h"

namespace syntera::crypto {

// Random from the operating system CSPRNG (OpenSSL RAND_bytes). Thread-safe.
class SecureRandom final : public Random {
 public:
  void Fill(std::span<uint8_t> out) override;
};

// Raw 32-byte digests.
std::string Sha256(std::string_view data);
std::string HmacSha256(std::string_view key, std::string_view data);
// Hex of Sha256(data): how tokens and API keys are stored at rest.
std::string Sha256Hex(std::string_view data);

// Compares in time that depends only on the lengths, never on where the inputs differ.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace syntera::crypto
