#pragma once
// Helpers shared by the CRM stores (private to src/crm): row conversions and keyset cursors.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/ids.h"
#include "db/database.h"
#include "db/row_values.h"

namespace syntera::crm::store {

using db::OptIdAt;
using db::OptIdValue;
using db::OptTimeAt;
using db::OptTimeValue;
using db::TimeAt;
using db::TimeValue;

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
