#pragma once
// Parsing untrusted JSON text (request bodies, Socket.IO packets). Boost.JSON alone accepts a
// number too large for a double (1e999) as infinity, which it then serializes as `Infinity`,
// text no JSON parser accepts; relayed to other clients it would break them. Parse refuses it.

#include <boost/json/value.hpp>

#include <cstddef>
#include <string_view>

#include "base/result.h"

namespace syntera::json {

// Parses `text` as one JSON value nested at most `max_depth` deep. Errors (kInvalidArgument):
// malformed JSON, too deep, or a number that is not finite as a double.
Result<boost::json::value> Parse(std::string_view text, size_t max_depth = 64);

}  // namespace syntera::json
