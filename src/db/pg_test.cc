// PostgreSQL specifics: row-level security, the pool, lost connections, type mapping.
// Skipped unless SYNTERA_TEST_PG_URL is set.
#include <gtest/gtest.h>
#include <libpq-fe.h>

#include <chrono>
#include <cmath>
#include <iostream>
#include <thread>

#include "db/migrations.h"
#include "db/pg_database.h"
#include "db/test_database.h"

namespace syntera::db {
namespace {

using std::chrono::milliseconds;

class PgTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!TestDatabase::PostgresConfigured()) {
      GTEST_SKIP() << "PostgreSQL not configured: set " << kTestPgUrlEnv;
    }
    auto created = TestDatabase::Create(Dialect::kPostgres);
    ASSERT_TRUE(created.ok()) << created.error().message;
    test_db_ = std::move(*created);
  }

  Database& db() { return test_db_->db(); }

  std::unique_ptr<Database> OpenWith(int pool_size, int acquire_timeout_ms) {
    auto db = OpenPostgres({test_db_->url(), pool_size, acquire_timeout_ms});
    EXPECT_TRUE(db.ok()) << db.error().message;
    return db.ok() ? std::move(*db) : nullptr;
  }

  static int64_t BackendPid(Database& db) {
    auto rows = InTx(db, Scope::System(), TxMode::kRead,
                     [](Tx& tx) { return tx.Query("SELECT pg_backend_pid()"); });
    EXPECT_TRUE(rows.ok()) << rows.error().message;
    return rows.ok() ? (*rows)[0].Int(0) : -1;
  }

  void Terminate(int64_t pid) {
    auto r = InTx(db(), Scope::System(), TxMode::kRead, [&](Tx& tx) {
      return tx.Query("SELECT pg_terminate_backend(CAST(? AS INTEGER), 5000)", {Int(pid)});
    });
    ASSERT_TRUE(r.ok()) << r.error().message;
    ASSERT_TRUE((*r)[0].Bool(0));
  }

  std::unique_ptr<TestDatabase> test_db_;
};

TEST_F(PgTest, RowLevelSecurityConfinesATenant) {
  ModuleMigrations notes = {
      "notes",
      {{1, "create_notes", "",
        "CREATE TABLE notes (id TEXT PRIMARY KEY, org_id TEXT NOT NULL, body TEXT); " +
            PgRowLevelSecuritySql("notes")}}};
  auto applied = ApplyMigrations(db(), {DbMigrations(), notes});
  ASSERT_TRUE(applied.ok()) << applied.error().message;

  auto seeded = InTx(db(), Scope::System(), TxMode::kWrite, [](Tx& tx) {
    return tx.Exec("INSERT INTO notes VALUES ('a1', 'A', 'x'), ('a2', 'A', 'y'), ('b1', 'B', 'z')");
  });
  ASSERT_TRUE(seeded.ok()) << seeded.error().message;

  auto a_rows = InTx(db(), Scope::Tenant("A"), TxMode::kRead,
                     [](Tx& tx) { return tx.Query("SELECT id FROM notes ORDER BY id"); });
  ASSERT_TRUE(a_rows.ok()) << a_rows.error().message;
  ASSERT_EQ(a_rows->size(), 2u);  // no WHERE clause, yet only A's rows
  EXPECT_EQ((*a_rows)[0].Text(0), "a1");
  EXPECT_EQ((*a_rows)[1].Text(0), "a2");

  auto cross_write = InTx(db(), Scope::Tenant("A"), TxMode::kWrite, [](Tx& tx) {
    return tx.Exec("INSERT INTO notes VALUES ('b2', 'B', 'sneaky')");
  });
  ASSERT_FALSE(cross_write.ok());
  EXPECT_NE(cross_write.error().message.find("row-level security"), std::string::npos)
      << cross_write.error().message;
  auto cross_update = InTx(db(), Scope::Tenant("A"), TxMode::kWrite,
                           [](Tx& tx) { return tx.Exec("UPDATE notes SET body = 'gone'"); });
  ASSERT_TRUE(cross_update.ok());
  EXPECT_EQ(*cross_update, 2);

  auto all = InTx(db(), Scope::System(), TxMode::kRead,
                  [](Tx& tx) { return tx.Query("SELECT count(*) FROM notes"); });
  EXPECT_EQ((*all)[0].Int(0), 3);

  // A session that never set syntera.org_id sees nothing.
  PGconn* raw = PQconnectdb(test_db_->url().c_str());
  ASSERT_EQ(PQstatus(raw), CONNECTION_OK) << PQerrorMessage(raw);
  PGresult* res = PQexec(raw, "SELECT count(*) FROM notes");
  ASSERT_EQ(PQresultStatus(res), PGRES_TUPLES_OK) << PQresultErrorMessage(res);
  EXPECT_STREQ(PQgetvalue(res, 0, 0), "0");
  PQclear(res);
  PQfinish(raw);
  // Nor does a transaction whose setting is empty (what is left after a scoped transaction).
  auto unset = InTx(db(), Scope::System(), TxMode::kRead, [](Tx& tx) -> Result<Rows> {
    SYN_RETURN_IF_ERROR(tx.Query("SELECT set_config('syntera.org_id', '', true)"));
    return tx.Query("SELECT id FROM notes");
  });
  ASSERT_TRUE(unset.ok()) << unset.error().message;
  EXPECT_TRUE(unset->empty());
}

