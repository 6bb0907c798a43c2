#include "loadgen/json.h"

#include <cmath>
#include <cstdio>

namespace loadgen {

void AppendNumber(std::string& out, double v) {
  if (!std::isfinite(v)) {
    out += "null";
    return;
  }
  char digits[400];
  double magnitude = std::fabs(v);
  bool fixed = magnitude == 0 || (magnitude >= 1e-6 && magnitude < 1e21);
  auto [end, ec] = fixed
                       ? std::to_chars(digits, digits + sizeof digits, v, std::chars_format::fixed)
                       : std::to_chars(digits, digits + sizeof digits, v);
  (void)ec;
  out.append(digits, end);
}

void AppendQuoted(std::string& out, std::string_view s) {
  out += '"';
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += ch;
    } else if (c < 0x20) {
      char escaped[8];
      snprintf(escaped, sizeof escaped, "\\u%04x", c);
      out += escaped;
    } else {
      out += ch;
    }
  }
  out += '"';
}

JsonObject& JsonObject::Num(const char* key, double v) {
  Key(key);
  AppendNumber(text_, v);
  return *this;
}

JsonObject& JsonObject::Int(const char* key, int64_t v) {
  Key(key);
  AppendInt(text_, v);
  return *this;
}

JsonObject& JsonObject::Str(const char* key, std::string_view v) {
  Key(key);
  AppendQuoted(text_, v);
  return *this;
}

JsonObject& JsonObject::Opt(const char* key, std::optional<double> v) {
  Key(key);
  if (v) {
    AppendNumber(text_, *v);
  } else {
    text_ += "null";
  }
  return *this;
}

JsonObject& JsonObject::Raw(const char* key, std::string_view json) {
  Key(key);
  text_ += json;
  return *this;
}

void JsonObject::Key(const char* key) {
  if (!text_.empty()) text_ += ',';
  AppendQuoted(text_, key);
  text_ += ':';
}

std::string Name(const char* prefix, int64_t n) {
  std::string name(prefix);
  AppendInt(name, n);
  return name;
}

}  // namespace loadgen
