#pragma once
// Exponential backoff with jitter for failed job attempts.

#include <chrono>

#include "base/random.h"

namespace syntera::jobs {

struct RetryPolicy {
  std::chrono::milliseconds base{1000};
  std::chrono::milliseconds max{std::chrono::hours(1)};
};

// Delay before attempt `attempt + 1` after attempt `attempt` (1-based) failed:
// d = min(max, base * 2^(attempt-1)), then uniformly random in [d/2, d] ("equal jitter"), so
// many jobs failing together do not retry in lockstep. Thread-safe if `random` is.
std::chrono::milliseconds RetryDelay(const RetryPolicy& policy, int attempt, Random& random);

}  // namespace syntera::jobs
