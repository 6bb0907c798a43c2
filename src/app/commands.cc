#include "app/commands.h"

#include <cstdio>
#include <cstdlib>
#include <iostream>

#include "app/application.h"
#include "app/modules.h"
#include "auth/auth_service.h"
#include "ops/openapi.h"

namespace syntera::app {

Result<std::vector<std::string>> ExtractCommandArgs(const std::string& command,
                                                    const std::vector<std::string>& args,
                                                    CommandArgs& out) {
  std::vector<std::string> rest;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (command == "routes" && a == "--json") {
      out.json = true;
      continue;
    }
    if (command == "admin") {
      std::string* target = a == "--email"          ? &out.email
                            : a == "--password"     ? &out.password
                            : a == "--name"         ? &out.name
                            : a == "--organization" ? &out.organization
                                                    : nullptr;
      if (target) {
        if (i + 1 >= args.size()) return InvalidArgument(a + " needs a value");
        *target = args[++i];
        continue;
      }
    }
    rest.push_back(a);
  }
  if (command == "admin" && out.password.empty()) {
    if (const char* env = std::getenv("SYNTERA_ADMIN_PASSWORD")) out.password = env;
  }
  if (command == "admin" && (out.email.empty() || out.password.empty() || out.organization.empty())) {
    return InvalidArgument(
        "usage: syntera admin create --email E --password P --name N --organization O "
        "(the password can also come from SYNTERA_ADMIN_PASSWORD)");
  }
  return rest;
}

int RunRoutes(const config::AppConfig& config, const CommandArgs& args) {
  BuildOptions bo;
  bo.listen = false;
  bo.apply_migrations = false;
  bo.log_to_stderr = false;
  config::AppConfig c = config;
  c.database_url = "sqlite::memory:";  // the route table needs no real data
  auto a = Application::Create(c, bo);
  if (!a.ok()) {
    std::fprintf(stderr, "syntera: %s\n", a.error().message.c_str());
    return 1;
  }
  std::cout << ops::RoutesTable((*a)->router(), args.json);
  return 0;
}

int RunMigrate(const config::AppConfig& config) {
  BuildOptions bo;
  bo.listen = false;
  auto a = Application::Create(config, bo);
  if (!a.ok()) {
    std::fprintf(stderr, "syntera: %s\n", a.error().message.c_str());
    return 1;
  }
  std::cout << "migrations are up to date\n";
  return 0;
}

}  // namespace syntera::app

namespace syntera::app {

int RunAdminCreate(const config::AppConfig& config, const CommandArgs& args) {
  BuildOptions bo;
  bo.listen = false;
  auto a = Application::Create(config, bo);
  if (!a.ok()) {
    std::fprintf(stderr, "syntera: %s\n", a.error().message.c_str());
    return 1;
  }
  auto created = (*a)->modules().auth->CreateAdmin(
      args.email, args.password, args.name.empty() ? args.email : args.name, args.organization);
  if (!created.ok()) {
    std::string msg = created.error().message;
    for (const auto& f : created.error().fields) msg += "\n  " + f.field + ": " + f.message;
    std::fprintf(stderr, "syntera: %s\n", msg.c_str());
    return 1;
  }
  std::cout << "created owner " << created->user.email << " of organization \""
            << created->organization.name << "\" (" << created->organization.id.str() << ")\n";
  return 0;
}

}  // namespace syntera::app
