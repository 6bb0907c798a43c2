#pragma once
// What every part of the load generator uses from its own process: the monotonic clock that all
// latencies are measured on, sleeping, and logging to stderr. The tool is single-threaded (the
// idle scenario forks processes, not threads).

#include <time.h>

#include <cstdint>
#include <string>

namespace loadgen {

inline constexpr int64_t kSecond = 1'000'000'000;
inline constexpr int64_t kMilli = 1'000'000;

// CLOCK_MONOTONIC in ns: what Node's process.hrtime reads, and the `t` carried by every payload.
// Inline: it is read once per read() on the hot path.
inline int64_t NowNs() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<int64_t>(ts.tv_sec) * kSecond + ts.tv_nsec;
}

// Sleeps for `ns`, resuming after signals.
void SleepNs(int64_t ns);

// Writes one line "loadgen[<pid>]: <text>" to stderr (text cut at 2 KiB).
__attribute__((format(printf, 1, 2))) void Log(const char* format, ...);

// Logs "error: <message>", flushes stdio and ends the process with status 1 at once (_exit: no
// destructors, no atexit handlers). For misconfiguration and for failures the run cannot survive.
[[noreturn]] void Die(const std::string& message);

}  // namespace loadgen
