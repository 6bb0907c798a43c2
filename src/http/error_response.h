#pragma once
// The one place where an Error becomes an HTTP response:
//   status + {"error":{"code":"…","message":"…","details":{"fields":[…]}}} (+ Retry-After).

#include "base/error.h"
#include "http/message.h"

namespace syntera::http {

int HttpStatus(ErrorCode code);
Response ErrorResponse(const Error& error);
// 405 with code "method_not_allowed" and the Allow header (a routing outcome, not an Error).
Response MethodNotAllowed(std::string allow);

}  // namespace syntera::http
