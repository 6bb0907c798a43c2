#include "db/full_text.h"

#include <gtest/gtest.h>

namespace syntera::db {
namespace {

TEST(PrefixMatchQuery, WordsBecomePrefixTermsForEachEngine) {
  EXPECT_EQ(PrefixMatchQuery(Dialect::kSqlite, "Ada  Lov-elace"), R"("ada"* "lov"* "elace"*)");
  EXPECT_EQ(PrefixMatchQuery(Dialect::kPostgres, "Ada  Lov-elace"), "ada:* & lov:* & elace:*");
  // Query syntax never gets through: quotes, operators and parentheses separate words.
  EXPECT_EQ(PrefixMatchQuery(Dialect::kSqlite, R"(a" OR b*)"), R"("a"* "or"* "b"*)");
  EXPECT_EQ(PrefixMatchQuery(Dialect::kPostgres, "x:*|!(y)&"), "x:* & y:*");
  EXPECT_EQ(PrefixMatchQuery(Dialect::kSqlite, "  !!  "), "");
  EXPECT_EQ(PrefixMatchQuery(Dialect::kPostgres, "Ünïcode"), "Ünïcode:*");  // bytes ≥ 0x80 kept
}

}  // namespace
}  // namespace syntera::db
