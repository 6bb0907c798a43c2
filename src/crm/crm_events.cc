#include "crm/crm_events.h"

#include <cstdio>

namespace syntera::crm {

std::string JsonQuote(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
          out += buf;
        } else {
          out.push_back(c);
        }
    }
  }
  out.push_back('"');
  return out;
}

void PayloadBuilder::Key(std::string_view key) {
  if (!body_.empty()) body_.push_back(',');
  body_ += JsonQuote(key);
  body_.push_back(':');
}

PayloadBuilder& PayloadBuilder::Str(std::string_view key, std::string_view value) {
  Key(key);
  body_ += JsonQuote(value);
  return *this;
}

PayloadBuilder& PayloadBuilder::Int(std::string_view key, int64_t value) {
  Key(key);
  body_ += std::to_string(value);
  return *this;
}

PayloadBuilder& PayloadBuilder::OptStr(std::string_view key,
                                       const std::optional<std::string>& value) {
  if (value) return Str(key, *value);
  Key(key);
  body_ += "null";
  return *this;
}

PayloadBuilder& PayloadBuilder::List(std::string_view key, const std::vector<std::string>& values) {
  Key(key);
  body_.push_back('[');
  for (size_t i = 0; i < values.size(); ++i) {
    if (i) body_.push_back(',');
    body_ += JsonQuote(values[i]);
  }
  body_.push_back(']');
  return *this;
}

}  // namespace syntera::crm
