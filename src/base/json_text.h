#pragma once
// Builds a flat JSON object as text (strings, string lists, integers, null, raw JSON values)
// for the places below the API layer that only need to write one — domain event payloads —
// without pulling a JSON library into the domain modules.
//
//   JsonObjectText().Str("contact_id", id).Int("seq", 3).Build()  →  {"contact_id":"…","seq":3}

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace syntera {

class JsonObjectText {
 public:
  JsonObjectText& Str(std::string_view key, std::string_view value);
  JsonObjectText& Int(std::string_view key, int64_t value);
  JsonObjectText& List(std::string_view key, const std::vector<std::string>& values);
  // `value` as a string, or JSON null when absent.
  JsonObjectText& OptStr(std::string_view key, const std::optional<std::string>& value);
  // `json` must be a valid JSON value text.
  JsonObjectText& Raw(std::string_view key, std::string_view json);
  std::string Build() const { return "{" + body_ + "}"; }

 private:
  void Key(std::string_view key);
  std::string body_;
};

}  // namespace syntera
