#include "crm/store_util.h"

#include <cstdlib>

#include "base/encoding.h"

namespace syntera::crm::store {

std::string EncodeCursor(const Cursor& cursor) {
  std::string raw;
  if (const auto* i = std::get_if<int64_t>(&cursor.key)) {
    raw = (cursor.insertion ? "r" : "i") + std::to_string(*i);
  } else if (const auto* s = std::get_if<std::string>(&cursor.key)) {
    raw = "s" + *s;
  }
  raw += "\n" + cursor.id;
  return Base64UrlEncode(raw);
}

std::optional<Cursor> DecodeCursor(std::string_view text) {
  auto raw = Base64UrlDecode(text);
  if (!raw || raw->size() < 2) return std::nullopt;
  size_t nl = raw->rfind('\n');
  if (nl == std::string::npos || nl == 0) return std::nullopt;
  std::string key = raw->substr(1, nl - 1);
  Cursor c;
  c.id = raw->substr(nl + 1);
  if ((*raw)[0] == 'i' || (*raw)[0] == 'r') {
    c.insertion = (*raw)[0] == 'r';
    char* end = nullptr;
    long long v = std::strtoll(key.c_str(), &end, 10);
    if (key.empty() || *end != '\0') return std::nullopt;
    c.key = db::Int(v);
  } else if ((*raw)[0] == 's') {
    c.key = db::Text(key);
  } else {
    return std::nullopt;
  }
  return c;
}

void AppendAfter(const Cursor& cursor, std::string_view col, std::string_view id_col,
                 bool descending, std::string& where, std::vector<db::Value>& params) {
  const char* op = descending ? " < " : " > ";
  where += " AND (" + std::string(col) + ", " + std::string(id_col) + ")" + op + "(?, ?)";
  params.push_back(cursor.key);
  params.push_back(db::Text(cursor.id));
}

std::string Placeholders(size_t n) {
  std::string s = "(";
  for (size_t i = 0; i < n; ++i) s += i ? ", ?" : "?";
  return s + ")";
}

}  // namespace syntera::crm::store
