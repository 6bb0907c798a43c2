#pragma once
// Input rules of the conversations module as pure functions (the service enforces them so
// HTTP, Socket.IO and jobs get the same rules).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"

namespace syntera::conversations {

// Tags: trimmed, lowercased, 1..64 bytes, no commas, at most 20, sorted and unique. Problems
// are appended to `errors` under `field`.
std::vector<std::string> NormalizeTags(const std::vector<std::string>& tags, std::string_view field,
                                       std::vector<FieldError>& errors);

// A JSON object text of at most `max_bytes` (the API decoded and re-serialised it; here only
// the shape and size are checked).
std::optional<std::string> JsonObjectProblem(std::string_view text, size_t max_bytes);

// A web origin "scheme://host[:port]" (http or https, no path, query or userinfo), returned
// lowercased with a default port removed; nullopt when it is not one.
std::optional<std::string> NormalizeOrigin(std::string_view origin);

// An emoji reaction: 1..32 bytes, no ASCII letters, digits, spaces or controls.
bool IsReactionEmoji(std::string_view emoji);

// An upload name: its last path segment, 1..200 bytes, no control characters; nullopt when
// nothing usable is left.
std::optional<std::string> CleanFileName(std::string_view name);

}  // namespace syntera::conversations
