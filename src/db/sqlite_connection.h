#pragma once
// One SQLite connection with its prepared-statement cache (private to db). Not thread-safe:
// the pool gives it to one thread at a time.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/result.h"
#include "db/value.h"

struct sqlite3;
struct sqlite3_stmt;

namespace syntera::db {

class SqliteConnection {
 public:
  enum class Role { kWriter, kReader, kMemory };

  // Opens `path` (a file path or "file:" URI) and applies the connection settings: busy
  // timeout, foreign keys, synchronous level; WAL for kWriter; query_only for kReader.
  // Errors: kUnavailable naming the path.
  static Result<std::unique_ptr<SqliteConnection>> Open(const std::string& path, Role role,
                                                        int busy_timeout_ms, bool synchronous_full);
  ~SqliteConnection();
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  // Runs one statement with `?` parameters through the statement cache. Sets `*changes` (when
  // not null) to the rows it modified. Errors: see Tx::Query.
  Result<Rows> Query(std::string_view sql, const std::vector<Value>& params, int64_t* changes);
  // Runs parameterless statements (transaction control, pragmas, migration scripts).
  Result<void> Exec(std::string_view sql);
  // True while a transaction is open on the connection.
  bool InTransaction() const;

 private:
  struct Statement {
    sqlite3_stmt* stmt = nullptr;
    std::shared_ptr<std::vector<std::string>> columns;
  };

  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  Result<Statement*> Prepare(std::string_view sql);
  Result<void> Bind(sqlite3_stmt* stmt, const std::vector<Value>& params);
  void ClearCache();

  sqlite3* db_;
  std::unordered_map<std::string, Statement> cache_;  // by SQL text
};

// Maps a SQLite result code and the connection's message to an Error: constraint violations
// (unique, primary key, foreign key, check) → kConflict; busy/locked → kUnavailable; others
// → kInternal.
Error SqliteError(sqlite3* db, int rc);

}  // namespace syntera::db
