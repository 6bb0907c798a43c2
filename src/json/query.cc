#include "json/query.h"

#include <charconv>

namespace syntera::json {

void Query::Fail(std::string_view name, std::string message) {
  errors_.push_back({std::string(name), std::move(message)});
}

std::optional<std::string> Query::String(std::string_view name, size_t max_len) {
  auto v = request_.QueryParam(name);
  if (!v || v->empty()) return std::nullopt;
  if (v->size() > max_len) {
    Fail(name, "must be at most " + std::to_string(max_len) + " characters");
    return std::nullopt;
  }
  return v;
}

std::optional<Timestamp> Query::Time(std::string_view name) {
  auto v = String(name, 64);
  if (!v) return std::nullopt;
  auto t = ParseRfc3339(*v);
  if (!t) Fail(name, "must be an RFC 3339 timestamp");
  return t;
}

std::optional<bool> Query::Bool(std::string_view name) {
  auto v = String(name, 10);
  if (!v) return std::nullopt;
  if (*v == "true" || *v == "1") return true;
  if (*v == "false" || *v == "0") return false;
  Fail(name, "must be true or false");
  return std::nullopt;
}

std::optional<int64_t> Query::Int(std::string_view name, int64_t min, int64_t max) {
  auto v = String(name, 20);
  if (!v) return std::nullopt;
  int64_t n = 0;
  auto [ptr, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
  if (ec != std::errc() || ptr != v->data() + v->size() || n < min || n > max) {
    Fail(name, "must be an integer between " + std::to_string(min) + " and " + std::to_string(max));
    return std::nullopt;
  }
  return n;
}

PageRequest Query::Page() {
  PageRequest page;
  if (auto limit = Int("limit", 1, kMaxPageSize)) page.limit = static_cast<int>(*limit);
  if (auto cursor = String("cursor", 1000)) page.cursor = *cursor;
  return page;
}

std::vector<std::pair<std::string, std::string>> Query::WithPrefix(std::string_view prefix) {
  std::vector<std::pair<std::string, std::string>> out;
  std::string_view rest = request_.query;
  while (!rest.empty()) {
    size_t amp = rest.find('&');
    std::string_view item = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
    size_t eq = item.find('=');
    auto name = http::PercentDecode(item.substr(0, eq), /*plus_as_space=*/true);
    auto value = http::PercentDecode(
        eq == std::string_view::npos ? std::string_view() : item.substr(eq + 1), true);
    if (!name || !value) {
      if (item.substr(0, prefix.size()) == prefix) Fail(item.substr(0, eq), "is not valid percent-encoding");
      continue;
    }
    if (name->compare(0, prefix.size(), prefix) != 0) continue;
    out.emplace_back(name->substr(prefix.size()), std::move(*value));
  }
  return out;
}

Result<void> Query::Finish() const {
  if (errors_.empty()) return Ok();
  return InvalidArgument("invalid query parameters", errors_);
}

}  // namespace syntera::json
