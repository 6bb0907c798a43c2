#include "app/commands.h"

#include <cstdio>
#include <iostream>

#include "app/application.h"
#include "app/modules.h"
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
int RunAdminCreate(const config::AppConfig&, const CommandArgs&) {
  std::fprintf(stderr, "syntera: admin create is not available in this build\n");
  return 1;
}
}  // namespace syntera::app
