#include "db/pg_sql.h"

#include <gtest/gtest.h>

namespace syntera::db {
namespace {

struct Case {
  const char* sql;
  const char* want;
  int params;
};

TEST(PgPlaceholdersTest, RewritesOnlyRealPlaceholders) {
  const Case cases[] = {
      {"SELECT 1", "SELECT 1", 0},
      {"SELECT ?", "SELECT $1", 1},
      {"INSERT INTO t VALUES (?, ?, ?)", "INSERT INTO t VALUES ($1, $2, $3)", 3},
      {"SELECT '?' , ?", "SELECT '?' , $1", 1},
      {"SELECT 'it''s ?', ?", "SELECT 'it''s ?', $1", 1},
      {"SELECT E'a\\'?', ?", "SELECT E'a\\'?', $1", 1},
      {"SELECT 'a\\', ?", "SELECT 'a\\', $1", 1},  // standard strings: backslash is literal
      {"SELECT \"we?ird\" FROM t WHERE a = ?", "SELECT \"we?ird\" FROM t WHERE a = $1", 1},
      {"SELECT \"a\"\"?\" , ?", "SELECT \"a\"\"?\" , $1", 1},
      {"SELECT ? -- why?\n, ?", "SELECT $1 -- why?\n, $2", 2},
      {"SELECT ? -- trailing?", "SELECT $1 -- trailing?", 1},
      {"SELECT /* ? /* nested ? */ ? */ ?", "SELECT /* ? /* nested ? */ ? */ $1", 1},
      {"SELECT $$ ? $$, ?", "SELECT $$ ? $$, $1", 1},
      {"SELECT $body$ it's ? $body$, ?", "SELECT $body$ it's ? $body$, $1", 1},
      {"SELECT a$b, ?", "SELECT a$b, $1", 1},
      {"SELECT 5-?", "SELECT 5-$1", 1},
      {"SELECT 'unterminated ?", "SELECT 'unterminated ?", 0},
      {"SELECT ? ~ 'x' LIMIT ? OFFSET ?", "SELECT $1 ~ 'x' LIMIT $2 OFFSET $3", 3},
      {"SELECT 'é?' , ?", "SELECT 'é?' , $1", 1},
  };
  for (const Case& c : cases) {
    PgSql got = ToPgPlaceholders(c.sql);
    EXPECT_EQ(got.text, c.want) << c.sql;
    EXPECT_EQ(got.params, c.params) << c.sql;
  }
}

}  // namespace
}  // namespace syntera::db
