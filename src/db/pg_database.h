#pragma once
// The PostgreSQL engine (libpq). A pool of connections, each with its own cache of prepared
// statements; `?` placeholders are rewritten to $n. Every transaction sets the per-transaction
// setting `syntera.org_id` from its Scope (the tenant's id, or '*' for system scope), which
// the row-level security policies check (see migrations.h: PgRowLevelSecuritySql).
// Connect as a role that is NOT a superuser and has no BYPASSRLS: superusers skip
// row-level security.

#include <memory>
#include <string>

#include "base/result.h"
#include "db/database.h"

namespace syntera::db {

struct PgOptions {
  // "postgres://user:pass@host:port/db?sslmode=…" or key=value conninfo.
  std::string url;
  int pool_size = 8;              // connections, opened on demand
  int acquire_timeout_ms = 5000;  // Begin waits this long for a free connection (kUnavailable)
};

// Connects once to check the URL and the server, then returns the pooled Database.
// Errors: kUnavailable when the server cannot be reached or refuses the login (the message
// never includes the password); kInvalidArgument on bad options. The Database is
// thread-safe; destroy it only after every Tx it returned.
//
// Value types on the wire: int64 as int8, double as float8, text untyped (the server infers
// it from context; it must be valid UTF-8 without NUL), Bytes as binary bytea, null untyped.
// Results are read by column type: int2/int4/int8/oid → int64, float4/float8/numeric →
// double, bool → int64 0/1, bytea → Bytes, anything else → text.
// Errors by SQLSTATE: 23505/23503/23514 → kConflict naming the constraint; 08xxx, 53xxx,
// 57P01-03 → kUnavailable; 40001/40P01 → kUnavailable (retry the transaction); others
// kInternal. A connection found broken is replaced, never returned to the pool.
Result<std::unique_ptr<Database>> OpenPostgres(const PgOptions& options);

}  // namespace syntera::db
