#include "db/full_text.h"

#include <cctype>
#include <vector>

namespace syntera::db {

std::string PrefixMatchQuery(Dialect dialect, std::string_view q) {
  std::vector<std::string> words;
  std::string word;
  for (char ch : q) {
    unsigned char u = static_cast<unsigned char>(ch);
    if (std::isalnum(u) || u >= 0x80) {
      word.push_back(static_cast<char>(std::tolower(u)));
    } else if (!word.empty()) {
      words.push_back(std::move(word));
      word.clear();
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  std::string out;
  for (const auto& w : words) {
    if (dialect == Dialect::kSqlite) {
      out += (out.empty() ? "\"" : " \"") + w + "\"*";
    } else {
      out += (out.empty() ? "" : " & ") + w + ":*";
    }
  }
  return out;
}

}  // namespace syntera::db
