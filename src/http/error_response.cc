#include "http/error_response.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

namespace syntera::http {

int HttpStatus(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument: return 400;
    case ErrorCode::kUnauthenticated: return 401;
    case ErrorCode::kPermissionDenied: return 403;
    case ErrorCode::kNotFound: return 404;
    case ErrorCode::kConflict: return 409;
    case ErrorCode::kPayloadTooLarge: return 413;
    case ErrorCode::kUnsupportedMediaType: return 415;
    case ErrorCode::kFailedPrecondition: return 422;
    case ErrorCode::kRateLimited: return 429;
    case ErrorCode::kInternal: return 500;
    case ErrorCode::kUnavailable: return 503;
  }
  return 500;
}

Response ErrorResponse(const Error& error) {
  namespace bj = boost::json;
  bj::object err;
  err["code"] = ErrorCodeName(error.code);
  // Internal details are for the log, not the client.
  err["message"] = error.code == ErrorCode::kInternal ? "internal error; the request id in the "
                                                        "X-Request-Id header identifies it in the logs"
                                                      : error.message;
  bj::object details;
  if (!error.fields.empty()) {
    bj::array fields;
    for (const auto& f : error.fields) fields.push_back(bj::object{{"field", f.field}, {"message", f.message}});
    details["fields"] = std::move(fields);
  }
  if (error.existing_id) details["existing_id"] = *error.existing_id;
  if (error.retry_after_seconds) details["retry_after_seconds"] = *error.retry_after_seconds;
  err["details"] = std::move(details);
  Response r = Response::Json(HttpStatus(error.code), bj::serialize(bj::object{{"error", std::move(err)}}));
  if (error.retry_after_seconds) r.headers.Add("Retry-After", std::to_string(*error.retry_after_seconds));
  if (error.code == ErrorCode::kUnauthenticated) r.headers.Add("WWW-Authenticate", "Bearer");
  return r;
}

Response MethodNotAllowed(std::string allow) {
  namespace bj = boost::json;
  bj::object err{{"code", "method_not_allowed"},
                 {"message", "method not allowed here; allowed: " + allow},
                 {"details", bj::object{}}};
  Response r = Response::Json(405, bj::serialize(bj::object{{"error", std::move(err)}}));
  r.headers.Add("Allow", std::move(allow));
  return r;
}

}  // namespace syntera::http
