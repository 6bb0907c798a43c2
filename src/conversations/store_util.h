#pragma once
// Helpers shared by the conversations stores (private to src/conversations): row values,
// keyset cursors, LIKE patterns.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "db/database.h"

namespace syntera::conversations::store {

inline db::Value Str(std::string s) { return db::Text(std::move(s)); }
inline db::Value TimeValue(Timestamp t) { return db::Int(ToUnixMillis(t)); }
inline db::Value OptTimeValue(const std::optional<Timestamp>& t) {
  return t ? db::Int(ToUnixMillis(*t)) : db::Null();
}
inline Timestamp TimeAt(const db::Row& row, std::string_view col) {
  return FromUnixMillis(row.Int(col));
}
inline std::optional<Timestamp> OptTimeAt(const db::Row& row, std::string_view col) {
  auto v = row.OptInt(col);
  if (!v) return std::nullopt;
  return FromUnixMillis(*v);
}
template <typename Id>
db::Value OptIdValue(const std::optional<Id>& id) {
  return id ? db::Text(id->str()) : db::Null();
}
template <typename Id>
std::optional<Id> OptIdAt(const db::Row& row, std::string_view col) {
  auto v = row.OptText(col);
  if (!v) return std::nullopt;
  return Id(*v);
}

// A keyset position: an integer sort key and the id as tie-breaker. Opaque text: base64url
// of "<key>\n<id>".
struct Cursor {
  int64_t key = 0;
  std::string id;
};
std::string EncodeCursor(const Cursor& cursor);
std::optional<Cursor> DecodeCursor(std::string_view text);

// Appends " AND (col > key OR (col = key AND id_col > id))" (< when descending).
void AppendAfter(const Cursor& cursor, std::string_view col, std::string_view id_col,
                 bool descending, std::string& where, std::vector<db::Value>& params);

// "(?, ?, …)" with n placeholders.
std::string Placeholders(size_t n);

// `%<needle lowercased, with %, _ and \ escaped>%` for `LOWER(col) LIKE ? ESCAPE '\'`.
std::string ContainsPattern(std::string_view needle);

}  // namespace syntera::conversations::store
