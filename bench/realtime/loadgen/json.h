#pragma once
// The little JSON and text the load generator writes and matches: numbers and strings as
// JSON.stringify writes them (so RESULT lines match loadgen.mjs's), a flat JSON object builder,
// and two string helpers. No JSON parser: the packet code looks for the few fields it needs.

#include <charconv>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

namespace loadgen {

// Appends `v` in decimal. Inline: every emitted packet uses it.
inline void AppendInt(std::string& out, int64_t v) {
  char digits[24];
  auto [end, ec] = std::to_chars(digits, digits + sizeof digits, v);
  (void)ec;
  out.append(digits, end);
}

// Appends a JSON number as JSON.stringify writes it (shortest round trip; no exponent between
// 1e-6 and 1e21), or null when `v` is not finite.
void AppendNumber(std::string& out, double v);

// Appends `s` as a JSON string: quotes, `"` and `\` escaped, control characters as \u00XX;
// other bytes (UTF-8 included) as they are.
void AppendQuoted(std::string& out, std::string_view s);

// A flat JSON object, keys in insertion order. Keys are not checked for duplicates.
class JsonObject {
 public:
  JsonObject& Num(const char* key, double v);
  JsonObject& Int(const char* key, int64_t v);
  JsonObject& Str(const char* key, std::string_view v);
  JsonObject& Opt(const char* key, std::optional<double> v);  // null when empty
  JsonObject& Raw(const char* key, std::string_view json);    // `json` must be valid JSON
  std::string Done() const { return "{" + text_ + "}"; }

 private:
  void Key(const char* key);
  std::string text_;
};

inline bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && memcmp(s.data(), prefix.data(), prefix.size()) == 0;
}

// `prefix` followed by `n` in decimal: user names such as "u12".
std::string Name(const char* prefix, int64_t n);

}  // namespace loadgen
