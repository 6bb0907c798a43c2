#pragma once
// The canonical error model (modelled on absl::Status). Every expected failure in Syntera is an
// Error carrying one ErrorCode; exactly one place (http/error_response) maps it to the wire.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace syntera {

enum class ErrorCode {
  // Use when the caller sent something malformed or out of range; list fields when known.
  kInvalidArgument,
  // Use when no valid credential was presented (missing, expired, revoked, wrong password).
  kUnauthenticated,
  // Use when the principal is known but its role does not allow the operation.
  kPermissionDenied,
  // Use when the resource does not exist *or belongs to another organization*.
  kNotFound,
  // Use when the write collides with existing state (unique key, stale version).
  kConflict,
  // Use when a body or upload exceeds its limit.
  kPayloadTooLarge,
  // Use when the Content-Type is not one the route accepts.
  kUnsupportedMediaType,
  // Use when the request is well-formed but the system state forbids it (e.g. weak password).
  kFailedPrecondition,
  // Use when a rate limit or throttle was hit; set retry_after_seconds.
  kRateLimited,
  // Use for bugs and unexpected failures; the message is logged, never shown verbatim.
  kInternal,
  // Use when a dependency (database, broker, provider) is unreachable; retrying may help.
  kUnavailable,
};

// snake_case wire name, e.g. "invalid_argument".
std::string_view ErrorCodeName(ErrorCode code);

struct FieldError {
  std::string field;    // dotted path, e.g. "email" or "items.0.name"
  std::string message;  // human readable, e.g. "must be a string"
};

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;
  std::vector<FieldError> fields;               // only for kInvalidArgument
  std::optional<int> retry_after_seconds;       // only for kRateLimited
  std::optional<std::string> existing_id;       // optional, for kConflict ("already exists as")
};

Error InvalidArgument(std::string message, std::vector<FieldError> fields = {});
Error Unauthenticated(std::string message = "authentication required");
Error PermissionDenied(std::string message = "your role does not allow this");
Error NotFound(std::string message = "not found");
Error Conflict(std::string message);
Error PayloadTooLarge(std::string message);
Error UnsupportedMediaType(std::string message);
Error FailedPrecondition(std::string message);
Error RateLimited(int retry_after_seconds, std::string message = "too many requests");
Error Internal(std::string message);
Error Unavailable(std::string message);

}  // namespace syntera
