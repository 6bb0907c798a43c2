#pragma once
// SQL text rewriting for PostgreSQL (private to db).

#include <string>
#include <string_view>

namespace syntera::db {

struct PgSql {
  std::string text;  // the statement with $1..$n placeholders
  int params = 0;    // n
};

// Replaces each `?` placeholder with $1, $2, … in order. A `?` inside a single-quoted string
// (including E'' strings with backslash escapes), a double-quoted identifier, a dollar-quoted
// string, a `--` comment or a `/* */` comment is left alone. PostgreSQL's jsonb `?` operators
// therefore cannot be written in portable SQL; use jsonb_exists() instead. Pure function.
PgSql ToPgPlaceholders(std::string_view sql);

}  // namespace syntera::db
