// The same store-level behaviour, checked on SQLite and on PostgreSQL.
#include <gtest/gtest.h>

#include <atomic>
#include <limits>
#include <thread>
#include <vector>

#include "db/database.h"
#include "db/engine_test.h"

namespace syntera::db {
namespace {

class StoreTest : public EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    std::string blob = dialect() == Dialect::kPostgres ? "BYTEA" : "BLOB";
    Script("CREATE TABLE items (id TEXT PRIMARY KEY, n BIGINT, x DOUBLE PRECISION, s TEXT, b " +
           blob +
           ");"
           "CREATE TABLE users (id TEXT PRIMARY KEY, email TEXT NOT NULL UNIQUE, "
           "logins BIGINT NOT NULL DEFAULT 0);"
           "CREATE TABLE sessions (id TEXT PRIMARY KEY, "
           "user_id TEXT NOT NULL REFERENCES users(id));");
  }

  void Script(const std::string& sql) {
    auto r =
        InTx(db(), Scope::System(), TxMode::kWrite, [&](Tx& tx) { return tx.ExecScript(sql); });
    ASSERT_TRUE(r.ok()) << r.error().message;
  }

  Result<int64_t> Exec(std::string_view sql, std::vector<Value> params = {}) {
    return InTx(db(), Scope::System(), TxMode::kWrite,
                [&](Tx& tx) { return tx.Exec(sql, params); });
  }

  Result<Rows> Query(std::string_view sql, std::vector<Value> params = {}) {
    return InTx(db(), Scope::System(), TxMode::kRead,
                [&](Tx& tx) { return tx.Query(sql, params); });
  }

  int64_t Count(std::string_view table) {
    auto rows = Query("SELECT count(*) FROM " + std::string(table));
    EXPECT_TRUE(rows.ok()) << rows.error().message;
    return rows.ok() ? (*rows)[0].Int(0) : -1;
  }
};

TEST_P(StoreTest, RoundTripsEveryValueType) {
  const std::string utf8 = "h\xC3\xA9llo \xE2\x9C\x93 \xE6\x97\xA5\xE6\x9C\xAC";
  const std::string bytes("\0\x01\xFF\x00z\\x", 7);
  const int64_t big = std::numeric_limits<int64_t>::max();
  const int64_t small = std::numeric_limits<int64_t>::min();
  ASSERT_TRUE(Exec("INSERT INTO items (id, n, x, s, b) VALUES (?, ?, ?, ?, ?)",
                   {Text("a"), Int(big), 0.1, Text(utf8), Blob(bytes)})
                  .ok());
  ASSERT_TRUE(Exec("INSERT INTO items (id, n, x, s, b) VALUES (?, ?, ?, ?, ?)",
                   {Text("b"), Int(small), -1e300, Text(""), Blob("")})
                  .ok());
  ASSERT_TRUE(Exec("INSERT INTO items (id, n, x, s, b) VALUES (?, ?, ?, ?, ?)",
                   {Text("c"), Null(), Null(), Null(), Null()})
                  .ok());

  auto rows = Query("SELECT id, n, x, s, b FROM items ORDER BY id");
  ASSERT_TRUE(rows.ok()) << rows.error().message;
  ASSERT_EQ(rows->size(), 3u);
  const Row& a = (*rows)[0];
  EXPECT_EQ(std::get<int64_t>(a.at(1)), big);
  EXPECT_EQ(std::get<double>(a.at(2)), 0.1);
  EXPECT_EQ(std::get<std::string>(a.at(3)), utf8);
  EXPECT_EQ(std::get<Bytes>(a.at(4)).data, bytes);
  const Row& b = (*rows)[1];
  EXPECT_EQ(b.Int("n"), small);
  EXPECT_EQ(b.Double(2), -1e300);
  EXPECT_EQ(b.OptText("s"), "");
  EXPECT_TRUE(std::holds_alternative<Bytes>(b.at(4)));
  EXPECT_EQ(b.BytesAt(4), "");
  const Row& c = (*rows)[2];
  for (size_t i = 1; i < 5; ++i) EXPECT_TRUE(c.IsNull(i)) << i;
  EXPECT_EQ(c.OptInt("n"), std::nullopt);
  EXPECT_EQ((*rows->columns)[4], "b");
}

TEST_P(StoreTest, NullParameterMatchesNothingAndTypesStayStable) {
  // The same statement with a null, then an integer, then text in one slot.
  const char* sql = "SELECT count(*) FROM items WHERE n = ?";
  ASSERT_TRUE(Exec("INSERT INTO items (id, n) VALUES ('a', 5)").ok());
  EXPECT_EQ((*Query(sql, {Null()}))[0].Int(0), 0);
  EXPECT_EQ((*Query(sql, {Int(5)}))[0].Int(0), 1);
  EXPECT_EQ((*Query(sql, {Null()}))[0].Int(0), 0);
}

