#pragma once
// One libpq connection with its prepared-statement cache (private to db). Not thread-safe:
// the pool gives it to one thread at a time.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/result.h"
#include "db/value.h"

struct pg_conn;
struct pg_result;

namespace syntera::db {

class PgConnection {
 public:
  // Connects with `url` (a postgres:// URL or key=value conninfo; its settings win over our
  // defaults: connect_timeout=5, client_encoding=UTF8, application_name=syntera).
  // Errors: kUnavailable with libpq's message (which never includes the password).
  static Result<std::unique_ptr<PgConnection>> Connect(const std::string& url);
  ~PgConnection();
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  // Runs one statement with `?` parameters as a cached prepared statement; sets `*affected`
  // (when not null) from the command tag. Errors: see Tx::Query.
  Result<Rows> Query(std::string_view sql, const std::vector<Value>& params, int64_t* affected);
  // Runs parameterless statements with the simple query protocol. Returns the command tag of
  // the last one ("COMMIT", "ROLLBACK", …).
  Result<std::string> Exec(std::string_view sql);

  // `text` as a quoted SQL string literal, escaped for this connection's encoding.
  // Errors: kInvalidArgument when `text` is not valid in that encoding.
  Result<std::string> QuoteLiteral(std::string_view text) const;

  // False once the connection is lost; it must then be replaced, never pooled.
  bool Healthy() const;
  // True when no transaction is open.
  bool Idle() const;
  // Drops every prepared statement when the cache has grown past its bound. Outside a
  // transaction only.
  void TrimCache();

 private:
  explicit PgConnection(pg_conn* conn) : conn_(conn) {}
  Result<const std::string*> Prepare(std::string_view sql, const std::string& key,
                                     const std::vector<unsigned>& types);
  Error ResultError(const pg_result* res) const;

  pg_conn* conn_;
  // Statement name ("s1", "s2", …) by SQL text plus parameter type signature: the types are
  // fixed at prepare time, and the same SQL may be run with, say, a null or an integer.
  std::unordered_map<std::string, std::string> prepared_;
  int next_statement_ = 0;
};

}  // namespace syntera::db
