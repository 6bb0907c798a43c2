#include "db/test_database.h"

#include <libpq-fe.h>
#include <stdlib.h>

#include <cstdlib>
#include <filesystem>
#include <random>
#include <system_error>

#include "db/open.h"

namespace syntera::db {
namespace {

std::string RandomSuffix() {
  std::random_device rd;
  uint64_t n = (static_cast<uint64_t>(rd()) << 32) | rd();
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (int i = 0; i < 16; ++i, n >>= 4) out += kHex[n & 0xf];
  return out;
}

// Runs one statement outside a transaction on the SYNTERA_TEST_PG_URL database.
Result<void> PgAdminExec(const std::string& sql) {
  const char* url = std::getenv(kTestPgUrlEnv);
  const char* keys[] = {"connect_timeout", "dbname", nullptr};
  const char* values[] = {"5", url, nullptr};
  PGconn* conn = PQconnectdbParams(keys, values, 1);
  Result<void> result = Ok();
  if (PQstatus(conn) != CONNECTION_OK) {
    result = Unavailable(std::string(kTestPgUrlEnv) +
                         " is set but the server is unreachable: " + PQerrorMessage(conn));
  } else {
    PGresult* res = PQexec(conn, sql.c_str());
    if (PQresultStatus(res) != PGRES_COMMAND_OK) {
      result = Unavailable("test database: " + sql + ": " + PQresultErrorMessage(res));
    }
    PQclear(res);
  }
  PQfinish(conn);
  return result;
}

}  // namespace

std::string PgUrlWithDatabase(std::string_view url, std::string_view dbname) {
  std::string u(url);
  if (!u.starts_with("postgres://") && !u.starts_with("postgresql://")) {
    return u + " dbname=" + std::string(dbname);  // key=value: the last setting wins
  }
  size_t host = u.find("://") + 3;
  size_t query = u.find('?', host);
  size_t path = u.find('/', host);
  if (path == std::string::npos || (query != std::string::npos && path > query)) {
    u.insert(query == std::string::npos ? u.size() : query, "/" + std::string(dbname));
    return u;
  }
  size_t end = query == std::string::npos ? u.size() : query;
  return u.replace(path + 1, end - path - 1, dbname);
}

TempDir::TempDir() {
  path_ = (std::filesystem::temp_directory_path() / "syntera-test-XXXXXX").string();
  if (::mkdtemp(path_.data()) == nullptr) std::abort();
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

bool TestDatabase::PostgresConfigured() {
  const char* url = std::getenv(kTestPgUrlEnv);
  return url != nullptr && *url != '\0';
}

Result<std::unique_ptr<TestDatabase>> TestDatabase::Create(Dialect dialect) {
  std::unique_ptr<TestDatabase> t;
  if (dialect == Dialect::kSqlite) {
    std::string dir = (std::filesystem::temp_directory_path() / "syntera-db-XXXXXX").string();
    if (::mkdtemp(dir.data()) == nullptr) return Unavailable("test database: mkdtemp failed");
    t.reset(new TestDatabase(dialect, "sqlite://" + dir + "/db.sqlite", dir));
  } else {
    if (!PostgresConfigured()) {
      return FailedPrecondition(std::string(kTestPgUrlEnv) + " is not set");
    }
    std::string name = "syntera_t_" + RandomSuffix();
    SYN_RETURN_IF_ERROR(PgAdminExec("CREATE DATABASE " + name));
    t.reset(new TestDatabase(dialect, PgUrlWithDatabase(std::getenv(kTestPgUrlEnv), name), name));
  }
  SYN_ASSIGN_OR_RETURN(t->db_, OpenDatabase(t->url_));
  return t;
}

TestDatabase::~TestDatabase() {
  db_.reset();
  if (dialect_ == Dialect::kSqlite) {
    std::error_code ec;
    std::filesystem::remove_all(cleanup_, ec);
  } else {
    (void)PgAdminExec("DROP DATABASE IF EXISTS " + cleanup_ + " WITH (FORCE)");
  }
}

}  // namespace syntera::db
