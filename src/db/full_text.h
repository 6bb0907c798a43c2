#pragma once
// Full-text search queries for both engines (stores that keep an FTS5 table on SQLite and a
// GIN index over to_tsvector('simple', …) on PostgreSQL).

#include <string>
#include <string_view>

#include "db/database.h"

namespace syntera::db {

// The words of `q` as a query in which every word must match as a prefix: FTS5
// `"ada"* "lov"*` for MATCH, PostgreSQL `ada:* & lov:*` for to_tsquery('simple', ?). Words
// are runs of ASCII letters and digits and of non-ASCII bytes, lowercased; everything else
// separates them. Empty when no word is left (the caller decides what an empty search means).
std::string PrefixMatchQuery(Dialect dialect, std::string_view q);

}  // namespace syntera::db
