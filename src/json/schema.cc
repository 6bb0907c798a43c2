#include "json/schema.h"

namespace syntera::json::schema {

std::string Object(std::initializer_list<std::pair<const char*, std::string>> properties,
                   std::initializer_list<const char*> required) {
  std::string out = R"({"type":"object")";
  if (required.size() > 0) {
    out += R"(,"required":[)";
    bool first = true;
    for (const char* r : required) {
      out += (first ? "\"" : ",\"") + std::string(r) + "\"";
      first = false;
    }
    out += "]";
  }
  out += R"(,"properties":{)";
  bool first = true;
  for (const auto& [name, schema] : properties) {
    out += (first ? "\"" : ",\"") + std::string(name) + "\":" + schema;
    first = false;
  }
  return out + "}}";
}

std::string ArrayOf(const std::string& item) { return R"({"type":"array","items":)" + item + "}"; }

std::string ListOf(const std::string& item) {
  return Object({{"data", ArrayOf(item)}, {"next_cursor", R"({"type":["string","null"]})"}},
                {"data", "next_cursor"});
}

std::string String(int max_length, const char* format) {
  std::string out = R"({"type":"string")";
  if (max_length > 0) out += R"(,"maxLength":)" + std::to_string(max_length);
  if (format) out += R"(,"format":")" + std::string(format) + "\"";
  return out + "}";
}

std::string NullableString(int max_length) {
  std::string out = R"({"type":["string","null"])";
  if (max_length > 0) out += R"(,"maxLength":)" + std::to_string(max_length);
  return out + "}";
}

std::string Id() { return String(100); }
std::string NullableId() { return NullableString(100); }
std::string Time() { return String(0, "date-time"); }
std::string NullableTime() { return R"({"type":["string","null"],"format":"date-time"})"; }
std::string Integer(long long min, long long max) {
  return R"({"type":"integer","minimum":)" + std::to_string(min) + R"(,"maximum":)" +
         std::to_string(max) + "}";
}
std::string Boolean() { return R"({"type":"boolean"})"; }
std::string Enum(std::initializer_list<const char*> values) {
  std::string out = R"({"type":"string","enum":[)";
  bool first = true;
  for (const char* v : values) {
    out += (first ? "\"" : ",\"") + std::string(v) + "\"";
    first = false;
  }
  return out + "]}";
}

}  // namespace syntera::json::schema
