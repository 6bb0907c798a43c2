#pragma once
// Opens the database named by the `database.url` setting.

#include <memory>
#include <string_view>

#include "base/result.h"
#include "db/database.h"
#include "db/pg_database.h"
#include "db/sqlite_database.h"

namespace syntera::db {

// `url` selects the engine:
//   sqlite:///abs/path.db, sqlite://relative/path.db, a plain path, or sqlite::memory:
//     → SQLite with `sqlite` (its `path` is replaced);
//   postgres://… or postgresql://… → PostgreSQL with `postgres` (its `url` is replaced).
// Errors: kInvalidArgument naming the setting ("database URL …") for an empty URL or an
// unknown scheme; otherwise those of OpenSqlite / OpenPostgres.
Result<std::unique_ptr<Database>> OpenDatabase(std::string_view url,
                                               const SqliteOptions& sqlite = {},
                                               const PgOptions& postgres = {});

}  // namespace syntera::db
