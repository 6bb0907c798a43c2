#pragma once
// Login throttling. Per account (persisted, so it survives restarts): at most
// max_failures_per_window failed attempts per window, and after `free_failures` consecutive
// failures each further attempt must wait 2^(n - free_failures) seconds after the last one,
// capped at max_delay. Per client IP (in memory): at most max_failures_per_ip per ip_window.
// Accounts are keyed by the normalised email, registered or not, so throttling behaves the
// same for unknown addresses and cannot reveal which ones exist.

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "base/clock.h"

namespace syntera::auth {

struct LoginThrottleOptions {
  int free_failures = 5;
  std::chrono::seconds max_delay{15 * 60};
  int max_failures_per_window = 100;
  std::chrono::seconds window{60 * 60};
  int max_failures_per_ip = 50;
  std::chrono::seconds ip_window{15 * 60};
};

// What is stored per account (table login_failures).
struct LoginFailures {
  int64_t consecutive = 0;
  Timestamp last_failure_at;
  Timestamp window_start_at;
  int64_t window_failures = 0;
};

// Seconds until another attempt is allowed for an account with `failures` (0: allowed now).
int RequiredWaitSeconds(const std::optional<LoginFailures>& failures, Timestamp now,
                        const LoginThrottleOptions& options);

// The record after one more failure at `now`.
LoginFailures WithFailure(const std::optional<LoginFailures>& failures, Timestamp now,
                          const LoginThrottleOptions& options);

// Failed attempts per client IP in fixed windows, in memory (one instance's view; the HTTP
// pipeline's per-IP rate limit still applies on top). Thread-safe.
class IpFailureCounter {
 public:
  IpFailureCounter(const Clock& clock, LoginThrottleOptions options)
      : clock_(clock), options_(options) {}

  // Seconds until `ip` may try again (0: allowed). An empty ip is never throttled.
  int RequiredWaitSeconds(std::string_view ip) const;
  void RecordFailure(std::string_view ip);

 private:
  struct Window {
    Timestamp start;
    int failures = 0;
  };
  void PruneLocked(Timestamp now);

  const Clock& clock_;
  const LoginThrottleOptions options_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, Window> windows_;  // guarded by mu_
};

}  // namespace syntera::auth
