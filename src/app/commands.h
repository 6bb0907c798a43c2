#pragma once
// The non-serve subcommands.

#include <string>
#include <vector>

#include "base/result.h"
#include "config/config.h"

namespace syntera::app {

struct CommandArgs {
  bool json = false;  // routes --json
  std::string email, password, name, organization;  // admin create
};

// Removes the subcommand's own arguments from `args` into `out`; returns the remaining
// (configuration) arguments.
Result<std::vector<std::string>> ExtractCommandArgs(const std::string& command,
                                                    const std::vector<std::string>& args,
                                                    CommandArgs& out);

int RunRoutes(const config::AppConfig& config, const CommandArgs& args);
int RunMigrate(const config::AppConfig& config);
int RunAdminCreate(const config::AppConfig& config, const CommandArgs& args);

}  // namespace syntera::app
