#pragma once
// Structured JSON logging. One Logger is built in app/ and passed down by reference; the spdlog
// backend stays inside logger.cc. Each call writes one JSON object per line:
//   {"ts":"…","level":"info","event":"http_request","method":"GET",…}
// Never pass secrets (passwords, tokens, keys) as fields; Redact() exists for values that
// might contain one (e.g. a database URL with a password).

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <variant>

namespace syntera::obs {

enum class LogLevel { kDebug, kInfo, kWarn, kError };
std::string_view LogLevelName(LogLevel l);
bool ParseLogLevel(std::string_view s, LogLevel* out);

struct LogField {
  std::string_view key;
  std::variant<std::string_view, int64_t, double, bool> value;
  LogField(std::string_view k, std::string_view v) : key(k), value(v) {}
  LogField(std::string_view k, const std::string& v) : key(k), value(std::string_view(v)) {}
  LogField(std::string_view k, const char* v) : key(k), value(std::string_view(v)) {}
  LogField(std::string_view k, int64_t v) : key(k), value(v) {}
  LogField(std::string_view k, int v) : key(k), value(static_cast<int64_t>(v)) {}
  LogField(std::string_view k, uint64_t v) : key(k), value(static_cast<int64_t>(v)) {}
  LogField(std::string_view k, double v) : key(k), value(v) {}
  LogField(std::string_view k, bool v) : key(k), value(v) {}
};

struct LogOptions {
  LogLevel level = LogLevel::kInfo;
  bool to_stderr = true;
  std::string file_path;            // empty: no file
  size_t file_max_bytes = 50 << 20; // rotate at this size
  int file_max_files = 5;
  // Write from a background thread (request threads never block on the terminal or disk).
  // Warnings and errors are flushed promptly; Flush() and the destructor drain the queue.
  bool async = false;
};

// Thread-safe.
class Logger {
 public:
  explicit Logger(const LogOptions& options);
  ~Logger();
  Logger(const Logger&) = delete;
  Logger& operator=(const Logger&) = delete;

  void Log(LogLevel level, std::string_view event, std::initializer_list<LogField> fields = {});
  void Debug(std::string_view e, std::initializer_list<LogField> f = {}) { Log(LogLevel::kDebug, e, f); }
  void Info(std::string_view e, std::initializer_list<LogField> f = {}) { Log(LogLevel::kInfo, e, f); }
  void Warn(std::string_view e, std::initializer_list<LogField> f = {}) { Log(LogLevel::kWarn, e, f); }
  void Error(std::string_view e, std::initializer_list<LogField> f = {}) { Log(LogLevel::kError, e, f); }
  bool Enabled(LogLevel level) const;
  void Flush();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// A Logger that drops everything (for tests that do not care about logs).
std::unique_ptr<Logger> NullLogger();

// Appends `s` to `out` as a JSON string literal (with quotes and escapes).
void AppendJsonString(std::string& out, std::string_view s);

}  // namespace syntera::obs
