#pragma once
// Upload checks: the declared Content-Type must be one we accept and the first bytes of the
// content must match it (a PNG declared as image/png starts with the PNG signature; text
// types must be valid UTF-8 without NUL bytes). The declared type decides the message type
// an attachment suggests (image/*, audio/*, other files).

#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"

namespace syntera::conversations {

// The media type of a Content-Type header value: lowercased, parameters dropped
// ("Image/PNG; x=1" → "image/png").
std::string MediaType(std::string_view content_type);

// Ok when `bytes` are acceptable as `media_type`. Errors: kUnsupportedMediaType naming the
// accepted types, or saying that the content does not match the declared type.
// Accepted: image/png, image/jpeg, image/gif, image/webp, application/pdf, audio/mpeg,
// audio/ogg, audio/wav, audio/webm, text/plain, text/csv, text/markdown, and the Office Open
// XML documents (docx, xlsx; a ZIP signature).
Result<void> CheckContent(std::string_view media_type, std::string_view bytes);

}  // namespace syntera::conversations
