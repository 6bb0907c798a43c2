#pragma once
// Helpers shared by the CRM stores (private to src/crm): row conversions and keyset cursors.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/ids.h"
#include "db/database.h"

namespace syntera::crm::store {

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

// A keyset position: the sort key (int or text) and the id as tie-breaker. `insertion`
// marks a position in insertion order (key = the SQLite rowid; search pages), so such a
// cursor is never mistaken for a created_at one.
struct Cursor {
  db::Value key;
  std::string id;
  bool insertion = false;
};
// Opaque text: base64url of "<i|s|r><key>\n<id>".
std::string EncodeCursor(const Cursor& cursor);
std::optional<Cursor> DecodeCursor(std::string_view text);

// Appends "AND (col, id_col) > (key, id)" (< for descending; a row-value comparison, so both
// engines seek the (…, col, id) index to the position instead of scanning up to it).
void AppendAfter(const Cursor& cursor, std::string_view col, std::string_view id_col,
                 bool descending, std::string& where, std::vector<db::Value>& params);

// "(?, ?, …)" with n placeholders.
std::string Placeholders(size_t n);

}  // namespace syntera::crm::store
