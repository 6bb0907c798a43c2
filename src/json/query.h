#pragma once
// Typed reading of a request's query parameters, collecting every problem so that one 400
// names them all (as json::Reader does for bodies).
//
//   json::Query q(ctx.request);
//   auto since = q.Time("since");
//   PageRequest page = q.Page();
//   SYN_RETURN_IF_ERROR(q.Finish());

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/clock.h"
#include "base/error.h"
#include "base/page.h"
#include "base/result.h"
#include "http/message.h"

namespace syntera::json {

class Query {
 public:
  explicit Query(const http::Request& request) : request_(request) {}
  // Absent or empty → nullopt; longer than `max_len` → an error.
  std::optional<std::string> String(std::string_view name, size_t max_len = 200);
  std::optional<Timestamp> Time(std::string_view name);  // RFC 3339
  std::optional<bool> Bool(std::string_view name);       // true/false/1/0
  std::optional<int64_t> Int(std::string_view name, int64_t min, int64_t max);
  // `limit` (1..kMaxPageSize, default kDefaultPageSize) and `cursor`.
  PageRequest Page();
  // Every parameter whose name starts with `prefix` ("cf."), in order: (rest of the name,
  // value), both percent-decoded. A malformed escape is reported under the raw name.
  std::vector<std::pair<std::string, std::string>> WithPrefix(std::string_view prefix);
  void Fail(std::string_view name, std::string message);
  // kInvalidArgument listing every failed parameter, or Ok.
  Result<void> Finish() const;

 private:
  const http::Request& request_;
  std::vector<FieldError> errors_;
};

}  // namespace syntera::json
