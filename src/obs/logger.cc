#include "obs/logger.h"

#include <spdlog/async_logger.h>
#include <spdlog/details/thread_pool.h>
#include <spdlog/logger.h>
#include <spdlog/sinks/null_sink.h>
#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>

#include <cstdio>

#include "base/clock.h"

namespace syntera::obs {

std::string_view LogLevelName(LogLevel l) {
  switch (l) {
    case LogLevel::kDebug: return "debug";
    case LogLevel::kInfo: return "info";
    case LogLevel::kWarn: return "warn";
    case LogLevel::kError: return "error";
  }
  return "info";
}

bool ParseLogLevel(std::string_view s, LogLevel* out) {
  if (s == "debug") *out = LogLevel::kDebug;
  else if (s == "info") *out = LogLevel::kInfo;
  else if (s == "warn" || s == "warning") *out = LogLevel::kWarn;
  else if (s == "error") *out = LogLevel::kError;
  else return false;
  return true;
}

void AppendJsonString(std::string& out, std::string_view s) {
  out += '"';
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  out += '"';
}

struct Logger::Impl {
  LogLevel level;
  // Request threads only enqueue; one background thread formats nothing and writes lines.
  // Blocks (never drops) when the queue is full, so no log line is silently lost.
  std::shared_ptr<spdlog::details::thread_pool> pool;
  std::shared_ptr<spdlog::logger> backend;
  SystemClock clock;
};

Logger::Logger(const LogOptions& options) : impl_(std::make_unique<Impl>()) {
  impl_->level = options.level;
  std::vector<spdlog::sink_ptr> sinks;
  if (options.to_stderr) sinks.push_back(std::make_shared<spdlog::sinks::stderr_sink_mt>());
  if (!options.file_path.empty()) {
    sinks.push_back(std::make_shared<spdlog::sinks::rotating_file_sink_mt>(
        options.file_path, options.file_max_bytes, options.file_max_files));
  }
  if (sinks.empty()) sinks.push_back(std::make_shared<spdlog::sinks::null_sink_mt>());
  // Not registered in spdlog's global registry: the Logger object is the only owner.
  if (options.async) {
    impl_->pool = std::make_shared<spdlog::details::thread_pool>(8192, 1);
    impl_->backend = std::make_shared<spdlog::async_logger>(
        "syntera", sinks.begin(), sinks.end(), impl_->pool, spdlog::async_overflow_policy::block);
  } else {
    impl_->backend = std::make_shared<spdlog::logger>("syntera", sinks.begin(), sinks.end());
  }
  impl_->backend->set_pattern("%v");
  impl_->backend->set_level(spdlog::level::trace);
  impl_->backend->flush_on(spdlog::level::warn);
}

Logger::~Logger() {
  if (impl_ && impl_->backend) impl_->backend->flush();
  impl_->backend.reset();
  impl_->pool.reset();  // joins the writer thread after it has drained the queue
}

bool Logger::Enabled(LogLevel level) const { return level >= impl_->level; }

void Logger::Flush() { impl_->backend->flush(); }

void Logger::Log(LogLevel level, std::string_view event, std::initializer_list<LogField> fields) {
  if (!Enabled(level)) return;
  std::string line;
  line.reserve(256);
  line += "{\"ts\":\"";
  line += FormatRfc3339(impl_->clock.Now());
  line += "\",\"level\":\"";
  line += LogLevelName(level);
  line += "\",\"event\":";
  AppendJsonString(line, event);
  for (const LogField& f : fields) {
    line += ',';
    AppendJsonString(line, f.key);
    line += ':';
    if (auto* s = std::get_if<std::string_view>(&f.value)) {
      AppendJsonString(line, *s);
    } else if (auto* i = std::get_if<int64_t>(&f.value)) {
      line += std::to_string(*i);
    } else if (auto* d = std::get_if<double>(&f.value)) {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.3f", *d);
      line += buf;
    } else {
      line += std::get<bool>(f.value) ? "true" : "false";
    }
  }
  line += '}';
  static constexpr spdlog::level::level_enum kMap[] = {spdlog::level::debug, spdlog::level::info,
                                                       spdlog::level::warn, spdlog::level::err};
  impl_->backend->log(kMap[static_cast<int>(level)], std::string_view(line));
}

std::unique_ptr<Logger> NullLogger() {
  LogOptions o;
  o.to_stderr = false;
  o.level = LogLevel::kError;
  return std::make_unique<Logger>(o);
}

}  // namespace syntera::obs
