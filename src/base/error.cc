#include "base/error.h"

#include <utility>

namespace syntera {

std::string_view ErrorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument: return "invalid_argument";
    case ErrorCode::kUnauthenticated: return "unauthenticated";
    case ErrorCode::kPermissionDenied: return "permission_denied";
    case ErrorCode::kNotFound: return "not_found";
    case ErrorCode::kConflict: return "conflict";
    case ErrorCode::kPayloadTooLarge: return "payload_too_large";
    case ErrorCode::kUnsupportedMediaType: return "unsupported_media_type";
    case ErrorCode::kFailedPrecondition: return "failed_precondition";
    case ErrorCode::kRateLimited: return "rate_limited";
    case ErrorCode::kInternal: return "internal";
    case ErrorCode::kUnavailable: return "unavailable";
  }
  return "internal";
}

namespace {
Error Make(ErrorCode code, std::string message) {
  Error e;
  e.code = code;
  e.message = std::move(message);
  return e;
}
}  // namespace

Error InvalidArgument(std::string message, std::vector<FieldError> fields) {
  Error e = Make(ErrorCode::kInvalidArgument, std::move(message));
  e.fields = std::move(fields);
  return e;
}
Error Unauthenticated(std::string m) { return Make(ErrorCode::kUnauthenticated, std::move(m)); }
Error PermissionDenied(std::string m) { return Make(ErrorCode::kPermissionDenied, std::move(m)); }
Error NotFound(std::string m) { return Make(ErrorCode::kNotFound, std::move(m)); }
Error Conflict(std::string m) { return Make(ErrorCode::kConflict, std::move(m)); }
Error PayloadTooLarge(std::string m) { return Make(ErrorCode::kPayloadTooLarge, std::move(m)); }
Error UnsupportedMediaType(std::string m) {
  return Make(ErrorCode::kUnsupportedMediaType, std::move(m));
}
Error FailedPrecondition(std::string m) {
  return Make(ErrorCode::kFailedPrecondition, std::move(m));
}
Error RateLimited(int retry_after_seconds, std::string m) {
  Error e = Make(ErrorCode::kRateLimited, std::move(m));
  e.retry_after_seconds = retry_after_seconds;
  return e;
}
Error Internal(std::string m) { return Make(ErrorCode::kInternal, std::move(m)); }
Error Unavailable(std::string m) { return Make(ErrorCode::kUnavailable, std::move(m)); }

}  // namespace syntera
