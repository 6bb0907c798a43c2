#include "db/sqlite_database.h"

#include <chrono>
#include <filesystem>
#include <random>
#include <system_error>
#include <utility>

#include "db/connection_pool.h"
#include "db/sqlite_connection.h"

namespace syntera::db {
namespace {

using Pool = ConnectionPool<SqliteConnection>;

bool IsMemoryPath(const std::string& path) {
  return path.empty() || path == ":memory:" ||
         (path.starts_with("file:") && path.find("mode=memory") != std::string::npos);
}

std::string UniqueMemoryUri() {
  std::random_device rd;
  uint64_t n = (static_cast<uint64_t>(rd()) << 32) | rd();
  return "file:memdb" + std::to_string(n) + "?mode=memory&cache=shared";
}

class SqliteTx final : public Tx {
 public:
  // `query_only_toggled`: the connection is the shared in-memory one and this read transaction
  // switched it to query_only; switch it back when done.
  SqliteTx(Pool* pool, std::unique_ptr<SqliteConnection> conn, bool query_only_toggled)
      : pool_(pool), conn_(std::move(conn)), query_only_toggled_(query_only_toggled) {}

  ~SqliteTx() override {
    if (conn_->InTransaction()) (void)conn_->Exec("ROLLBACK");
    if (query_only_toggled_) (void)conn_->Exec("PRAGMA query_only=OFF");
    pool_->Release(std::move(conn_));
  }

  Dialect dialect() const override { return Dialect::kSqlite; }

  Result<Rows> Query(std::string_view sql, const std::vector<Value>& params) override {
    SYN_RETURN_IF_ERROR(CheckUsable());
    return Track(conn_->Query(sql, params, nullptr));
  }

  Result<int64_t> Exec(std::string_view sql, const std::vector<Value>& params) override {
    SYN_RETURN_IF_ERROR(CheckUsable());
    int64_t changes = 0;
    SYN_RETURN_IF_ERROR(Track(conn_->Query(sql, params, &changes)));
    return changes;
  }

  Result<void> ExecScript(std::string_view sql) override {
    SYN_RETURN_IF_ERROR(CheckUsable());
    return Track(conn_->Exec(sql));
  }

  Result<void> Commit() override {
    SYN_RETURN_IF_ERROR(CheckUsable());
    finished_ = true;
    if (!conn_->InTransaction()) {
      return Internal("sqlite: transaction was rolled back by an earlier error");
    }
    return conn_->Exec("COMMIT");  // on failure the destructor rolls back
  }

 private:
  // Like PostgreSQL, a failed statement aborts the whole transaction, so that store code
  // behaves the same on both engines.
  Result<void> CheckUsable() const {
    if (finished_) return Internal("sqlite: transaction already committed");
    if (aborted_) return Internal("sqlite: transaction aborted by an earlier error");
    return Ok();
  }
  template <typename R>
  R Track(R result) {
    if (!result.ok()) aborted_ = true;
    return result;
  }

  Pool* pool_;
  std::unique_ptr<SqliteConnection> conn_;
  bool query_only_toggled_;
  bool finished_ = false;
  bool aborted_ = false;
};

class SqliteDatabase final : public Database {
 public:
  SqliteDatabase(const SqliteOptions& options, std::string path, bool memory)
      : options_(options),
        memory_(memory),
        writer_(1, [this, path] { return Connect(path, writer_role()); }),
        readers_(memory ? 0 : options.readers,
                 [this, path] { return Connect(path, SqliteConnection::Role::kReader); }) {}

  Result<void> Init() {
    // Open eagerly so a bad path fails at start-up; the writer first, as it enables WAL.
    SYN_ASSIGN_OR_RETURN(auto writer, writer_.Acquire(timeout(), "sqlite writer"));
    writer_.Release(std::move(writer));
    if (!memory_) {
      SYN_ASSIGN_OR_RETURN(auto reader, readers_.Acquire(timeout(), "sqlite reader"));
      readers_.Release(std::move(reader));
    }
    return Ok();
  }

  Dialect dialect() const override { return Dialect::kSqlite; }

  Result<std::unique_ptr<Tx>> Begin(const Scope& /*scope*/, TxMode mode) override {
    bool write = mode == TxMode::kWrite;
    Pool* pool = (write || memory_) ? &writer_ : &readers_;
    SYN_ASSIGN_OR_RETURN(auto conn,
                         pool->Acquire(timeout(), write ? "sqlite writer" : "sqlite reader"));
    bool toggle = memory_ && !write;
    // Roll back anything a failed earlier release left open.
    if (conn->InTransaction()) (void)conn->Exec("ROLLBACK");
    std::string begin = write ? "BEGIN IMMEDIATE" : "BEGIN";
    if (toggle) begin = "PRAGMA query_only=ON;" + begin;
    if (auto r = conn->Exec(begin); !r.ok()) {
      if (toggle) (void)conn->Exec("PRAGMA query_only=OFF");
      pool->Release(std::move(conn));
      return std::move(r).error();
    }
    return std::unique_ptr<Tx>(new SqliteTx(pool, std::move(conn), toggle));
  }

  Result<void> Ping() override {
    SYN_ASSIGN_OR_RETURN(auto tx, Begin(Scope::System(), TxMode::kRead));
    SYN_RETURN_IF_ERROR(tx->Query("SELECT 1", {}));
    return Ok();
  }

  PoolStats Stats() const override {
    PoolStats w = writer_.Stats();
    PoolStats r = readers_.Stats();
    return {w.size + r.size, w.in_use + r.in_use, w.waits + r.waits};
  }

 private:
  SqliteConnection::Role writer_role() const {
    return memory_ ? SqliteConnection::Role::kMemory : SqliteConnection::Role::kWriter;
  }
  std::chrono::milliseconds timeout() const {
    return std::chrono::milliseconds(options_.busy_timeout_ms);
  }
  Result<std::unique_ptr<SqliteConnection>> Connect(const std::string& path,
                                                    SqliteConnection::Role role) const {
    return SqliteConnection::Open(path, role, options_.busy_timeout_ms, options_.synchronous_full);
  }

  const SqliteOptions options_;
  const bool memory_;
  Pool writer_;   // one connection: SQLite allows one writer at a time
  Pool readers_;  // empty for in-memory databases, which read through writer_
};

}  // namespace

Result<std::unique_ptr<Database>> OpenSqlite(const SqliteOptions& options) {
  if (options.readers < 1) return InvalidArgument("sqlite: readers must be at least 1");
  if (options.busy_timeout_ms < 0) return InvalidArgument("sqlite: busy_timeout_ms must be >= 0");
  bool memory = IsMemoryPath(options.path);
  std::string path = options.path;
  if (path.empty() || path == ":memory:") path = UniqueMemoryUri();
  if (!memory && !path.starts_with("file:")) {
    std::filesystem::path parent = std::filesystem::path(path).parent_path();
    std::error_code ec;
    if (!parent.empty()) std::filesystem::create_directories(parent, ec);
    if (ec) {
      return Unavailable("sqlite: cannot create directory " + parent.string() + ": " +
                         ec.message());
    }
  }
  auto db = std::make_unique<SqliteDatabase>(options, path, memory);
  SYN_RETURN_IF_ERROR(db->Init());
  return std::unique_ptr<Database>(std::move(db));
}

}  // namespace syntera::db
