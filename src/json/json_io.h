#pragma once
// JSON at the API edge: decode a request body once into typed values (collecting every bad
// field, so one 400 lists them all) and encode responses. Only API targets include this.

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "http/message.h"

namespace syntera::json {

// Parses the request body as a JSON object. Errors: kUnsupportedMediaType when a non-empty
// body is not sent as application/json; kInvalidArgument for malformed JSON or a non-object.
// An empty body parses as {}.
Result<boost::json::object> ParseObject(const http::Request& request);

struct StringRule {
  size_t min_len = 0;       // in bytes, after trimming
  size_t max_len = 1000;
  bool trim = true;
};

// Reads typed fields from an object. Problems are recorded, never thrown; Finish() turns them
// into one kInvalidArgument error with details.fields.
class Reader {
 public:
  explicit Reader(const boost::json::object& object) : object_(object) {}

  std::string RequiredString(std::string_view field, StringRule rule = {});
  std::optional<std::string> OptionalString(std::string_view field, StringRule rule = {});
  std::optional<int64_t> OptionalInt(std::string_view field, int64_t min, int64_t max);
  std::optional<bool> OptionalBool(std::string_view field);
  // A required email address (trimmed, lowercased, must look like local@domain, ≤254 chars).
  std::string RequiredEmail(std::string_view field);
  // Records a problem with a field found by the caller's own check.
  void Fail(std::string_view field, std::string message);
  bool has(std::string_view field) const;

  Result<void> Finish() const;

 private:
  const boost::json::value* Find(std::string_view field) const;
  const boost::json::object& object_;
  std::vector<FieldError> errors_;
};

// Serializes `value` as a JSON response.
http::Response Reply(int status, const boost::json::value& value);
// Serializes `{"data": [...], "next_cursor": …}` (API-CONVENTIONS lists).
// With `total` (a list asked for `?count=true`), also "total".
http::Response ReplyList(boost::json::array data, const std::optional<std::string>& next_cursor,
                         std::optional<int64_t> total = std::nullopt);

// `value` or JSON null.
boost::json::value StringOrNull(const std::optional<std::string>& value);
// An RFC 3339 timestamp or JSON null.
boost::json::value TimeOrNull(const std::optional<Timestamp>& t);
// An id's string or JSON null.
template <typename Id>
boost::json::value IdOrNull(const std::optional<Id>& id) {
  if (!id) return nullptr;
  return boost::json::value(id->str());
}

}  // namespace syntera::json
