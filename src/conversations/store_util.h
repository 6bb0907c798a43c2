#pragma once
// Helpers shared by the conversations stores (private to src/conversations): row values,
// keyset cursors.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "db/database.h"
#include "db/row_values.h"

namespace syntera::conversations::store {

inline db::Value Str(std::string s) { return db::Text(std::move(s)); }
using db::OptIdAt;
using db::OptIdValue;
using db::OptTimeAt;
using db::OptTimeValue;
using db::TimeAt;
using db::TimeValue;

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

}  // namespace syntera::conversations::store