TEST_F(PgTest, ExhaustedPoolWaitsThenFailsAsUnavailable) {
  auto small = OpenWith(2, 200);
  ASSERT_TRUE(small);
  auto t1 = small->Begin(Scope::System(), TxMode::kRead);
  auto t2 = small->Begin(Scope::System(), TxMode::kRead);
  ASSERT_TRUE(t1.ok() && t2.ok());
  EXPECT_EQ(small->Stats().in_use, 2);
  auto start = std::chrono::steady_clock::now();
  auto t3 = small->Begin(Scope::System(), TxMode::kRead);
  auto waited = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(t3.ok());
  EXPECT_EQ(t3.error().code, ErrorCode::kUnavailable);
  EXPECT_GE(waited, milliseconds(190));
  EXPECT_EQ(small->Stats().waits, 1);

  // A waiter gets the connection as soon as one is released.
  auto patient = OpenWith(1, 10000);
  auto held = patient->Begin(Scope::System(), TxMode::kRead);
  ASSERT_TRUE(held.ok());
  Result<std::unique_ptr<Tx>> got = Internal("not run");
  std::thread waiter([&] { got = patient->Begin(Scope::System(), TxMode::kRead); });
  while (patient->Stats().waits == 0) std::this_thread::yield();
  held->reset();
  waiter.join();
  EXPECT_TRUE(got.ok()) << got.error().message;
}

TEST_F(PgTest, KilledConnectionIsReplaced) {
  auto one = OpenWith(1, 1000);
  ASSERT_TRUE(one);
  int64_t pid = BackendPid(*one);
  Terminate(pid);
  int64_t fresh = BackendPid(*one);  // the pooled connection is dead; Begin replaces it
  EXPECT_GT(fresh, 0);
  EXPECT_NE(fresh, pid);

  // Killed in the middle of a transaction: the error is kUnavailable, and the broken
  // connection is not pooled again.
  auto tx = one->Begin(Scope::System(), TxMode::kRead);
  ASSERT_TRUE(tx.ok());
  Terminate(fresh);
  auto lost = (*tx)->Query("SELECT 1");
  ASSERT_FALSE(lost.ok());
  EXPECT_EQ(lost.error().code, ErrorCode::kUnavailable) << lost.error().message;
  tx->reset();
  EXPECT_EQ(one->Stats().in_use, 0);
  EXPECT_TRUE(one->Ping().ok());
}

