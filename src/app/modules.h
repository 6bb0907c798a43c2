#pragma once
// The domain modules of this build and how they are wired: each module's services, its
// migrations and its routes. Adding a module = adding it here (and to CMake).

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
class Router;
}  // namespace syntera::http
namespace syntera::obs {
class Logger;
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
  const config::AppConfig& config;
  std::string signing_key;
};

struct Modules {
  virtual ~Modules() = default;
  std::vector<db::ModuleMigrations> migrations;
  http::Authenticator* authenticator = nullptr;   // owned by the module
  auth::AuthService* auth = nullptr;              // for CLI commands (admin create)
  std::function<void(http::Router&)> add_routes;
};

Result<std::unique_ptr<Modules>> BuildModules(const ModuleDeps& deps);

}  // namespace syntera::app