TEST_P(StoreTest, ReturningAndAffectedRows) {
  auto inserted = InTx(db(), Scope::System(), TxMode::kWrite, [](Tx& tx) {
    return tx.Query("INSERT INTO users (id, email) VALUES (?, ?) RETURNING id, logins",
                    {Text("u1"), Text("a@x.io")});
  });
  ASSERT_TRUE(inserted.ok()) << inserted.error().message;
  ASSERT_EQ(inserted->size(), 1u);
  EXPECT_EQ((*inserted)[0].Text("id"), "u1");
  EXPECT_EQ((*inserted)[0].Int("logins"), 0);
  ASSERT_TRUE(Exec("INSERT INTO users (id, email) VALUES ('u2', 'b@x.io')").ok());
  EXPECT_EQ(*Exec("UPDATE users SET logins = logins + 1"), 2);
  EXPECT_EQ(*Exec("UPDATE users SET logins = 0 WHERE id = ?", {Text("none")}), 0);
  EXPECT_EQ(*Exec("SELECT id FROM users"), 0);
  auto page = Query("SELECT id FROM users ORDER BY id LIMIT ? OFFSET ?", {Int(1), Int(1)});
  ASSERT_TRUE(page.ok()) << page.error().message;
  ASSERT_EQ(page->size(), 1u);
  EXPECT_EQ((*page)[0].Text(0), "u2");
}

TEST_P(StoreTest, OnConflictDoNothingAndDoUpdate) {
  const char* upsert =
      "INSERT INTO users (id, email) VALUES (?, ?) ON CONFLICT (email) "
      "DO UPDATE SET logins = users.logins + 1 RETURNING logins";
  const char* insert_ignore = "INSERT INTO users (id, email) VALUES (?, ?) ON CONFLICT DO NOTHING";
  EXPECT_EQ(*Exec(insert_ignore, {Text("u1"), Text("a@x.io")}), 1);
  EXPECT_EQ(*Exec(insert_ignore, {Text("u2"), Text("a@x.io")}), 0);
  auto again = InTx(db(), Scope::System(), TxMode::kWrite, [&](Tx& tx) {
    return tx.Query(upsert, {Text("u3"), Text("a@x.io")});
  });
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ((*again)[0].Int(0), 1);
  EXPECT_EQ(Count("users"), 1);
}

TEST_P(StoreTest, ConstraintViolationsAreConflicts) {
  ASSERT_TRUE(Exec("INSERT INTO users (id, email) VALUES ('u1', 'a@x.io')").ok());
  auto unique = Exec("INSERT INTO users (id, email) VALUES ('u2', 'a@x.io')");
  ASSERT_FALSE(unique.ok());
  EXPECT_EQ(unique.error().code, ErrorCode::kConflict);
  EXPECT_NE(unique.error().message.find("email"), std::string::npos) << unique.error().message;
  auto primary = Exec("INSERT INTO users (id, email) VALUES ('u1', 'b@x.io')");
  ASSERT_FALSE(primary.ok());
  EXPECT_EQ(primary.error().code, ErrorCode::kConflict);
  auto foreign = Exec("INSERT INTO sessions (id, user_id) VALUES ('s1', 'ghost')");
  ASSERT_FALSE(foreign.ok());
  EXPECT_EQ(foreign.error().code, ErrorCode::kConflict) << foreign.error().message;
  auto bad_sql = Exec("INSERT INTO nowhere VALUES (1)");
  ASSERT_FALSE(bad_sql.ok());
  EXPECT_EQ(bad_sql.error().code, ErrorCode::kInternal);
  auto arity = Exec("SELECT ?", {Int(1), Int(2)});
  ASSERT_FALSE(arity.ok());
  EXPECT_EQ(arity.error().code, ErrorCode::kInternal);
}

TEST_P(StoreTest, DestroyingWithoutCommitRollsBack) {
  {
    auto tx = db().Begin(Scope::System(), TxMode::kWrite);
    ASSERT_TRUE(tx.ok()) << tx.error().message;
    ASSERT_TRUE((*tx)->Exec("INSERT INTO users (id, email) VALUES ('u1', 'a@x.io')").ok());
  }
  EXPECT_EQ(Count("users"), 0);
  EXPECT_EQ(db().Stats().in_use, 0);
}

