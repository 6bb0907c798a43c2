#include "db/open.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "db/test_database.h"

namespace syntera::db {
namespace {

TEST(OpenDatabaseTest, SqliteForms) {
  TempDir dir;
  auto absolute = OpenDatabase("sqlite://" + dir.path() + "/a/abs.db");
  ASSERT_TRUE(absolute.ok()) << absolute.error().message;
  EXPECT_EQ((*absolute)->dialect(), Dialect::kSqlite);
  EXPECT_TRUE(std::filesystem::exists(dir.path() + "/a/abs.db"));

  auto plain = OpenDatabase(dir.path() + "/plain.db");
  ASSERT_TRUE(plain.ok()) << plain.error().message;
  EXPECT_TRUE(std::filesystem::exists(dir.path() + "/plain.db"));

  auto cwd = std::filesystem::current_path();
  std::filesystem::current_path(dir.path());
  auto relative = OpenDatabase("sqlite://rel/r.db");
  std::filesystem::current_path(cwd);
  ASSERT_TRUE(relative.ok()) << relative.error().message;
  EXPECT_TRUE(std::filesystem::exists(dir.path() + "/rel/r.db"));

  auto memory = OpenDatabase("sqlite::memory:");
  ASSERT_TRUE(memory.ok()) << memory.error().message;
  EXPECT_TRUE((*memory)->Ping().ok());
}

TEST(OpenDatabaseTest, RejectsUnknownOrEmptyUrls) {
  for (const char* url : {"", "mysql://db/x", "sqlite://"}) {
    auto r = OpenDatabase(url);
    ASSERT_FALSE(r.ok()) << url;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(r.error().message.find("database URL"), std::string::npos) << r.error().message;
  }
}

TEST(OpenDatabaseTest, PostgresUnreachableIsUnavailable) {
  auto r = OpenDatabase("postgresql://u:pw@127.0.0.1:1/db");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kUnavailable);
}

TEST(PgUrlWithDatabaseTest, ReplacesTheDatabaseName) {
  EXPECT_EQ(PgUrlWithDatabase("postgres://u:p@h:1/old", "new"), "postgres://u:p@h:1/new");
  EXPECT_EQ(PgUrlWithDatabase("postgres://u:p@h:1/old?sslmode=disable", "new"),
            "postgres://u:p@h:1/new?sslmode=disable");
  EXPECT_EQ(PgUrlWithDatabase("postgres://h", "new"), "postgres://h/new");
  EXPECT_EQ(PgUrlWithDatabase("postgresql://h?x=1", "new"), "postgresql://h/new?x=1");
  EXPECT_EQ(PgUrlWithDatabase("host=h user=u", "new"), "host=h user=u dbname=new");
}

}  // namespace
}  // namespace syntera::db
