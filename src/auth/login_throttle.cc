#include "auth/login_throttle.h"

#include <algorithm>

namespace syntera::auth {
namespace {

constexpr size_t kPruneAbove = 10000;  // IP entries kept before expired ones are dropped

int CeilSeconds(std::chrono::milliseconds d) {
  if (d.count() <= 0) return 0;
  return static_cast<int>((d.count() + 999) / 1000);
}

}  // namespace

int RequiredWaitSeconds(const std::optional<LoginFailures>& failures, Timestamp now,
                        const LoginThrottleOptions& options) {
  if (!failures) return 0;
  int wait = 0;
  Timestamp window_end = failures->window_start_at + options.window;
  if (now < window_end && failures->window_failures >= options.max_failures_per_window) {
    wait = CeilSeconds(window_end - now);
  }
  int64_t over = failures->consecutive - options.free_failures;
  if (over >= 0) {
    int64_t delay = over >= 30 ? options.max_delay.count()
                               : std::min<int64_t>(int64_t{1} << over, options.max_delay.count());
    Timestamp allowed_at = failures->last_failure_at + std::chrono::seconds(delay);
    wait = std::max(wait, CeilSeconds(allowed_at - now));
  }
  return wait;
}

LoginFailures WithFailure(const std::optional<LoginFailures>& failures, Timestamp now,
                          const LoginThrottleOptions& options) {
  LoginFailures next = failures.value_or(LoginFailures{0, now, now, 0});
  if (now >= next.window_start_at + options.window) {
    next.window_start_at = now;
    next.window_failures = 0;
  }
  next.consecutive += 1;
  next.window_failures += 1;
  next.last_failure_at = now;
  return next;
}

int IpFailureCounter::RequiredWaitSeconds(std::string_view ip) const {
  if (ip.empty()) return 0;
  Timestamp now = clock_.Now();
  std::lock_guard lock(mu_);
  auto it = windows_.find(std::string(ip));
  if (it == windows_.end()) return 0;
  Timestamp end = it->second.start + options_.ip_window;
  if (now >= end || it->second.failures < options_.max_failures_per_ip) return 0;
  return CeilSeconds(end - now);
}

void IpFailureCounter::RecordFailure(std::string_view ip) {
  if (ip.empty()) return;
  Timestamp now = clock_.Now();
  std::lock_guard lock(mu_);
  if (windows_.size() > kPruneAbove) PruneLocked(now);
  Window& w = windows_[std::string(ip)];
  if (w.failures == 0 || now >= w.start + options_.ip_window) w = Window{now, 0};
  ++w.failures;
}

void IpFailureCounter::PruneLocked(Timestamp now) {
  std::erase_if(windows_,
                [&](const auto& kv) { return now >= kv.second.start + options_.ip_window; });
}

}  // namespace syntera::auth
