#pragma once
// Versioned, forward-only, checksummed migrations per module. Each module contributes a list;
// the runner applies what is missing in order, each in its own transaction, and refuses to
// start when an applied migration's text changed (checksum mismatch).

#include <string>
#include <vector>

#include "base/result.h"
#include "db/database.h"

namespace syntera::db {

struct Migration {
  int version = 0;          // 1, 2, 3 … within the module, never reused
  std::string name;         // "create_users"
  std::string sqlite_sql;   // may hold several statements
  std::string postgres_sql; // may hold several statements; may enable row-level security
};

struct ModuleMigrations {
  std::string module;  // "auth"
  std::vector<Migration> migrations;
};

struct MigrationReport {
  int applied = 0;
  int already = 0;
};

// Applies all missing migrations. Errors: kFailedPrecondition on a checksum mismatch or a
// version gap; the error of the failing statement otherwise (its migration rolled back).
Result<MigrationReport> ApplyMigrations(Database& db, const std::vector<ModuleMigrations>& all);

// True when every migration in `all` is applied (used by /readyz).
Result<bool> MigrationsUpToDate(Database& db, const std::vector<ModuleMigrations>& all);

}  // namespace syntera::db
