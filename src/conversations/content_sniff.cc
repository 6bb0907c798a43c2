#include "conversations/content_sniff.h"

#include <array>
#include <functional>

#include "base/encoding.h"

namespace syntera::conversations {
namespace {

bool StartsWith(std::string_view bytes, std::string_view prefix) {
  return bytes.substr(0, prefix.size()) == prefix;
}

bool Riff(std::string_view bytes, std::string_view kind) {
  return bytes.size() >= 12 && StartsWith(bytes, "RIFF") && bytes.substr(8, 4) == kind;
}

// Valid UTF-8 without NUL (control characters other than NUL are allowed in text files).
bool IsUtf8Text(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c == 0) return false;
    size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (size_t k = 1; k < n; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    }
    i += n;
  }
  return true;
}

struct Kind {
  std::string_view media_type;
  std::function<bool(std::string_view)> matches;
};

const std::array<Kind, 14>& Kinds() {
  static const std::array<Kind, 14> kinds{{
      {"image/png", [](auto b) { return StartsWith(b, "\x89PNG\r\n\x1a\n"); }},
      {"image/jpeg", [](auto b) { return StartsWith(b, "\xff\xd8\xff"); }},
      {"image/gif", [](auto b) { return StartsWith(b, "GIF87a") || StartsWith(b, "GIF89a"); }},
      {"image/webp", [](auto b) { return Riff(b, "WEBP"); }},
      {"application/pdf", [](auto b) { return StartsWith(b, "%PDF-"); }},
      {"audio/mpeg",
       [](auto b) {
         return StartsWith(b, "ID3") ||
                (b.size() >= 2 && static_cast<unsigned char>(b[0]) == 0xff &&
                 (static_cast<unsigned char>(b[1]) & 0xe0) == 0xe0);
       }},
      {"audio/ogg", [](auto b) { return StartsWith(b, "OggS"); }},
      {"audio/wav", [](auto b) { return Riff(b, "WAVE"); }},
      {"audio/webm", [](auto b) { return StartsWith(b, "\x1a\x45\xdf\xa3"); }},
      {"text/plain", [](auto b) { return IsUtf8Text(b); }},
      {"text/csv", [](auto b) { return IsUtf8Text(b); }},
      {"text/markdown", [](auto b) { return IsUtf8Text(b); }},
      {"application/vnd.openxmlformats-officedocument.wordprocessingml.document",
       [](auto b) { return StartsWith(b, "PK\x03\x04"); }},
      {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
       [](auto b) { return StartsWith(b, "PK\x03\x04"); }},
  }};
  return kinds;
}

}  // namespace

std::string MediaType(std::string_view content_type) {
  size_t semi = content_type.find(';');
  return ToLowerAscii(TrimAscii(content_type.substr(0, semi)));
}

Result<void> CheckContent(std::string_view media_type, std::string_view bytes) {
  for (const Kind& k : Kinds()) {
    if (k.media_type != media_type) continue;
    if (bytes.empty() || !k.matches(bytes)) {
      return UnsupportedMediaType("the content does not look like " + std::string(media_type));
    }
    return Ok();
  }
  return UnsupportedMediaType(
      "upload type not accepted; send one of image/png, image/jpeg, image/gif, image/webp, "
      "application/pdf, audio/mpeg, audio/ogg, audio/wav, audio/webm, text/plain, text/csv, "
      "text/markdown, docx, xlsx");
}

}  // namespace syntera::conversations