TEST_F(PgTest, ReadsColumnsByType) {
  auto rows = InTx(db(), Scope::System(), TxMode::kRead, [](Tx& tx) {
    return tx.Query(
        "SELECT 1::int2, 2::int4, 3::int8, 4::oid, 1.5::float4, 2.25::float8, 3.5::numeric, "
        "true, false, '\\x00ff'::bytea, 'txt'::varchar, 'NaN'::float8, 'Infinity'::float8");
  });
  ASSERT_TRUE(rows.ok()) << rows.error().message;
  const Row& r = (*rows)[0];
  for (size_t i = 0; i < 4; ++i) EXPECT_EQ(std::get<int64_t>(r.at(i)), static_cast<int64_t>(i + 1));
  EXPECT_EQ(std::get<double>(r.at(4)), 1.5);
  EXPECT_EQ(std::get<double>(r.at(5)), 2.25);
  EXPECT_EQ(std::get<double>(r.at(6)), 3.5);
  EXPECT_EQ(std::get<int64_t>(r.at(7)), 1);
  EXPECT_EQ(std::get<int64_t>(r.at(8)), 0);
  EXPECT_EQ(std::get<Bytes>(r.at(9)).data, std::string("\0\xff", 2));
  EXPECT_EQ(std::get<std::string>(r.at(10)), "txt");
  EXPECT_TRUE(std::isnan(std::get<double>(r.at(11))));
  EXPECT_TRUE(std::isinf(std::get<double>(r.at(12))));
}

TEST_F(PgTest, RejectsTextWithNul) {
  auto r = InTx(db(), Scope::System(), TxMode::kRead,
                [](Tx& tx) { return tx.Query("SELECT ?", {Text(std::string("a\0b", 3))}); });
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
}

TEST_F(PgTest, DeadlockIsUnavailableForRetry) {
  ASSERT_TRUE(InTx(db(), Scope::System(), TxMode::kWrite, [](Tx& tx) {
                return tx.ExecScript(
                    "CREATE TABLE k (id BIGINT PRIMARY KEY, n BIGINT);"
                    "INSERT INTO k VALUES (1, 0), (2, 0)");
              }).ok());
  auto a = db().Begin(Scope::System(), TxMode::kWrite);
  auto b = db().Begin(Scope::System(), TxMode::kWrite);
  ASSERT_TRUE(a.ok() && b.ok());
  ASSERT_TRUE((*a)->Exec("UPDATE k SET n = 1 WHERE id = 1").ok());
  ASSERT_TRUE((*b)->Exec("UPDATE k SET n = 1 WHERE id = 2").ok());
  Result<int64_t> from_a = Internal("not run");
  std::thread t([&] { from_a = (*a)->Exec("UPDATE k SET n = 2 WHERE id = 2"); });
  auto from_b = (*b)->Exec("UPDATE k SET n = 2 WHERE id = 1");
  // The victim's locks are released when its statement fails, so the other one completes.
  t.join();
  const Error& e = from_b.ok() ? from_a.error() : from_b.error();
  EXPECT_EQ(e.code, ErrorCode::kUnavailable) << e.message;
  EXPECT_NE(e.message.find("40P01"), std::string::npos) << e.message;
}

// Not a test: prints the round trip of a tiny transaction.
TEST_F(PgTest, DISABLED_MeasureRoundTrip) {
  ASSERT_TRUE(InTx(db(), Scope::System(), TxMode::kWrite, [](Tx& tx) {
                return tx.ExecScript("CREATE TABLE t (id BIGINT PRIMARY KEY, v TEXT)");
              }).ok());
  constexpr int kRuns = 500;
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < kRuns; ++i) {
    ASSERT_TRUE(InTx(db(), Scope::Tenant("org"), TxMode::kWrite, [&](Tx& tx) {
                  return tx.Exec("INSERT INTO t VALUES (?, ?)", {Int(i), Text("v")});
                }).ok());
  }
  auto mid = std::chrono::steady_clock::now();
  for (int i = 0; i < kRuns; ++i) {
    ASSERT_TRUE(InTx(db(), Scope::Tenant("org"), TxMode::kRead, [&](Tx& tx) {
                  return tx.Query("SELECT v FROM t WHERE id = ?", {Int(i)});
                }).ok());
  }
  auto end = std::chrono::steady_clock::now();
  using std::chrono::duration_cast;
  using std::chrono::microseconds;
  std::cout << "postgres insert+commit: "
            << duration_cast<microseconds>(mid - start).count() / kRuns
            << " us; read tx: " << duration_cast<microseconds>(end - mid).count() / kRuns
            << " us (BEGIN + set_config + statement + COMMIT)\n";
}

}  // namespace
}  // namespace syntera::db
