#pragma once
// Versioned, forward-only, checksummed migrations per module. Each module contributes a list;
// the runner applies what is missing in order, each in its own transaction, and refuses to
// start when an applied migration's text changed (checksum mismatch).
// Applied migrations are recorded in `schema_migrations(module, version, name, checksum,
// applied_at)`; the checksum is the SHA-256 hex of the text for the engine in use. On
// PostgreSQL each migration transaction holds an advisory lock, so several processes starting
// at once apply every migration exactly once.

#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "db/database.h"

namespace syntera::db {

struct Migration {
  int version = 0;           // 1, 2, 3 … within the module, never reused
  std::string name;          // "create_users"
  std::string sqlite_sql;    // may hold several statements
  std::string postgres_sql;  // may hold several statements; may enable row-level security
};

struct ModuleMigrations {
  std::string module;  // "auth"
  std::vector<Migration> migrations;
};

struct MigrationReport {
  int applied = 0;
  int already = 0;
};

// Applies all missing migrations, module by module in the order given (list DbMigrations()
// first), each migration in its own system-scope write transaction together with its
// schema_migrations row. Errors: kFailedPrecondition naming module and version when a
// module's versions are not 1..n in order, when an applied migration's checksum differs, or
// when the database holds a version this binary does not know; the error of the failing
// statement otherwise (its migration rolled back, earlier ones stay). Thread-safe.
Result<MigrationReport> ApplyMigrations(Database& db, const std::vector<ModuleMigrations>& all);

// True when every migration in `all` is applied (used by /readyz). Errors: as ApplyMigrations
// for an invalid list or a checksum mismatch; the database's error otherwise.
Result<bool> MigrationsUpToDate(Database& db, const std::vector<ModuleMigrations>& all);

// The db module's own migrations (module "db"). #1 creates, on PostgreSQL, the function
// `syntera_tenant_ok(org TEXT) RETURNS BOOLEAN` that row-level security policies call: true
// in system scope ('*') or when `org` is the transaction's tenant. Apply it before any module
// whose migrations create tenant policies.
ModuleMigrations DbMigrations();

// The SQL of syntera_tenant_ok (PostgreSQL), as applied by DbMigrations().
inline constexpr std::string_view kPgTenantFunctionSql =
    "CREATE OR REPLACE FUNCTION syntera_tenant_ok(org TEXT) RETURNS BOOLEAN LANGUAGE sql STABLE "
    "AS $$ SELECT current_setting('syntera.org_id', true) = '*' "
    "OR org = current_setting('syntera.org_id', true) $$;";

// Row-level security for a tenant table with an `org_id TEXT` column, for a module's
// postgres_sql: returns
//   ALTER TABLE t ENABLE ROW LEVEL SECURITY; ALTER TABLE t FORCE ROW LEVEL SECURITY;
//   CREATE POLICY t_tenant ON t USING (syntera_tenant_ok(org_id))
//     WITH CHECK (syntera_tenant_ok(org_id));
// A transaction then sees and writes only its Scope's rows (all rows in system scope, none
// when no scope was set). FORCE makes the policy apply to the table's owner too; superusers
// and BYPASSRLS roles still skip it, so the application must not connect as one.
// `table` must be a plain SQL identifier.
std::string PgRowLevelSecuritySql(std::string_view table);

}  // namespace syntera::db
