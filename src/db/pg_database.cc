#include "db/pg_database.h"

#include <chrono>
#include <utility>

#include "db/connection_pool.h"
#include "db/pg_connection.h"

namespace syntera::db {
namespace {

using Pool = ConnectionPool<PgConnection>;

// Owns the pool; PgTx hands its connection back through Release.
class PgPool {
 public:
  PgPool(std::string url, int size)
      : url_(std::move(url)), pool_(size, [this] { return Connect(); }) {}

  Result<std::unique_ptr<PgConnection>> Connect() const { return PgConnection::Connect(url_); }
  Pool& pool() { return pool_; }
  const Pool& pool() const { return pool_; }

  // Returns a leased connection: idle and healthy ones go back to the pool, others are closed.
  void Release(std::unique_ptr<PgConnection> conn) {
    if (conn->Healthy() && !conn->Idle()) (void)conn->Exec("ROLLBACK");
    if (!conn->Healthy() || !conn->Idle()) {
      conn.reset();
      pool_.Discard();
      return;
    }
    conn->TrimCache();
    pool_.Release(std::move(conn));
  }

 private:
  const std::string url_;
  Pool pool_;
};

class PgTx final : public Tx {
 public:
  PgTx(PgPool* pool, std::unique_ptr<PgConnection> conn) : pool_(pool), conn_(std::move(conn)) {}
  ~PgTx() override { pool_->Release(std::move(conn_)); }  // rolls back when still open

  Dialect dialect() const override { return Dialect::kPostgres; }

  Result<Rows> Query(std::string_view sql, const std::vector<Value>& params) override {
    SYN_RETURN_IF_ERROR(CheckOpen());
    return conn_->Query(sql, params, nullptr);
  }

  Result<int64_t> Exec(std::string_view sql, const std::vector<Value>& params) override {
    SYN_RETURN_IF_ERROR(CheckOpen());
    int64_t affected = 0;
    SYN_RETURN_IF_ERROR(conn_->Query(sql, params, &affected));
    return affected;
  }

  Result<void> ExecScript(std::string_view sql) override {
    SYN_RETURN_IF_ERROR(CheckOpen());
    SYN_RETURN_IF_ERROR(conn_->Exec(sql));
    return Ok();
  }

  Result<void> Commit() override {
    SYN_RETURN_IF_ERROR(CheckOpen());
    finished_ = true;
    SYN_ASSIGN_OR_RETURN(std::string tag, conn_->Exec("COMMIT"));
    // COMMIT of a transaction aborted by an earlier error succeeds but rolls back.
    if (tag != "COMMIT") return Internal("postgres: transaction aborted by an earlier error");
    return Ok();
  }

 private:
  Result<void> CheckOpen() const {
    if (finished_) return Internal("postgres: transaction already committed");
    return Ok();
  }

  PgPool* pool_;
  std::unique_ptr<PgConnection> conn_;
  bool finished_ = false;
};

class PgDatabase final : public Database {
 public:
  explicit PgDatabase(const PgOptions& options)
      : timeout_(options.acquire_timeout_ms), pool_(options.url, options.pool_size) {}

  Result<void> Init() {
    SYN_ASSIGN_OR_RETURN(auto conn, pool_.Connect());
    pool_.pool().AddIdle(std::move(conn));
    return Ok();
  }

  Dialect dialect() const override { return Dialect::kPostgres; }

  Result<std::unique_ptr<Tx>> Begin(const Scope& scope, TxMode mode) override {
    SYN_ASSIGN_OR_RETURN(auto conn, pool_.pool().Acquire(timeout_, "postgres pool"));
    std::string org = scope.org_id.empty() ? "*" : scope.org_id;
    auto quoted = conn->QuoteLiteral(org);
    if (!quoted.ok()) {
      pool_.Release(std::move(conn));
      return std::move(quoted).error();
    }
    // BEGIN and the tenant setting travel in one round trip.
    std::string begin = (mode == TxMode::kRead ? "BEGIN READ ONLY; " : "BEGIN; ") +
                        ("SELECT set_config('syntera.org_id', " + *quoted + ", true)");
    auto started = conn->Exec(begin);
    if (!started.ok() && !conn->Healthy()) {
      // The server closed this pooled connection (restart, idle timeout, terminated backend).
      // Nothing ran yet, so retrying on a fresh connection is safe.
      conn.reset();
      auto fresh = pool_.Connect();
      if (!fresh.ok()) {
        pool_.pool().Discard();
        return std::move(fresh).error();
      }
      conn = std::move(*fresh);
      started = conn->Exec(begin);
    }
    if (!started.ok()) {
      pool_.Release(std::move(conn));
      return std::move(started).error();
    }
    return std::unique_ptr<Tx>(new PgTx(&pool_, std::move(conn)));
  }

  Result<void> Ping() override {
    SYN_ASSIGN_OR_RETURN(auto tx, Begin(Scope::System(), TxMode::kRead));
    SYN_RETURN_IF_ERROR(tx->Query("SELECT 1", {}));
    return Ok();
  }

  PoolStats Stats() const override { return pool_.pool().Stats(); }

 private:
  const std::chrono::milliseconds timeout_;
  PgPool pool_;
};

}  // namespace

Result<std::unique_ptr<Database>> OpenPostgres(const PgOptions& options) {
  if (options.pool_size < 1) return InvalidArgument("postgres: pool_size must be at least 1");
  if (options.acquire_timeout_ms < 0) {
    return InvalidArgument("postgres: acquire_timeout_ms must be >= 0");
  }
  auto db = std::make_unique<PgDatabase>(options);
  SYN_RETURN_IF_ERROR(db->Init());
  return std::unique_ptr<Database>(std::move(db));
}

}  // namespace syntera::db
