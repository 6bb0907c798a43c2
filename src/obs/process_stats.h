#pragma once
// Process resource usage for /metrics (Linux /proc).

#include <cstdint>

namespace syntera::obs {

class MetricsRegistry;

struct ProcessStats {
  int64_t rss_bytes = 0;
  double cpu_seconds = 0;  // user + system
  int64_t open_fds = 0;
};

ProcessStats ReadProcessStats();

// Registers process_resident_memory_bytes, process_cpu_seconds_total, process_open_fds and
// process_start_time_seconds as callback gauges.
void RegisterProcessMetrics(MetricsRegistry& registry);

}  // namespace syntera::obs
