#include "base/json_text.h"

#include "base/encoding.h"

namespace syntera {

void JsonObjectText::Key(std::string_view key) {
  if (!body_.empty()) body_.push_back(',');
  body_ += JsonQuote(key);
  body_.push_back(':');
}

JsonObjectText& JsonObjectText::Str(std::string_view key, std::string_view value) {
  Key(key);
  body_ += JsonQuote(value);
  return *this;
}

JsonObjectText& JsonObjectText::Int(std::string_view key, int64_t value) {
  Key(key);
  body_ += std::to_string(value);
  return *this;
}

JsonObjectText& JsonObjectText::OptStr(std::string_view key,
                                       const std::optional<std::string>& value) {
  if (value) return Str(key, *value);
  Key(key);
  body_ += "null";
  return *this;
}

JsonObjectText& JsonObjectText::List(std::string_view key, const std::vector<std::string>& values) {
  Key(key);
  body_.push_back('[');
  for (size_t i = 0; i < values.size(); ++i) {
    if (i) body_.push_back(',');
    body_ += JsonQuote(values[i]);
  }
  body_.push_back(']');
  return *this;
}

JsonObjectText& JsonObjectText::Raw(std::string_view key, std::string_view json) {
  Key(key);
  body_ += json;
  return *this;
}

}  // namespace syntera
