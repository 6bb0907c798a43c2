#include "base/random.h"

#include <vector>

#include "base/encoding.h"

namespace syntera {

std::string RandomToken(Random& random, size_t n) {
  std::vector<uint8_t> bytes(n);
  random.Fill(bytes);
  return Base64UrlEncode(bytes);
}

}  // namespace syntera
