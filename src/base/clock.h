#pragma once
// Time behind an interface so tests can move it (LevelDB Env style).

#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace syntera {

using Timestamp = std::chrono::sys_time<std::chrono::milliseconds>;

class Clock {
 public:
  virtual ~Clock() = default;
  // Wall-clock now, millisecond precision. Thread-safe.
  virtual Timestamp Now() const = 0;
};

class SystemClock final : public Clock {
 public:
  Timestamp Now() const override;
};

// A clock that only moves when told. Thread-safe.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(Timestamp start) : ms_(start.time_since_epoch().count()) {}
  Timestamp Now() const override { return Timestamp(std::chrono::milliseconds(ms_.load())); }
  void Advance(std::chrono::milliseconds d) { ms_ += d.count(); }

 private:
  std::atomic<int64_t> ms_;
};

int64_t ToUnixMillis(Timestamp t);
Timestamp FromUnixMillis(int64_t ms);
// RFC 3339 in UTC with millisecond precision and 'Z', e.g. "2026-11-26T08:41:47.123Z".
std::string FormatRfc3339(Timestamp t);
// Parses "2026-11-26T08:41:47Z", "...47.123Z" or "...+02:00" (any offset, fraction truncated to
// milliseconds); nullopt when malformed or out of range.
std::optional<Timestamp> ParseRfc3339(std::string_view text);

}  // namespace syntera
