#pragma once
// Token-bucket rate limiting behind an interface (in memory now; Redis can back it later so
// several instances share buckets).

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

namespace syntera::http {

struct RateRule {
  double capacity = 0;         // burst size in requests; 0 disables the rule
  double refill_per_second = 0;
};

struct RateDecision {
  bool allowed = true;
  int retry_after_seconds = 0;  // when !allowed: seconds until one token is available
};

class RateLimiter {
 public:
  virtual ~RateLimiter() = default;
  // Takes one token from the bucket `key` governed by `rule`. Thread-safe.
  virtual RateDecision Take(std::string_view key, const RateRule& rule) = 0;
};

// In-process buckets, sharded by key hash; idle buckets are evicted lazily.
std::unique_ptr<RateLimiter> NewMemoryRateLimiter();

}  // namespace syntera::http
