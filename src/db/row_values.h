#pragma once
// Conversions every store needs between domain values and db::Value / db::Row columns:
// timestamps as unix milliseconds (BIGINT), optional ids as TEXT or NULL.

#include <optional>
#include <string_view>

#include "base/clock.h"
#include "db/database.h"

namespace syntera::db {

inline Value TimeValue(Timestamp t) { return Int(ToUnixMillis(t)); }
inline Value OptTimeValue(const std::optional<Timestamp>& t) {
  return t ? Int(ToUnixMillis(*t)) : Null();
}
inline Timestamp TimeAt(const Row& row, std::string_view col) {
  return FromUnixMillis(row.Int(col));
}
inline std::optional<Timestamp> OptTimeAt(const Row& row, std::string_view col) {
  auto v = row.OptInt(col);
  if (!v) return std::nullopt;
  return FromUnixMillis(*v);
}
template <typename Id>
Value OptIdValue(const std::optional<Id>& id) {
  return id ? Text(id->str()) : Null();
}
template <typename Id>
std::optional<Id> OptIdAt(const Row& row, std::string_view col) {
  auto v = row.OptText(col);
  if (!v) return std::nullopt;
  return Id(*v);
}

}  // namespace syntera::db
