#include "db/pg_connection.h"

#include <libpq-fe.h>

#include <charconv>
#include <cstring>
#include <type_traits>
#include <utility>

#include "db/pg_sql.h"

namespace syntera::db {
namespace {

constexpr size_t kMaxPreparedStatements = 512;

// Type OIDs (pg_type.dat); stable across PostgreSQL versions.
constexpr Oid kBoolOid = 16, kByteaOid = 17, kInt8Oid = 20, kInt2Oid = 21, kInt4Oid = 23,
              kOidOid = 26, kFloat4Oid = 700, kFloat8Oid = 701, kNumericOid = 1700;

using ResultPtr = std::unique_ptr<PGresult, decltype(&PQclear)>;

std::string Trimmed(const char* message) {
  std::string s = message != nullptr ? message : "";
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string DecodeBytea(const char* text, size_t len) {
  if (len >= 2 && text[0] == '\\' && text[1] == 'x') {
    std::string out;
    out.reserve((len - 2) / 2);
    for (size_t i = 2; i + 1 < len; i += 2) {
      out += static_cast<char>(HexDigit(text[i]) << 4 | HexDigit(text[i + 1]));
    }
    return out;
  }
  size_t n = 0;  // legacy "escape" output format
  unsigned char* raw = PQunescapeBytea(reinterpret_cast<const unsigned char*>(text), &n);
  std::string out(reinterpret_cast<const char*>(raw), n);
  PQfreemem(raw);
  return out;
}

Value ToValue(Oid type, const char* text, size_t len) {
  switch (type) {
    case kInt2Oid:
    case kInt4Oid:
    case kInt8Oid:
    case kOidOid: {
      int64_t v = 0;
      std::from_chars(text, text + len, v);
      return v;
    }
    case kFloat4Oid:
    case kFloat8Oid:
    case kNumericOid: {
      double v = 0;
      std::from_chars(text, text + len, v);
      return v;
    }
    case kBoolOid:
      return static_cast<int64_t>(len > 0 && text[0] == 't');
    case kByteaOid:
      return Bytes{DecodeBytea(text, len)};
    default:
      return std::string(text, len);
  }
}

Rows ToRows(const PGresult* res) {
  Rows rows;
  int nfields = PQnfields(res);
  auto columns = std::make_shared<std::vector<std::string>>();
  std::vector<Oid> types;
  for (int c = 0; c < nfields; ++c) {
    columns->emplace_back(PQfname(res, c));
    types.push_back(PQftype(res, c));
  }
  rows.columns = columns;
  int ntuples = PQntuples(res);
  rows.rows.reserve(static_cast<size_t>(ntuples));
  for (int r = 0; r < ntuples; ++r) {
    std::vector<Value> values;
    values.reserve(static_cast<size_t>(nfields));
    for (int c = 0; c < nfields; ++c) {
      if (PQgetisnull(res, r, c)) {
        values.push_back(Null());
      } else {
        values.push_back(ToValue(types[static_cast<size_t>(c)], PQgetvalue(res, r, c),
                                 static_cast<size_t>(PQgetlength(res, r, c))));
      }
    }
    rows.rows.emplace_back(std::shared_ptr<const std::vector<std::string>>(columns),
                           std::move(values));
  }
  return rows;
}

bool ResultOk(const PGresult* res) {
  ExecStatusType status = PQresultStatus(res);
  return status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY;
}

void IgnoreNotice(void* /*arg*/, const char* /*message*/) {}

// Parameters in libpq's parallel-array form; `text_` owns the text of numbers.
struct Params {
  std::vector<Oid> types;
  std::vector<const char*> values;
  std::vector<int> lengths;
  std::vector<int> formats;
  std::vector<std::string> text;
  std::string signature;
};

Result<Params> EncodeParams(const std::vector<Value>& params) {
  Params p;
  p.text.reserve(params.size());  // values point into these strings: no reallocation
  for (const Value& value : params) {
    Oid type = 0;
    const char* data = nullptr;
    int length = 0, format = 0;
    char sig = 'n';
    if (const auto* i = std::get_if<int64_t>(&value)) {
      type = kInt8Oid, sig = 'i', data = p.text.emplace_back(std::to_string(*i)).c_str();
    } else if (const auto* d = std::get_if<double>(&value)) {
      char buf[64];
      auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), *d);
      type = kFloat8Oid, sig = 'd', data = p.text.emplace_back(buf, end).c_str();
    } else if (const auto* s = std::get_if<std::string>(&value)) {
      if (std::memchr(s->data(), '\0', s->size()) != nullptr) {
        return InvalidArgument("text contains a NUL character; store it as bytes");
      }
      sig = 's', data = s->c_str();
    } else if (const auto* b = std::get_if<Bytes>(&value)) {
      type = kByteaOid, sig = 'b', data = b->data.data(), format = 1;
      length = static_cast<int>(b->data.size());
    }
    p.types.push_back(type);
    p.values.push_back(data);
    p.lengths.push_back(length);
    p.formats.push_back(format);
    p.signature += sig;
  }
  return p;
}

}  // namespace

