#include "db/sqlite_connection.h"

#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <thread>
#include <type_traits>
#include <utility>

namespace syntera::db {
namespace {

// Statements kept per connection; stores use a fixed set, so this only guards against
// generated SQL growing the cache without bound.
constexpr size_t kMaxCachedStatements = 512;

bool OnlySpaceOrSemicolons(const char* tail) {
  for (; tail != nullptr && *tail != '\0'; ++tail) {
    if (*tail != ';' && *tail != ' ' && *tail != '\n' && *tail != '\t' && *tail != '\r') {
      return false;
    }
  }
  return true;
}

Value ColumnValue(sqlite3_stmt* stmt, int i) {
  switch (sqlite3_column_type(stmt, i)) {
    case SQLITE_INTEGER:
      return static_cast<int64_t>(sqlite3_column_int64(stmt, i));
    case SQLITE_FLOAT:
      return sqlite3_column_double(stmt, i);
    case SQLITE_TEXT: {
      const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, i));
      return std::string(text, static_cast<size_t>(sqlite3_column_bytes(stmt, i)));
    }
    case SQLITE_BLOB: {
      const auto* blob = static_cast<const char*>(sqlite3_column_blob(stmt, i));
      int n = sqlite3_column_bytes(stmt, i);
      return Bytes{blob == nullptr ? std::string() : std::string(blob, static_cast<size_t>(n))};
    }
    default:
      return Null();
  }
}

}  // namespace

Error SqliteError(sqlite3* db, int rc) {
  std::string message = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  switch (rc) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
    case SQLITE_CONSTRAINT_FOREIGNKEY:
    case SQLITE_CONSTRAINT_CHECK:
      return Conflict(message);
    default:
      break;
  }
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Unavailable("sqlite: database is locked, retry: " + message);
    default:
      return Internal("sqlite: " + message);
  }
}

