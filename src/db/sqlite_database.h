#pragma once
// The SQLite engine. One writer connection (kWrite transactions run `BEGIN IMMEDIATE`, one at a
// time) and a pool of reader connections (kRead: `BEGIN`, `PRAGMA query_only`), all in WAL
// mode with `foreign_keys=ON`. Each connection keeps its prepared statements, keyed by SQL.
// Connections are opened with SQLITE_OPEN_NOMUTEX: the pool leases each one to a single
// thread at a time, so SQLite's own per-connection mutex would only add cost.
// Tenancy: the Scope is not enforced on SQLite (no row-level security); stores filter by
// org_id themselves, and the same store tests on PostgreSQL catch a missing filter.

#include <memory>
#include <string>

#include "base/result.h"
#include "db/database.h"

namespace syntera::db {

struct SqliteOptions {
  // A file path (its parent directory is created), a "file:" URI, or ":memory:" (or empty) for
  // a private in-memory database. In-memory databases use a unique shared-cache URI
  // ("file:memdb<random>?mode=memory&cache=shared") and a single connection for both reads and
  // writes, because shared-cache readers would collide with the writer on table locks; WAL does
  // not apply to them.
  std::string path;
  int readers = 4;             // reader connections; at least 1 for a file database
  int busy_timeout_ms = 5000;  // wait for locks and for a free connection, then kUnavailable
  // FULL: a commit returns only once it is durable. NORMAL (false) may lose the last
  // transactions on power loss (never corrupts); faster.
  bool synchronous_full = true;
};

// Opens (creating when missing) the database. Errors: kUnavailable when the file cannot be
// opened or configured (the message names the path); kInvalidArgument on bad options.
// The Database is thread-safe; destroy it only after every Tx it returned.
Result<std::unique_ptr<Database>> OpenSqlite(const SqliteOptions& options);

}  // namespace syntera::db