TEST_P(StoreTest, InTxCommitsOnlyOnOk) {
  auto failed = InTx(db(), Scope::System(), TxMode::kWrite, [](Tx& tx) -> Result<int> {
    SYN_RETURN_IF_ERROR(tx.Exec("INSERT INTO users (id, email) VALUES ('u1', 'a@x.io')"));
    return NotFound("changed my mind");
  });
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(Count("users"), 0);
  auto done = InTx(db(), Scope::System(), TxMode::kWrite, [](Tx& tx) -> Result<int> {
    SYN_RETURN_IF_ERROR(tx.Exec("INSERT INTO users (id, email) VALUES ('u1', 'a@x.io')"));
    return 7;
  });
  ASSERT_TRUE(done.ok()) << done.error().message;
  EXPECT_EQ(*done, 7);
  EXPECT_EQ(Count("users"), 1);
}

TEST_P(StoreTest, FailedStatementAbortsTheTransaction) {
  ASSERT_TRUE(Exec("INSERT INTO users (id, email) VALUES ('u1', 'a@x.io')").ok());
  auto tx = db().Begin(Scope::System(), TxMode::kWrite);
  ASSERT_TRUE(tx.ok());
  ASSERT_TRUE((*tx)->Exec("INSERT INTO users (id, email) VALUES ('u2', 'b@x.io')").ok());
  EXPECT_FALSE((*tx)->Exec("INSERT INTO users (id, email) VALUES ('u3', 'a@x.io')").ok());
  EXPECT_FALSE((*tx)->Query("SELECT 1").ok());
  auto commit = (*tx)->Commit();
  ASSERT_FALSE(commit.ok());
  EXPECT_EQ(commit.error().code, ErrorCode::kInternal);
  tx->reset();
  EXPECT_EQ(Count("users"), 1);
}

TEST_P(StoreTest, ReadTransactionsCannotWrite) {
  auto r = InTx(db(), Scope::System(), TxMode::kRead, [](Tx& tx) {
    return tx.Exec("INSERT INTO users (id, email) VALUES ('u1', 'a@x.io')");
  });
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(Count("users"), 0);
}

TEST_P(StoreTest, ReadersSeeOnlyCommittedData) {
  auto writer = db().Begin(Scope::System(), TxMode::kWrite);
  ASSERT_TRUE(writer.ok());
  ASSERT_TRUE((*writer)->Exec("INSERT INTO users (id, email) VALUES ('u1', 'a@x.io')").ok());
  EXPECT_EQ(Count("users"), 0);  // another connection, before commit
  ASSERT_TRUE((*writer)->Commit().ok());
  EXPECT_EQ(Count("users"), 1);
}

TEST_P(StoreTest, ConcurrentWritersAndReaders) {
  // Two counters always updated together: a reader must never see them differ.
  ASSERT_TRUE(Exec("INSERT INTO items (id, n) VALUES ('a', 0), ('b', 0)").ok());
  constexpr int kWriters = 4, kIncrements = 25;
  std::atomic<int> errors{0}, torn{0};
  std::atomic<bool> done{false};
  std::vector<std::thread> threads;
  for (int w = 0; w < kWriters; ++w) {
    threads.emplace_back([&] {
      for (int i = 0; i < kIncrements; ++i) {
        auto r = InTx(db(), Scope::System(), TxMode::kWrite, [](Tx& tx) -> Result<int64_t> {
          SYN_RETURN_IF_ERROR(tx.Exec("UPDATE items SET n = n + 1 WHERE id = 'a'"));
          return tx.Exec("UPDATE items SET n = n + 1 WHERE id = 'b'");
        });
        if (!r.ok()) ADD_FAILURE() << r.error().message, ++errors;
      }
    });
  }
  std::thread reader([&] {
    while (!done) {
      auto rows = Query("SELECT n FROM items ORDER BY id");
      if (!rows.ok()) {
        ADD_FAILURE() << rows.error().message, ++errors;
      } else if ((*rows)[0].Int(0) != (*rows)[1].Int(0)) {
        ++torn;
      }
    }
  });
  for (auto& t : threads) t.join();
  done = true;
  reader.join();
  EXPECT_EQ(errors, 0);
  EXPECT_EQ(torn, 0);
  auto rows = Query("SELECT n FROM items ORDER BY id");
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ((*rows)[0].Int(0), kWriters * kIncrements);
  EXPECT_EQ(db().Stats().in_use, 0);
}

TEST_P(StoreTest, LargeBlobAndPing) {
  std::string big(1 << 20, '\0');
  for (size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>(i * 31);
  ASSERT_TRUE(Exec("INSERT INTO items (id, b) VALUES ('big', ?)", {Blob(big)}).ok());
  auto rows = Query("SELECT b FROM items WHERE id = 'big'");
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ((*rows)[0].BytesAt(0), big);
  EXPECT_TRUE(db().Ping().ok());
  EXPECT_GE(db().Stats().size, 1);
}

SYNTERA_INSTANTIATE_ENGINE_TEST(StoreTest);

}  // namespace
}  // namespace syntera::db