Result<std::unique_ptr<PgConnection>> PgConnection::Connect(const std::string& url) {
  const char* keys[] = {"connect_timeout", "client_encoding", "application_name", "dbname",
                        nullptr};
  const char* values[] = {"5", "UTF8", "syntera", url.c_str(), nullptr};
  PGconn* raw = PQconnectdbParams(keys, values, /*expand_dbname=*/1);
  if (raw == nullptr) return Unavailable("postgres: cannot allocate a connection");
  std::unique_ptr<PgConnection> conn(new PgConnection(raw));
  if (PQstatus(raw) != CONNECTION_OK) {
    return Unavailable("postgres: cannot connect: " + Trimmed(PQerrorMessage(raw)));
  }
  PQsetNoticeProcessor(raw, IgnoreNotice, nullptr);
  return conn;
}

PgConnection::~PgConnection() { PQfinish(conn_); }

Result<std::string> PgConnection::QuoteLiteral(std::string_view text) const {
  char* quoted = PQescapeLiteral(conn_, text.data(), text.size());
  if (quoted == nullptr) return InvalidArgument("postgres: " + Trimmed(PQerrorMessage(conn_)));
  std::string out(quoted);
  PQfreemem(quoted);
  return out;
}

bool PgConnection::Healthy() const { return PQstatus(conn_) == CONNECTION_OK; }

bool PgConnection::Idle() const { return PQtransactionStatus(conn_) == PQTRANS_IDLE; }

void PgConnection::TrimCache() {
  if (prepared_.size() < kMaxPreparedStatements || !Idle()) return;
  ResultPtr res(PQexec(conn_, "DEALLOCATE ALL"), PQclear);
  prepared_.clear();
}

Error PgConnection::ResultError(const PGresult* res) const {
  std::string message = Trimmed(res != nullptr ? PQresultErrorMessage(res) : nullptr);
  if (message.empty()) message = Trimmed(PQerrorMessage(conn_));
  const char* state_raw = res != nullptr ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
  std::string state = state_raw != nullptr ? state_raw : "";
  if (state.empty() && !Healthy()) return Unavailable("postgres: connection lost: " + message);
  if (state == "23505" || state == "23503" || state == "23514") {
    const char* constraint = PQresultErrorField(res, PG_DIAG_CONSTRAINT_NAME);
    return Conflict("constraint " + std::string(constraint != nullptr ? constraint : "?") +
                    " violated: " + message);
  }
  if (state.starts_with("08") || state == "57P01" || state == "57P02" || state == "57P03" ||
      state.starts_with("53")) {
    return Unavailable("postgres " + state + ": " + message);
  }
  if (state == "40001" || state == "40P01") {
    return Unavailable("postgres " + state + ": retry the transaction: " + message);
  }
  return Internal("postgres " + state + ": " + message);
}

Result<const std::string*> PgConnection::Prepare(std::string_view sql, const std::string& key,
                                                 const std::vector<unsigned>& types) {
  if (auto it = prepared_.find(key); it != prepared_.end()) return &it->second;
  PgSql converted = ToPgPlaceholders(sql);
  if (converted.params != static_cast<int>(types.size())) {
    return Internal("postgres: statement takes " + std::to_string(converted.params) +
                    " parameters, got " + std::to_string(types.size()));
  }
  // Built in two steps: GCC 12 -O2 reports a false -Wrestrict on `"s" + std::to_string(n)`.
  std::string name = std::to_string(++next_statement_);
  name.insert(name.begin(), 's');
  ResultPtr res(
      PQprepare(conn_, name.c_str(), converted.text.c_str(), converted.params, types.data()),
      PQclear);
  if (!ResultOk(res.get())) return ResultError(res.get());
  auto [it, inserted] = prepared_.emplace(key, std::move(name));
  return &it->second;
}

Result<Rows> PgConnection::Query(std::string_view sql, const std::vector<Value>& params,
                                 int64_t* affected) {
  SYN_ASSIGN_OR_RETURN(Params p, EncodeParams(params));
  std::string key;
  key.reserve(sql.size() + 1 + p.signature.size());
  key.append(sql).append(1, '\0').append(p.signature);
  SYN_ASSIGN_OR_RETURN(const std::string* name, Prepare(sql, key, p.types));
  ResultPtr res(PQexecPrepared(conn_, name->c_str(), static_cast<int>(params.size()),
                               p.values.data(), p.lengths.data(), p.formats.data(),
                               /*resultFormat=*/0),
                PQclear);
  if (!ResultOk(res.get())) {
    const char* state = res != nullptr ? PQresultErrorField(res.get(), PG_DIAG_SQLSTATE) : nullptr;
    // A plan invalidated by DDL, or a statement dropped by DISCARD: prepare afresh next time.
    if (state != nullptr &&
        (std::strcmp(state, "0A000") == 0 || std::strcmp(state, "26000") == 0)) {
      prepared_.erase(key);
    }
    return ResultError(res.get());
  }
  if (affected != nullptr && std::strncmp(PQcmdStatus(res.get()), "SELECT", 6) == 0) {
    *affected = 0;  // as on SQLite: a query affects no rows
  } else if (affected != nullptr) {
    const char* tuples = PQcmdTuples(res.get());
    int64_t n = 0;
    std::from_chars(tuples, tuples + std::strlen(tuples), n);
    *affected = n;
  }
  return ToRows(res.get());
}

Result<std::string> PgConnection::Exec(std::string_view sql) {
  std::string text(sql);
  ResultPtr res(PQexec(conn_, text.c_str()), PQclear);
  if (!ResultOk(res.get())) return ResultError(res.get());
  return std::string(PQcmdStatus(res.get()));
}

}  // namespace syntera::db
