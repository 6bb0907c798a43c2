#pragma once
// CPU time and memory of processes: the server's from /proc/<pid>, this process's from
// getrusage. Every function reads the current values; callers take differences over a window.

#include <cstdint>

namespace loadgen {

struct CpuTimes {
  double user_ms = 0;
  double sys_ms = 0;
};

// utime and stime of process `pid` (all its threads, live and exited), in milliseconds, converted
// with $CLK_TCK when set, else sysconf(_SC_CLK_TCK). Dies when /proc/<pid>/stat cannot be read
// or parsed.
CpuTimes ProcessCpu(long pid);

// VmRSS of process `pid`, in KiB. Dies when /proc/<pid>/status cannot be read or lacks it.
long RssKb(long pid);

// This process's CPU time, in microseconds.
struct SelfCpu {
  double user_us = 0;
  double sys_us = 0;
  double total() const { return user_us + sys_us; }
};
SelfCpu SelfCpuNow();

}  // namespace loadgen
