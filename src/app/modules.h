#pragma once
// The domain modules of this build and how they are wired: each module's services, its
// migrations and its routes. Adding a module = adding it here (and to CMake).

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/random.h"
#include "base/result.h"
#include "config/config.h"
#include "db/database.h"
#include "db/migrations.h"

namespace syntera::http {
class Authenticator;
class IdempotencyStore;
class Router;
}  // namespace syntera::http
namespace syntera::obs {
class Logger;
class MetricsRegistry;
}  // namespace syntera::obs
namespace syntera::jobs {
class JobQueue;
class JobRunner;
}  // namespace syntera::jobs
namespace syntera::events {
class Dispatcher;
}
namespace syntera::realtime {
class RealtimeServer;
}
namespace syntera::pubsub {
class PubSub;
}

namespace syntera::auth {
class AuthService;
}

namespace syntera::app {

struct ModuleDeps {
  db::Database& db;
  Clock& clock;
  Random& random;
  obs::Logger& logger;
  obs::MetricsRegistry& metrics;
  const config::AppConfig& config;
  std::string signing_key;
};

// Everything the domain modules contribute. Owned parts live in the concrete object built by
// BuildModules; the pointers here are views for the application and tests.
struct Modules {
  virtual ~Modules() = default;
  std::vector<db::ModuleMigrations> migrations;
  http::Authenticator* authenticator = nullptr;  // the HTTP pipeline's: user tokens, API keys
  // The Socket.IO handshake's: user tokens, API keys AND widget visitor tokens.
  http::Authenticator* realtime_authenticator = nullptr;
  // Idempotency-Key storage for the pipeline (routes with Route::idempotent).
  http::IdempotencyStore* idempotency = nullptr;
  auth::AuthService* auth = nullptr;        // CLI commands (admin create)
  jobs::JobQueue* jobs = nullptr;           // tests and modules that enqueue
  jobs::JobRunner* job_runner = nullptr;    // modules register job handlers before Start
  events::Dispatcher* events = nullptr;     // modules subscribe before Start
  std::function<void(http::Router&)> add_routes;
  // Registers the modules' Socket.IO event handlers and live fan-out on the realtime server
  // (after it is built, before it starts), and their subscriptions on the realtime bus (null:
  // none; before the bus starts). The server must outlive the background parts, and the bus
  // must run until they stopped.
  std::function<void(realtime::RealtimeServer&, pubsub::PubSub* bus)> attach_realtime;
  // Background parts (job runner, cron, event dispatcher): started after migrations, before
  // the listener; stopped after the listener has drained, within `deadline`.
  std::function<Result<void>()> start;
  std::function<void(std::chrono::milliseconds deadline)> stop;
};

Result<std::unique_ptr<Modules>> BuildModules(const ModuleDeps& deps);

}  // namespace syntera::app
