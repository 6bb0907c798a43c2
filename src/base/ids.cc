#include "base/ids.h"

#include <array>
#include <cstdint>

#include "base/encoding.h"

namespace syntera {

std::string NewUuidV7(const Clock& clock, Random& random) {
  std::array<uint8_t, 16> b{};
  random.Fill(b);
  uint64_t ms = static_cast<uint64_t>(ToUnixMillis(clock.Now()));
  for (int i = 0; i < 6; ++i) b[i] = static_cast<uint8_t>(ms >> (40 - 8 * i));
  b[6] = static_cast<uint8_t>(0x70 | (b[6] & 0x0F));
  b[8] = static_cast<uint8_t>(0x80 | (b[8] & 0x3F));
  std::string hex = HexEncode(b);
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
         hex.substr(16, 4) + "-" + hex.substr(20);
}

bool LooksLikeUuid(std::string_view s) {
  if (s.size() != 36) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != '-') return false;
    } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
      return false;
    }
  }
  return true;
}

}  // namespace syntera
