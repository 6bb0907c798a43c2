#include "jobs/retry_policy.h"

#include <algorithm>
#include <array>
#include <cstdint>

namespace syntera::jobs {

std::chrono::milliseconds RetryDelay(const RetryPolicy& policy, int attempt, Random& random) {
  int64_t d = std::max<int64_t>(policy.base.count(), 1);
  for (int i = 1; i < attempt && d < policy.max.count(); ++i) d *= 2;
  d = std::min<int64_t>(d, policy.max.count());
  std::array<uint8_t, 8> bytes{};
  random.Fill(bytes);
  uint64_t r = 0;
  for (uint8_t b : bytes) r = (r << 8) | b;
  int64_t half = d / 2;
  int64_t span = d - half + 1;
  return std::chrono::milliseconds(half + static_cast<int64_t>(r % static_cast<uint64_t>(span)));
}

}  // namespace syntera::jobs
