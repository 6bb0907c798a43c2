#pragma once
// The storage interface. One implementation per engine (SqliteDatabase, PgDatabase); stores
// are written once against this interface with portable SQL:
//  - placeholders are `?` (PostgreSQL's $n are produced by the engine);
//  - types: TEXT, BIGINT (ints, booleans as 0/1, timestamps as unix milliseconds), DOUBLE
//    PRECISION, and BLOB/BYTEA via Bytes; `INSERT ... ON CONFLICT`, `RETURNING` and
//    `LIMIT ? OFFSET ?` work on both;
//  - where the dialects truly differ a store may branch on dialect(), and migrations carry
//    one text per engine.
// Tenancy: every transaction is opened with a Scope. On PostgreSQL the scope becomes the
// per-transaction setting `syntera.org_id` that row-level security policies check, so a store
// that forgets its `org_id = ?` filter still cannot read another tenant's rows. A module
// enables this for a tenant table (one with an `org_id TEXT` column) in its postgres_sql
// migration, after the db module's own migration (DbMigrations() in migrations.h, which
// creates syntera_tenant_ok):
//   ALTER TABLE t ENABLE ROW LEVEL SECURITY; ALTER TABLE t FORCE ROW LEVEL SECURITY;
//   CREATE POLICY t_tenant ON t USING (syntera_tenant_ok(org_id))
//     WITH CHECK (syntera_tenant_ok(org_id));
// (PgRowLevelSecuritySql("t") returns exactly this). Row-level security never applies to
// superusers or BYPASSRLS roles, so the application connects as an ordinary role; FORCE covers
// the table's owner. SQLite has no row-level security: there the store's filter is the only
// guard, and running the same store tests on PostgreSQL catches a missing one.
//
// Failed statements: on both engines a statement that fails aborts its transaction; later
// statements and Commit() then fail with kInternal. Handle expected collisions inside a
// transaction with `ON CONFLICT`, not by catching kConflict and carrying on.
//
// Open an engine with OpenDatabase (open.h), OpenSqlite or OpenPostgres.

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "db/value.h"

namespace syntera::db {

enum class Dialect { kSqlite, kPostgres };
std::string_view DialectName(Dialect d);

struct Scope {
  // The tenant the transaction acts for. Empty means system scope: allowed only for
  // cross-tenant work (sign-up, login, token refresh, migrations, background dispatch).
  std::string org_id;
  static Scope System() { return {}; }
  static Scope Tenant(std::string org) { return {std::move(org)}; }
};

enum class TxMode { kRead, kWrite };

// An open transaction. Not thread-safe; use from one thread. Destroying it without Commit()
// rolls back. It holds a pooled connection until destroyed, so keep it short and never hold
// two at once on one thread (on SQLite two kWrite, or any two on an in-memory database, wait
// for each other until the busy timeout).
class Tx {
 public:
  virtual ~Tx() = default;
  virtual Dialect dialect() const = 0;
  // Runs one statement with positional `?` parameters; returns its rows (empty for DML
  // without RETURNING). Errors: kConflict on a unique/foreign-key violation (message names the
  // constraint), kUnavailable when the connection is lost, kInternal for SQL bugs.
  virtual Result<Rows> Query(std::string_view sql, const std::vector<Value>& params = {}) = 0;
  // Runs one statement and returns the number of affected rows.
  virtual Result<int64_t> Exec(std::string_view sql, const std::vector<Value>& params = {}) = 0;
  // Runs several ';'-separated statements without parameters (migrations only). Must not
  // contain transaction control (BEGIN/COMMIT).
  virtual Result<void> ExecScript(std::string_view sql) = 0;
  // Makes the transaction durable. Only after Ok() may a write be acknowledged. Errors:
  // kInternal after an earlier failed statement (the transaction rolled back), kUnavailable
  // when the connection was lost (the outcome is then unknown). At most once.
  virtual Result<void> Commit() = 0;
};

class Database {
 public:
  virtual ~Database() = default;
  virtual Dialect dialect() const = 0;
  // Opens a transaction. kWrite transactions are serialised on SQLite (one writer); kRead
  // transactions are read-only on both engines. Blocks while the pool is exhausted, up to the
  // configured timeout (then kUnavailable). The Tx must not outlive the Database.
  // Thread-safe.
  virtual Result<std::unique_ptr<Tx>> Begin(const Scope& scope, TxMode mode) = 0;
  // Quick liveness probe for /readyz.
  virtual Result<void> Ping() = 0;
  // Pool statistics for /metrics.
  struct PoolStats {
    int size = 0;
    int in_use = 0;
    int64_t waits = 0;  // times a caller had to wait for a connection
  };
  virtual PoolStats Stats() const = 0;
};

// Runs `fn` in a transaction and commits when it returns ok; otherwise rolls back and returns
// its error. `fn` is `Result<T>(Tx&)`.
template <typename Fn>
auto InTx(Database& db, const Scope& scope, TxMode mode, Fn&& fn)
    -> decltype(fn(std::declval<Tx&>())) {
  auto tx = db.Begin(scope, mode);
  if (!tx.ok()) return std::move(tx).error();
  auto result = fn(**tx);
  if (!result.ok()) return result;
  if (auto c = (*tx)->Commit(); !c.ok()) return std::move(c).error();
  return result;
}

}  // namespace syntera::db
