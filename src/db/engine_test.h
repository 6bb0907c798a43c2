#pragma once
// GoogleTest fixture that runs a test suite on both engines (test binaries only; link
// syntera_db_testing). Usage:
//   class ContactStoreTest : public syntera::db::EngineTest {};
//   TEST_P(ContactStoreTest, CreatesContact) { ContactStore store(db()); … }
//   SYNTERA_INSTANTIATE_ENGINE_TEST(ContactStoreTest);
// PostgreSQL cases are skipped with a message when SYNTERA_TEST_PG_URL is unset, and fail
// when it is set but the server is unreachable.

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "db/test_database.h"

namespace syntera::db {

class EngineTest : public ::testing::TestWithParam<Dialect> {
 protected:
  void SetUp() override {
    if (GetParam() == Dialect::kPostgres && !TestDatabase::PostgresConfigured()) {
      GTEST_SKIP() << "PostgreSQL not configured: set " << kTestPgUrlEnv
                   << " (scripts/pg-test-server start prints one)";
    }
    auto created = TestDatabase::Create(GetParam());
    ASSERT_TRUE(created.ok()) << created.error().message;
    test_db_ = std::move(*created);
  }

  Database& db() { return test_db_->db(); }
  TestDatabase& test_db() { return *test_db_; }
  Dialect dialect() const { return GetParam(); }

 private:
  std::unique_ptr<TestDatabase> test_db_;
};

inline std::string EngineTestName(const ::testing::TestParamInfo<Dialect>& info) {
  return std::string(DialectName(info.param));
}

}  // namespace syntera::db

#define SYNTERA_INSTANTIATE_ENGINE_TEST(suite)                                               \
  INSTANTIATE_TEST_SUITE_P(                                                                  \
      Engines, suite,                                                                        \
      ::testing::Values(::syntera::db::Dialect::kSqlite, ::syntera::db::Dialect::kPostgres), \
      ::syntera::db::EngineTestName)
