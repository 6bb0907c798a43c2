#include "conversations/store_util.h"

#include <cstdlib>

#include "base/encoding.h"

namespace syntera::conversations::store {

std::string EncodeCursor(const Cursor& cursor) {
  return Base64UrlEncode(std::to_string(cursor.key) + "\n" + cursor.id);
}

std::optional<Cursor> DecodeCursor(std::string_view text) {
  auto raw = Base64UrlDecode(text);
  if (!raw) return std::nullopt;
  size_t nl = raw->find('\n');
  if (nl == std::string::npos || nl == 0 || nl + 1 >= raw->size()) return std::nullopt;
  std::string key = raw->substr(0, nl);
  char* end = nullptr;
  long long v = std::strtoll(key.c_str(), &end, 10);
  if (*end != '\0') return std::nullopt;
  return Cursor{v, raw->substr(nl + 1)};
}

void AppendAfter(const Cursor& cursor, std::string_view col, std::string_view id_col,
                 bool descending, std::string& where, std::vector<db::Value>& params) {
  const char* op = descending ? " < " : " > ";
  where += " AND (" + std::string(col) + op + "? OR (" + std::string(col) + " = ? AND " +
           std::string(id_col) + op + "?))";
  params.push_back(db::Int(cursor.key));
  params.push_back(db::Int(cursor.key));
  params.push_back(db::Text(cursor.id));
}

std::string Placeholders(size_t n) {
  std::string s = "(";
  for (size_t i = 0; i < n; ++i) s += i ? ", ?" : "?";
  return s + ")";
}

}  // namespace syntera::conversations::store
