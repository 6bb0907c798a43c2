#include "db/pg_sql.h"

namespace syntera::db {
namespace {

bool IsIdentChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '$' || static_cast<unsigned char>(c) >= 0x80;
}

bool IsTagStart(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
         static_cast<unsigned char>(c) >= 0x80;
}

// Each Skip* starts at the opening delimiter at `i` and returns the index just past the
// construct (or the end of the text when it is unterminated).
size_t SkipQuoted(std::string_view s, size_t i, char quote, bool backslash_escapes) {
  for (++i; i < s.size(); ++i) {
    if (backslash_escapes && s[i] == '\\') {
      ++i;
    } else if (s[i] == quote) {
      return i + 1;  // a doubled quote re-enters on the next call
    }
  }
  return s.size();
}

size_t SkipLineComment(std::string_view s, size_t i) {
  size_t end = s.find('\n', i);
  return end == std::string_view::npos ? s.size() : end + 1;
}

size_t SkipBlockComment(std::string_view s, size_t i) {
  int depth = 0;  // PostgreSQL block comments nest
  while (i < s.size()) {
    if (s.compare(i, 2, "/*") == 0) {
      ++depth;
      i += 2;
    } else if (s.compare(i, 2, "*/") == 0) {
      i += 2;
      if (--depth == 0) return i;
    } else {
      ++i;
    }
  }
  return s.size();
}

// Returns the length of a dollar-quote tag ("$$", "$body$") starting at `i`, or 0.
size_t DollarTagLength(std::string_view s, size_t i) {
  size_t j = i + 1;
  if (j < s.size() && s[j] != '$') {
    if (!IsTagStart(s[j])) return 0;
    while (j < s.size() && IsIdentChar(s[j]) && s[j] != '$') ++j;
  }
  if (j >= s.size() || s[j] != '$') return 0;
  return j + 1 - i;
}

}  // namespace

PgSql ToPgPlaceholders(std::string_view s) {
  PgSql out;
  out.text.reserve(s.size() + 8);
  size_t i = 0;
  while (i < s.size()) {
    char c = s[i];
    bool after_ident = i > 0 && IsIdentChar(s[i - 1]);
    size_t end = i;
    if (c == '\'') {
      bool e_string =
          i > 0 && (s[i - 1] == 'E' || s[i - 1] == 'e') && !(i > 1 && IsIdentChar(s[i - 2]));
      end = SkipQuoted(s, i, '\'', e_string);
    } else if (c == '"') {
      end = SkipQuoted(s, i, '"', false);
    } else if (c == '-' && s.compare(i, 2, "--") == 0) {
      end = SkipLineComment(s, i);
    } else if (c == '/' && s.compare(i, 2, "/*") == 0) {
      end = SkipBlockComment(s, i);
    } else if (c == '$' && !after_ident) {
      if (size_t tag = DollarTagLength(s, i); tag > 0) {
        size_t close = s.find(s.substr(i, tag), i + tag);
        end = close == std::string_view::npos ? s.size() : close + tag;
      }
    } else if (c == '?') {
      out.text += '$';
      out.text += std::to_string(++out.params);
      ++i;
      continue;
    }
    if (end == i) end = i + 1;
    out.text.append(s.substr(i, end - i));
    i = end;
  }
  return out;
}

}  // namespace syntera::db