Result<std::unique_ptr<SqliteConnection>> SqliteConnection::Open(const std::string& path, Role role,
                                                                 int busy_timeout_ms,
                                                                 bool synchronous_full) {
  sqlite3* raw = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX;
  int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  std::unique_ptr<SqliteConnection> conn(new SqliteConnection(raw));
  if (rc != SQLITE_OK) {
    std::string message = raw != nullptr ? sqlite3_errmsg(raw) : sqlite3_errstr(rc);
    return Unavailable("sqlite: cannot open " + path + ": " + message);
  }
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_timeout(raw, busy_timeout_ms);
  std::string setup = "PRAGMA foreign_keys=ON;";
  setup += synchronous_full ? "PRAGMA synchronous=FULL;" : "PRAGMA synchronous=NORMAL;";
  if (role == Role::kReader) setup += "PRAGMA query_only=ON;";
  if (auto r = conn->Exec(setup); !r.ok()) {
    return Unavailable("sqlite: cannot configure " + path + ": " + r.error().message);
  }
  if (role == Role::kWriter) {
    // Switching a new file to WAL needs an exclusive lock and does not wait on the busy
    // handler: two processes creating the same database at once (serve + migrate) retry.
    const auto deadline =
        std::chrono::steady_clock::now() + std::chrono::milliseconds(std::max(busy_timeout_ms, 1000));
    for (;;) {
      auto mode = conn->Query("PRAGMA journal_mode=WAL", {}, nullptr);
      if (mode.ok() && !mode->empty() && (*mode)[0].Text(0) == "wal") break;
      if (std::chrono::steady_clock::now() >= deadline) {
        return Unavailable("sqlite: cannot switch " + path + " to WAL mode" +
                           (mode.ok() ? std::string() : ": " + mode.error().message));
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }
  return conn;
}

SqliteConnection::~SqliteConnection() {
  ClearCache();
  sqlite3_close(db_);
}

void SqliteConnection::ClearCache() {
  for (auto& [sql, statement] : cache_) sqlite3_finalize(statement.stmt);
  cache_.clear();
}

bool SqliteConnection::InTransaction() const { return sqlite3_get_autocommit(db_) == 0; }

Result<void> SqliteConnection::Exec(std::string_view sql) {
  std::string text(sql);
  char* message = nullptr;
  int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message);
  sqlite3_free(message);  // the same text is available from sqlite3_errmsg
  if (rc != SQLITE_OK) return SqliteError(db_, rc);
  return Ok();
}

Result<SqliteConnection::Statement*> SqliteConnection::Prepare(std::string_view sql) {
  std::string key(sql);
  if (auto it = cache_.find(key); it != cache_.end()) return &it->second;
  if (cache_.size() >= kMaxCachedStatements) ClearCache();
  sqlite3_stmt* stmt = nullptr;
  const char* tail = nullptr;
  int rc = sqlite3_prepare_v3(db_, key.data(), static_cast<int>(key.size()),
                              SQLITE_PREPARE_PERSISTENT, &stmt, &tail);
  if (rc != SQLITE_OK) return SqliteError(db_, rc);
  if (stmt == nullptr) return Internal("sqlite: empty statement");
  if (!OnlySpaceOrSemicolons(tail)) {
    sqlite3_finalize(stmt);
    return Internal("sqlite: Query/Exec take one statement; use ExecScript for several");
  }
  auto columns = std::make_shared<std::vector<std::string>>();
  for (int i = 0, n = sqlite3_column_count(stmt); i < n; ++i) {
    columns->emplace_back(sqlite3_column_name(stmt, i));
  }
  auto [it, inserted] = cache_.emplace(std::move(key), Statement{stmt, std::move(columns)});
  return &it->second;
}

Result<void> SqliteConnection::Bind(sqlite3_stmt* stmt, const std::vector<Value>& params) {
  int expected = sqlite3_bind_parameter_count(stmt);
  if (expected != static_cast<int>(params.size())) {
    return Internal("sqlite: statement takes " + std::to_string(expected) + " parameters, got " +
                    std::to_string(params.size()));
  }
  for (int i = 0; i < expected; ++i) {
    // Parameters outlive the statement's execution, so SQLite need not copy them.
    int rc = std::visit(
        [&](const auto& v) {
          using T = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<T, int64_t>) {
            return sqlite3_bind_int64(stmt, i + 1, v);
          } else if constexpr (std::is_same_v<T, double>) {
            return sqlite3_bind_double(stmt, i + 1, v);
          } else if constexpr (std::is_same_v<T, std::string>) {
            return sqlite3_bind_text64(stmt, i + 1, v.data(), v.size(), SQLITE_STATIC, SQLITE_UTF8);
          } else if constexpr (std::is_same_v<T, Bytes>) {
            return sqlite3_bind_blob64(stmt, i + 1, v.data.data(), v.data.size(), SQLITE_STATIC);
          } else {
            return sqlite3_bind_null(stmt, i + 1);
          }
        },
        params[static_cast<size_t>(i)]);
    if (rc != SQLITE_OK) return SqliteError(db_, rc);
  }
  return Ok();
}

Result<Rows> SqliteConnection::Query(std::string_view sql, const std::vector<Value>& params,
                                     int64_t* changes) {
  SYN_ASSIGN_OR_RETURN(Statement * statement, Prepare(sql));
  sqlite3_stmt* stmt = statement->stmt;
  // Always leave the statement reset and unbound, so it holds no locks and no pointers.
  struct Reset {
    sqlite3_stmt* stmt;
    ~Reset() {
      sqlite3_reset(stmt);
      sqlite3_clear_bindings(stmt);
    }
  } reset{stmt};
  SYN_RETURN_IF_ERROR(Bind(stmt, params));
  int n = sqlite3_column_count(stmt);
  if (static_cast<size_t>(n) != statement->columns->size()) {  // re-prepared after DDL
    statement->columns = std::make_shared<std::vector<std::string>>();
    for (int i = 0; i < n; ++i) statement->columns->emplace_back(sqlite3_column_name(stmt, i));
  }
  Rows rows;
  rows.columns = statement->columns;
  sqlite3_int64 total_before = sqlite3_total_changes64(db_);
  int rc;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    std::vector<Value> values;
    values.reserve(static_cast<size_t>(n));
    for (int i = 0; i < n; ++i) values.push_back(ColumnValue(stmt, i));
    rows.rows.emplace_back(std::shared_ptr<const std::vector<std::string>>(rows.columns),
                           std::move(values));
  }
  if (rc != SQLITE_DONE) return SqliteError(db_, rc);
  if (changes != nullptr) {
    // sqlite3_changes64 keeps the count of the last DML statement; report 0 for statements
    // that changed nothing (SELECT, DDL).
    *changes = sqlite3_total_changes64(db_) == total_before ? 0 : sqlite3_changes64(db_);
  }
  return rows;
}

}  // namespace syntera::db
