#include "db/migrations.h"

#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include "base/clock.h"
#include "crypto/crypto.h"

namespace syntera::db {
namespace {

// Key of the PostgreSQL advisory lock serialising migration transactions ("Syntera1").
constexpr int64_t kMigrationLockKey = 0x53796e7465726131;

constexpr std::string_view kCreateTableSql =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    "module TEXT NOT NULL, version BIGINT NOT NULL, name TEXT NOT NULL, "
    "checksum TEXT NOT NULL, applied_at BIGINT NOT NULL, PRIMARY KEY (module, version))";

// Applied checksums by (module, version).
using Applied = std::map<std::pair<std::string, int64_t>, std::string>;

std::string Label(const std::string& module, int64_t version) {
  return "migration " + module + " #" + std::to_string(version);
}

const std::string& SqlFor(const Migration& m, Dialect dialect) {
  return dialect == Dialect::kPostgres ? m.postgres_sql : m.sqlite_sql;
}

Result<void> Validate(const std::vector<ModuleMigrations>& all) {
  std::set<std::string> seen;
  for (const ModuleMigrations& mod : all) {
    if (mod.module.empty()) return FailedPrecondition("migrations: a module has no name");
    if (!seen.insert(mod.module).second) {
      return FailedPrecondition("migrations: module " + mod.module + " is listed twice");
    }
    for (size_t i = 0; i < mod.migrations.size(); ++i) {
      if (mod.migrations[i].version != static_cast<int>(i + 1)) {
        return FailedPrecondition(Label(mod.module, mod.migrations[i].version) +
                                  " is at position " + std::to_string(i + 1) +
                                  "; versions must be 1..n with no gap");
      }
    }
  }
  return Ok();
}

Result<void> LockIfPostgres(Tx& tx) {
  if (tx.dialect() != Dialect::kPostgres) return Ok();
  SYN_RETURN_IF_ERROR(tx.Query("SELECT pg_advisory_xact_lock(?)", {Int(kMigrationLockKey)}));
  return Ok();
}

Result<Applied> LoadApplied(Tx& tx) {
  SYN_ASSIGN_OR_RETURN(Rows rows,
                       tx.Query("SELECT module, version, checksum FROM schema_migrations"));
  Applied applied;
  for (const Row& row : rows) applied[{row.Text(0), row.Int(1)}] = row.Text(2);
  return applied;
}

// Checks what the database holds against `all`; returns how many of `all` are applied.
Result<int> CheckApplied(const Applied& applied, const std::vector<ModuleMigrations>& all,
                         Dialect dialect) {
  int count = 0;
  for (const ModuleMigrations& mod : all) {
    int64_t highest = 0, present = 0;
    for (const auto& [key, checksum] : applied) {
      if (key.first != mod.module) continue;
      ++present;
      highest = std::max(highest, key.second);
      if (key.second < 1 || key.second > static_cast<int64_t>(mod.migrations.size())) {
        return FailedPrecondition("the database has " + Label(mod.module, key.second) +
                                  ", which this build does not know (is it older?)");
      }
      const Migration& m = mod.migrations[static_cast<size_t>(key.second - 1)];
      if (checksum != crypto::Sha256Hex(SqlFor(m, dialect))) {
        return FailedPrecondition(Label(mod.module, m.version) + " (" + m.name +
                                  ") changed after it was applied: checksum mismatch");
      }
    }
    if (present != highest) {
      return FailedPrecondition("the database has a gap in the migrations of " + mod.module + " (" +
                                std::to_string(present) + " applied, highest #" +
                                std::to_string(highest) + ")");
    }
    count += static_cast<int>(present);
  }
  return count;
}

// Applies one migration unless another process did; returns whether this call applied it.
Result<bool> ApplyOne(Database& db, const std::string& module, const Migration& m) {
  return InTx(db, Scope::System(), TxMode::kWrite, [&](Tx& tx) -> Result<bool> {
    SYN_RETURN_IF_ERROR(LockIfPostgres(tx));
    const std::string& sql = SqlFor(m, tx.dialect());
    std::string checksum = crypto::Sha256Hex(sql);
    SYN_ASSIGN_OR_RETURN(Rows existing, tx.Query("SELECT checksum FROM schema_migrations "
                                                 "WHERE module = ? AND version = ?",
                                                 {module, Int(m.version)}));
    if (!existing.empty()) {
      if (existing[0].Text(0) == checksum) return false;
      return FailedPrecondition(Label(module, m.version) + " (" + m.name +
                                ") changed after it was applied: checksum mismatch");
    }
    if (auto r = tx.ExecScript(sql); !r.ok()) {
      Error e = std::move(r).error();
      e.message = Label(module, m.version) + " (" + m.name + ") failed: " + e.message;
      return e;
    }
    SYN_RETURN_IF_ERROR(tx.Exec(
        "INSERT INTO schema_migrations (module, version, name, checksum, applied_at) "
        "VALUES (?, ?, ?, ?, ?)",
        {module, Int(m.version), m.name, checksum, Int(ToUnixMillis(SystemClock().Now()))}));
    return true;
  });
}

Result<bool> CreateTable(Database& db) {
  return InTx(db, Scope::System(), TxMode::kWrite, [](Tx& tx) -> Result<bool> {
    SYN_RETURN_IF_ERROR(LockIfPostgres(tx));
    SYN_RETURN_IF_ERROR(tx.ExecScript(kCreateTableSql));
    return true;
  });
}

Result<bool> TableExists(Database& db) {
  return InTx(db, Scope::System(), TxMode::kRead, [](Tx& tx) -> Result<bool> {
    std::string_view sql = tx.dialect() == Dialect::kPostgres
                               ? "SELECT to_regclass('schema_migrations') IS NOT NULL"
                               : "SELECT count(*) FROM sqlite_master WHERE type = 'table' "
                                 "AND name = 'schema_migrations'";
    SYN_ASSIGN_OR_RETURN(Rows rows, tx.Query(sql));
    return !rows.empty() && rows[0].Bool(0);
  });
}

Result<int> CountApplied(Database& db, const std::vector<ModuleMigrations>& all) {
  return InTx(db, Scope::System(), TxMode::kRead, [&](Tx& tx) -> Result<int> {
    SYN_ASSIGN_OR_RETURN(Applied applied, LoadApplied(tx));
    return CheckApplied(applied, all, tx.dialect());
  });
}

int Total(const std::vector<ModuleMigrations>& all) {
  int total = 0;
  for (const ModuleMigrations& mod : all) total += static_cast<int>(mod.migrations.size());
  return total;
}

}  // namespace

Result<MigrationReport> ApplyMigrations(Database& db, const std::vector<ModuleMigrations>& all) {
  SYN_RETURN_IF_ERROR(Validate(all));
  SYN_RETURN_IF_ERROR(CreateTable(db));
  SYN_RETURN_IF_ERROR(CountApplied(db, all));  // refuse before changing anything
  MigrationReport report;
  for (const ModuleMigrations& mod : all) {
    for (const Migration& m : mod.migrations) {
      SYN_ASSIGN_OR_RETURN(bool applied, ApplyOne(db, mod.module, m));
      ++(applied ? report.applied : report.already);
    }
  }
  return report;
}

Result<bool> MigrationsUpToDate(Database& db, const std::vector<ModuleMigrations>& all) {
  SYN_RETURN_IF_ERROR(Validate(all));
  SYN_ASSIGN_OR_RETURN(bool exists, TableExists(db));
  if (!exists) return Total(all) == 0;
  SYN_ASSIGN_OR_RETURN(int applied, CountApplied(db, all));
  return applied == Total(all);
}

ModuleMigrations DbMigrations() {
  return {"db", {{1, "tenant_function", "SELECT 1", std::string(kPgTenantFunctionSql)}}};
}

std::string PgRowLevelSecuritySql(std::string_view table) {
  std::string t(table);
  return "ALTER TABLE " + t + " ENABLE ROW LEVEL SECURITY; ALTER TABLE " + t +
         " FORCE ROW LEVEL SECURITY; CREATE POLICY " + t + "_tenant ON " + t +
         " USING (syntera_tenant_ok(org_id)) WITH CHECK (syntera_tenant_ok(org_id));";
}

}  // namespace syntera::db
