#include "obs/process_stats.h"

#include <dirent.h>
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <string>

#include "obs/metrics.h"

namespace syntera::obs {

ProcessStats ReadProcessStats() {
  ProcessStats s;
  std::ifstream statm("/proc/self/statm");
  int64_t size = 0, resident = 0;
  if (statm >> size >> resident) s.rss_bytes = resident * sysconf(_SC_PAGESIZE);
  rusage ru{};
  if (getrusage(RUSAGE_SELF, &ru) == 0) {
    s.cpu_seconds = static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
                    static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
  }
  if (DIR* d = opendir("/proc/self/fd")) {
    while (readdir(d)) ++s.open_fds;
    closedir(d);
    s.open_fds -= 3;  // ".", ".." and the directory stream itself
  }
  return s;
}

void RegisterProcessMetrics(MetricsRegistry& registry) {
  registry.AddCallbackGauge("process_resident_memory_bytes", "Resident memory size in bytes.", {},
                            [] { return static_cast<double>(ReadProcessStats().rss_bytes); });
  registry.AddCallbackGauge("process_cpu_seconds_total", "User and system CPU time in seconds.",
                            {}, [] { return ReadProcessStats().cpu_seconds; });
  registry.AddCallbackGauge("process_open_fds", "Number of open file descriptors.", {},
                            [] { return static_cast<double>(ReadProcessStats().open_fds); });
  double start = std::chrono::duration<double>(
                     std::chrono::system_clock::now().time_since_epoch()).count();
  registry.AddCallbackGauge("process_start_time_seconds", "Start time since the unix epoch.", {},
                            [start] { return start; });
}

}  // namespace syntera::obs
