#include "db/migrations.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "db/engine_test.h"
#include "db/open.h"

namespace syntera::db {
namespace {

Migration Make(int version, std::string name, std::string sql) {
  return {version, std::move(name), sql, sql};
}

ModuleMigrations Notes() {
  return {"notes",
          {Make(1, "create_notes", "CREATE TABLE notes (id TEXT PRIMARY KEY, body TEXT)"),
           Make(2, "add_author",
                "ALTER TABLE notes ADD COLUMN author TEXT; "
                "CREATE INDEX notes_author ON notes (author)"),
           Make(3, "seed", "INSERT INTO notes (id, body) VALUES ('n1', 'hello')")}};
}

class MigrationsTest : public EngineTest {};

TEST_P(MigrationsTest, AppliesOnceThenIsIdempotent) {
  std::vector<ModuleMigrations> all = {DbMigrations(), Notes()};
  auto before = MigrationsUpToDate(db(), all);
  ASSERT_TRUE(before.ok()) << before.error().message;
  EXPECT_FALSE(*before);

  auto first = ApplyMigrations(db(), all);
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(first->applied, 4);
  EXPECT_EQ(first->already, 0);
  auto second = ApplyMigrations(db(), all);
  ASSERT_TRUE(second.ok()) << second.error().message;
  EXPECT_EQ(second->applied, 0);
  EXPECT_EQ(second->already, 4);
  EXPECT_TRUE(*MigrationsUpToDate(db(), all));

  auto rows = InTx(db(), Scope::System(), TxMode::kRead, [](Tx& tx) {
    return tx.Query(
        "SELECT n.body, m.name, m.checksum FROM notes n, schema_migrations m "
        "WHERE m.module = 'notes' AND m.version = 3");
  });
  ASSERT_TRUE(rows.ok()) << rows.error().message;
  ASSERT_EQ(rows->size(), 1u);  // the seed ran exactly once
  EXPECT_EQ((*rows)[0].Text("name"), "seed");
  EXPECT_EQ((*rows)[0].Text("checksum").size(), 64u);
}

TEST_P(MigrationsTest, AddingAMigrationAppliesOnlyIt) {
  ModuleMigrations notes = Notes();
  notes.migrations.pop_back();
  ASSERT_TRUE(ApplyMigrations(db(), {notes}).ok());
  EXPECT_FALSE(*MigrationsUpToDate(db(), {Notes()}));
  auto report = ApplyMigrations(db(), {Notes()});
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_EQ(report->applied, 1);
  EXPECT_EQ(report->already, 2);
}

TEST_P(MigrationsTest, RefusesAChangedMigration) {
  ASSERT_TRUE(ApplyMigrations(db(), {Notes()}).ok());
  ModuleMigrations changed = Notes();
  changed.migrations[1].sqlite_sql += " ";
  changed.migrations[1].postgres_sql += " ";
  auto applied = ApplyMigrations(db(), {changed});
  ASSERT_FALSE(applied.ok());
  EXPECT_EQ(applied.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(applied.error().message.find("notes #2"), std::string::npos) << applied.error().message;
  auto up_to_date = MigrationsUpToDate(db(), {changed});
  ASSERT_FALSE(up_to_date.ok());
  EXPECT_EQ(up_to_date.error().code, ErrorCode::kFailedPrecondition);
}

TEST_P(MigrationsTest, RefusesAGapOrDisorder) {
  ModuleMigrations gap = Notes();
  gap.migrations.erase(gap.migrations.begin() + 1);
  auto r = ApplyMigrations(db(), {gap});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(r.error().message.find("notes #3"), std::string::npos) << r.error().message;
  auto twice = ApplyMigrations(db(), {Notes(), Notes()});
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.error().code, ErrorCode::kFailedPrecondition);
}

TEST_P(MigrationsTest, RefusesAVersionThisBuildDoesNotKnow) {
  ASSERT_TRUE(ApplyMigrations(db(), {Notes()}).ok());
  ModuleMigrations older = Notes();
  older.migrations.pop_back();
  auto r = ApplyMigrations(db(), {older});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(r.error().message.find("notes #3"), std::string::npos) << r.error().message;
}

TEST_P(MigrationsTest, AFailingMigrationRollsBackAlone) {
  ModuleMigrations broken = Notes();
  broken.migrations[1] = Make(2, "broken", "CREATE TABLE side (x TEXT); SELECT * FROM nowhere");
  auto r = ApplyMigrations(db(), {broken});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("notes #2 (broken)"), std::string::npos) << r.error().message;
  auto rows = InTx(db(), Scope::System(), TxMode::kRead, [](Tx& tx) {
    return tx.Query("SELECT version FROM schema_migrations WHERE module = 'notes'");
  });
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 1u);  // #1 stays applied
  auto side = InTx(db(), Scope::System(), TxMode::kRead,
                   [](Tx& tx) { return tx.Query("SELECT x FROM side"); });
  EXPECT_FALSE(side.ok());  // #2's first statement was rolled back too
}

TEST_P(MigrationsTest, ConcurrentStartersApplyEachMigrationOnce) {
  // Separate Database handles stand in for separate processes.
  constexpr int kStarters = 4;
  std::vector<std::unique_ptr<Database>> handles;
  for (int i = 0; i < kStarters; ++i) {
    auto h = OpenDatabase(test_db().url());
    ASSERT_TRUE(h.ok()) << h.error().message;
    handles.push_back(std::move(*h));
  }
  std::vector<Result<MigrationReport>> reports(kStarters, Internal("not run"));
  std::vector<std::thread> threads;
  for (int i = 0; i < kStarters; ++i) {
    threads.emplace_back([&, i] {
      reports[i] = ApplyMigrations(*handles[i], {DbMigrations(), Notes()});
    });
  }
  for (auto& t : threads) t.join();
  int applied = 0;
  for (const auto& r : reports) {
    ASSERT_TRUE(r.ok()) << r.error().message;
    applied += r->applied;
  }
  EXPECT_EQ(applied, 4);
  auto rows = InTx(db(), Scope::System(), TxMode::kRead,
                   [](Tx& tx) { return tx.Query("SELECT count(*) FROM notes"); });
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ((*rows)[0].Int(0), 1);
}

TEST(MigrationSqlTest, RowLevelSecuritySql) {
  EXPECT_EQ(PgRowLevelSecuritySql("contacts"),
            "ALTER TABLE contacts ENABLE ROW LEVEL SECURITY; ALTER TABLE contacts FORCE ROW "
            "LEVEL SECURITY; CREATE POLICY contacts_tenant ON contacts USING "
            "(syntera_tenant_ok(org_id)) WITH CHECK (syntera_tenant_ok(org_id));");
}

SYNTERA_INSTANTIATE_ENGINE_TEST(MigrationsTest);

}  // namespace
}  // namespace syntera::db
