#include "loadgen/process.h"

#include <unistd.h>

#include <cerrno>
#include <cstdarg>
#include <cstdio>

namespace loadgen {

void SleepNs(int64_t ns) {
  timespec ts{static_cast<time_t>(ns / kSecond), static_cast<long>(ns % kSecond)};
  while (nanosleep(&ts, &ts) < 0 && errno == EINTR) {
  }
}

void Log(const char* format, ...) {
  char line[2048];
  va_list args;
  va_start(args, format);
  vsnprintf(line, sizeof line, format, args);
  va_end(args);
  fprintf(stderr, "loadgen[%d]: %s\n", static_cast<int>(getpid()), line);
}

void Die(const std::string& message) {
  Log("error: %s", message.c_str());
  fflush(nullptr);
  _exit(1);
}

}  // namespace loadgen
