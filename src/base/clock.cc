#include "base/clock.h"

#include <cstdio>
#include <ctime>

namespace syntera {

Timestamp SystemClock::Now() const {
  return std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
}

int64_t ToUnixMillis(Timestamp t) { return t.time_since_epoch().count(); }
Timestamp FromUnixMillis(int64_t ms) { return Timestamp(std::chrono::milliseconds(ms)); }

std::string FormatRfc3339(Timestamp t) {
  int64_t ms = ToUnixMillis(t);
  std::time_t secs = static_cast<std::time_t>(ms >= 0 ? ms / 1000 : (ms - 999) / 1000);
  int frac = static_cast<int>(ms - static_cast<int64_t>(secs) * 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, frac);
  return buf;
}

}  // namespace syntera
