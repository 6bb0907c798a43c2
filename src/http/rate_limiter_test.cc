#include "http/rate_limiter.h"

#include <gtest/gtest.h>

namespace syntera::http {
namespace {

TEST(RateLimiter, AllowsBurstThenRefusesWithRetryAfter) {
  auto limiter = NewMemoryRateLimiter();
  RateRule rule{.capacity = 3, .refill_per_second = 0.1};
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(limiter->Take("k", rule).allowed);
  RateDecision d = limiter->Take("k", rule);
  EXPECT_FALSE(d.allowed);
  EXPECT_GE(d.retry_after_seconds, 9);
  EXPECT_LE(d.retry_after_seconds, 10);
  EXPECT_TRUE(limiter->Take("other", rule).allowed) << "buckets are per key";
}

TEST(RateLimiter, DisabledRuleAlwaysAllows) {
  auto limiter = NewMemoryRateLimiter();
  for (int i = 0; i < 100; ++i) EXPECT_TRUE(limiter->Take("k", RateRule{}).allowed);
}

}  // namespace
}  // namespace syntera::http
