#include "loadgen/proc_stats.h"

#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "loadgen/process.h"

namespace loadgen {
namespace {

double ClockTicks() {
  if (const char* env = getenv("CLK_TCK"); env != nullptr && *env != '\0') return atof(env);
  long ticks = sysconf(_SC_CLK_TCK);
  return ticks > 0 ? static_cast<double>(ticks) : 100.0;
}

std::string ReadSmallFile(const std::string& path) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) Die("cannot open " + path + ": " + strerror(errno));
  std::string text;
  char buffer[4096];
  for (;;) {
    ssize_t n = read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    text.append(buffer, static_cast<size_t>(n));
  }
  close(fd);
  return text;
}

}  // namespace

CpuTimes ProcessCpu(long pid) {
  std::string stat = ReadSmallFile("/proc/" + std::to_string(pid) + "/stat");
  size_t paren = stat.rfind(')');
  if (paren == std::string::npos) Die("unexpected /proc/<pid>/stat");
  // Fields after ") ": state(3) ppid(4) … utime(14) stime(15), i.e. indices 11 and 12.
  std::vector<std::string_view> fields;
  std::string_view rest(stat);
  rest.remove_prefix(std::min(rest.size(), paren + 2));
  while (!rest.empty() && fields.size() < 13) {
    size_t space = rest.find(' ');
    fields.push_back(rest.substr(0, space));
    if (space == std::string_view::npos) break;
    rest.remove_prefix(space + 1);
  }
  if (fields.size() < 13) Die("unexpected /proc/<pid>/stat");
  double tck = ClockTicks();
  CpuTimes t;
  t.user_ms = atof(std::string(fields[11]).c_str()) * 1000.0 / tck;
  t.sys_ms = atof(std::string(fields[12]).c_str()) * 1000.0 / tck;
  return t;
}

long RssKb(long pid) {
  std::string status = ReadSmallFile("/proc/" + std::to_string(pid) + "/status");
  size_t at = status.find("\nVmRSS:");
  if (at == std::string::npos) Die("no VmRSS for pid " + std::to_string(pid));
  return atol(status.c_str() + at + 7);
}

SelfCpu SelfCpuNow() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  SelfCpu t;
  t.user_us = static_cast<double>(usage.ru_utime.tv_sec) * 1e6 +
              static_cast<double>(usage.ru_utime.tv_usec);
  t.sys_us = static_cast<double>(usage.ru_stime.tv_sec) * 1e6 +
             static_cast<double>(usage.ru_stime.tv_usec);
  return t;
}

}  // namespace loadgen
