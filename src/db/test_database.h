#pragma once
// Test support (library syntera_db_testing; link it from test binaries only): a fresh,
// isolated database per test on either engine, so every module's store tests can run on both.
//
// PostgreSQL tests need the environment variable SYNTERA_TEST_PG_URL: a URL whose role is
// NOT a superuser (so row-level security applies) and has CREATEDB, e.g. the one printed by
// `scripts/pg-test-server start`.

#include <memory>
#include <string>
#include <string_view>

#include "base/result.h"
#include "db/database.h"

namespace syntera::db {

inline constexpr const char kTestPgUrlEnv[] = "SYNTERA_TEST_PG_URL";

class TestDatabase {
 public:
  // True when SYNTERA_TEST_PG_URL is set (non-empty).
  static bool PostgresConfigured();

  // Creates an empty database and opens it:
  //  - SQLite: `db.sqlite` in a new temporary directory, removed by the destructor;
  //  - PostgreSQL: `CREATE DATABASE syntera_t_<random>` as the SYNTERA_TEST_PG_URL role,
  //    dropped (WITH FORCE) by the destructor.
  // Errors: kFailedPrecondition when PostgreSQL is not configured; kUnavailable when the
  // server cannot be reached or the database cannot be created.
  static Result<std::unique_ptr<TestDatabase>> Create(Dialect dialect);

  ~TestDatabase();
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;

  Database& db() { return *db_; }
  Dialect dialect() const { return dialect_; }
  // A URL for OpenDatabase naming this database, to open more handles (other pool sizes).
  const std::string& url() const { return url_; }

 private:
  TestDatabase(Dialect dialect, std::string url, std::string cleanup)
      : dialect_(dialect), url_(std::move(url)), cleanup_(std::move(cleanup)) {}

  Dialect dialect_;
  std::string url_;
  std::string cleanup_;  // SQLite: the temp directory; PostgreSQL: the database name
  std::unique_ptr<Database> db_;
};

// A new empty directory under the system temp dir, removed with its content on destruction.
// Aborts the test process if it cannot be created (environment broken).
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// `url` (postgres:// URL or key=value conninfo) with its database name replaced by `dbname`.
std::string PgUrlWithDatabase(std::string_view url, std::string_view dbname);

}  // namespace syntera::db
