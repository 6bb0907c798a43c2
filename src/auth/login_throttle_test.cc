#include "auth/login_throttle.h"

#include <gtest/gtest.h>

namespace syntera::auth {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

const Timestamp kT0 = FromUnixMillis(1'800'000'000'000);

TEST(LoginThrottle, DelayDoublesAfterFiveConsecutiveFailuresUpToFifteenMinutes) {
  LoginThrottleOptions opt;
  std::optional<LoginFailures> f;
  Timestamp now = kT0;
  for (int i = 0; i < 4; ++i) f = WithFailure(f, now, opt);
  EXPECT_EQ(RequiredWaitSeconds(f, now, opt), 0);
  struct Step {
    int failures;
    int wait;
  };
  for (Step s : {Step{5, 1}, {6, 2}, {7, 4}, {8, 8}, {14, 512}, {15, 900}, {40, 900}}) {
    while (f->consecutive < s.failures) f = WithFailure(f, now, opt);
    EXPECT_EQ(RequiredWaitSeconds(f, now, opt), s.wait) << s.failures << " failures";
    EXPECT_EQ(RequiredWaitSeconds(f, now + seconds(s.wait), opt), 0);
  }
}

TEST(LoginThrottle, AtMostAHundredFailuresPerHour) {
  LoginThrottleOptions opt;
  opt.free_failures = 1000;  // isolate the hourly rule
  std::optional<LoginFailures> f;
  for (int i = 0; i < 100; ++i) f = WithFailure(f, kT0 + seconds(i), opt);
  EXPECT_EQ(RequiredWaitSeconds(f, kT0 + seconds(100), opt), 3600 - 100);
  EXPECT_EQ(RequiredWaitSeconds(f, kT0 + minutes(60), opt), 0);
  f = WithFailure(f, kT0 + minutes(61), opt);
  EXPECT_EQ(f->window_failures, 1) << "a new window starts";
}

TEST(IpFailureCounter, ThrottlesAnIpAfterTooManyFailures) {
  ManualClock clock{kT0};
  LoginThrottleOptions opt;
  opt.max_failures_per_ip = 3;
  IpFailureCounter counter(clock, opt);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(counter.RequiredWaitSeconds("10.0.0.1"), 0);
    counter.RecordFailure("10.0.0.1");
  }
  EXPECT_EQ(counter.RequiredWaitSeconds("10.0.0.1"), 15 * 60);
  EXPECT_EQ(counter.RequiredWaitSeconds("10.0.0.2"), 0);
  EXPECT_EQ(counter.RequiredWaitSeconds(""), 0);
  clock.Advance(minutes(15));
  EXPECT_EQ(counter.RequiredWaitSeconds("10.0.0.1"), 0);
}

}  // namespace
}  // namespace syntera::auth
