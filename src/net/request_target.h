#pragma once
// Splits an HTTP request-target into the decoded path and the raw query. Private to `net`.

#include <string>
#include <string_view>

#include "base/result.h"

namespace syntera::net {

struct RequestTarget {
  std::string path;   // percent-decoded, without the query: "/api/v1/a b"
  std::string query;  // raw, without '?': "x=1&y=%20"
};

// Accepts origin-form ("/a%20b?x=1"), absolute-form ("http://host/a?x=1", path "/" when the
// authority has no path) and asterisk-form ("*"). Errors (kInvalidArgument): an empty or
// otherwise shaped target, a malformed percent escape in the path, or a decoded path that
// contains a NUL byte. Pure function; thread-safe.
Result<RequestTarget> ParseRequestTarget(std::string_view target);

}  // namespace syntera::net
