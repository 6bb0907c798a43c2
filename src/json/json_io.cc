#include "json/json_io.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "base/encoding.h"
#include "json/parse.h"

namespace syntera::json {

namespace bj = boost::json;

Result<bj::object> ParseObject(const http::Request& request) {
  if (TrimAscii(request.body).empty()) return bj::object{};
  auto ct = request.headers.Get("Content-Type");
  if (!ct || ToLowerAscii(*ct).find("application/json") == std::string::npos) {
    return UnsupportedMediaType("send the body as Content-Type: application/json");
  }
  SYN_ASSIGN_OR_RETURN(bj::value v, Parse(request.body));
  if (!v.is_object()) return InvalidArgument("the body must be a JSON object");
  return std::move(v.as_object());
}

namespace {
// NUL and other C0/C1 controls (tab, CR and LF allowed), DEL, and the Unicode bidirectional
// overrides/isolates (U+202A–U+202E, U+2066–U+2069) that make text display differently from
// what it is.
bool HasForbiddenCharacters(std::string_view s) {
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) return true;
    if (c == 0xC2 && i + 1 < s.size()) {
      unsigned char d = static_cast<unsigned char>(s[i + 1]);
      if (d >= 0x80 && d <= 0x9f) return true;  // C1 controls
    }
    if (c == 0xE2 && i + 2 < s.size()) {
      unsigned char d = static_cast<unsigned char>(s[i + 1]);
      unsigned char e = static_cast<unsigned char>(s[i + 2]);
      if (d == 0x80 && e >= 0xAA && e <= 0xAE) return true;
      if (d == 0x81 && e >= 0xA6 && e <= 0xA9) return true;
    }
  }
  return false;
}
}  // namespace

const bj::value* Reader::Find(std::string_view field) const {
  auto it = object_.find(field);
  if (it == object_.end() || it->value().is_null()) return nullptr;
  return &it->value();
}

bool Reader::has(std::string_view field) const { return object_.contains(field); }

void Reader::Fail(std::string_view field, std::string message) {
  errors_.push_back({std::string(field), std::move(message)});
}

std::optional<std::string> Reader::OptionalString(std::string_view field, StringRule rule) {
  const bj::value* v = Find(field);
  if (!v) return std::nullopt;
  if (!v->is_string()) {
    Fail(field, "must be a string");
    return std::nullopt;
  }
  std::string_view s(v->as_string().data(), v->as_string().size());
  if (rule.trim) s = TrimAscii(s);
  if (HasForbiddenCharacters(s)) {
    Fail(field, "must not contain control or bidirectional-override characters");
    return std::nullopt;
  }
  if (s.size() < rule.min_len) {
    Fail(field, rule.min_len == 1 ? "must not be empty"
                                  : "must be at least " + std::to_string(rule.min_len) +
                                        " characters");
    return std::nullopt;
  }
  if (s.size() > rule.max_len) {
    Fail(field, "must be at most " + std::to_string(rule.max_len) + " characters");
    return std::nullopt;
  }
  return std::string(s);
}

std::string Reader::RequiredString(std::string_view field, StringRule rule) {
  if (!Find(field)) {
    Fail(field, "is required");
    return {};
  }
  if (rule.min_len == 0) rule.min_len = 1;
  return OptionalString(field, rule).value_or(std::string());
}

std::string Reader::RequiredEmail(std::string_view field) {
  size_t before = errors_.size();
  std::string email = ToLowerAscii(RequiredString(field, {.min_len = 3, .max_len = 254}));
  if (errors_.size() != before) return {};
  size_t at = email.find('@');
  bool ok = at != std::string::npos && at > 0 && at + 1 < email.size() &&
            email.find('@', at + 1) == std::string::npos &&
            email.find('.', at + 2) != std::string::npos &&
            email.find_first_of(" \t\r\n<>()[],;:\"") == std::string::npos &&
            email.back() != '.';
  if (!ok) Fail(field, "must be an email address");
  return email;
}

std::optional<int64_t> Reader::OptionalInt(std::string_view field, int64_t min, int64_t max) {
  const bj::value* v = Find(field);
  if (!v) return std::nullopt;
  int64_t n = 0;
  if (v->is_int64()) {
    n = v->as_int64();
  } else if (v->is_uint64() && v->as_uint64() <= static_cast<uint64_t>(INT64_MAX)) {
    n = static_cast<int64_t>(v->as_uint64());
  } else {
    Fail(field, "must be an integer");
    return std::nullopt;
  }
  if (n < min || n > max) {
    Fail(field, "must be between " + std::to_string(min) + " and " + std::to_string(max));
    return std::nullopt;
  }
  return n;
}

std::optional<bool> Reader::OptionalBool(std::string_view field) {
  const bj::value* v = Find(field);
  if (!v) return std::nullopt;
  if (!v->is_bool()) {
    Fail(field, "must be true or false");
    return std::nullopt;
  }
  return v->as_bool();
}

Result<void> Reader::Finish() const {
  if (errors_.empty()) return Ok();
  std::string msg = "invalid fields:";
  for (size_t i = 0; i < errors_.size(); ++i) msg += (i ? ", " : " ") + errors_[i].field;
  return InvalidArgument(std::move(msg), errors_);
}

http::Response Reply(int status, const bj::value& value) {
  return http::Response::Json(status, bj::serialize(value));
}

http::Response ReplyList(bj::array data, const std::optional<std::string>& next_cursor,
                         std::optional<int64_t> total) {
  bj::object o;
  o["data"] = std::move(data);
  o["next_cursor"] = StringOrNull(next_cursor);
  if (total) o["total"] = *total;
  return Reply(200, o);
}

bj::value TimeOrNull(const std::optional<Timestamp>& t) {
  if (!t) return nullptr;
  return bj::value(FormatRfc3339(*t));
}

bj::value StringOrNull(const std::optional<std::string>& value) {
  if (!value) return nullptr;
  return bj::value(*value);
}

}  // namespace syntera::json
