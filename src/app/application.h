#pragma once
// The composition root: builds every long-lived part in dependency order from an AppConfig,
// owns them, starts them, and tears them down in reverse. Nothing else constructs services.
//
//   logger, metrics → database (+ migrations) → services (auth, …) → router (routes of every
//   module) → pipeline → server

#include <memory>
#include <string>

#include "base/result.h"
#include "config/config.h"

namespace syntera::http {
class Router;
class Handler;
}  // namespace syntera::http
namespace syntera::obs {
class Logger;
}
namespace syntera::db {
class Database;
}

namespace syntera::app {

struct Modules;

inline constexpr const char* kVersion = "0.1.0";

struct BuildOptions {
  bool listen = true;          // false: no network listener (unit tests drive the Handler)
  bool apply_migrations = true;
  bool log_to_stderr = true;
};

class Application {
 public:
  // Builds everything; applies migrations unless told not to. Errors name what failed (e.g.
  // "database: …", "migrations: …", "listen: …").
  static Result<std::unique_ptr<Application>> Create(const config::AppConfig& config,
                                                     BuildOptions options = {});
  ~Application();

  // Binds and serves. After it returns ok, url() is final.
  Result<void> Start();
  // Graceful drain (see net/server.h). Safe from any thread; idempotent.
  void Stop();
  // Blocks until the listener has drained, then stops the background workers (jobs, events).
  void Wait();
  // Starts only the background workers (Start() does this too); for tests without a listener.
  Result<void> StartBackground();
  void StopBackground();

  std::string url() const;
  http::Router& router();
  http::Handler& handler();
  obs::Logger& logger();
  db::Database& database();
  Modules& modules();

  struct Parts;

 private:
  explicit Application(std::unique_ptr<Parts> parts);
  std::unique_ptr<Parts> parts_;
};

}  // namespace syntera::app
