#include "conversations/conversation_validation.h"

#include <algorithm>
#include <set>

#include "base/encoding.h"
#include "conversations/conversation_types.h"

namespace syntera::conversations {

std::vector<std::string> NormalizeTags(const std::vector<std::string>& tags, std::string_view field,
                                       std::vector<FieldError>& errors) {
  std::set<std::string> out;
  if (tags.size() > kMaxTags) {
    errors.push_back({std::string(field), "at most " + std::to_string(kMaxTags) + " tags"});
    return {};
  }
  for (size_t i = 0; i < tags.size(); ++i) {
    std::string t = ToLowerAscii(TrimAscii(tags[i]));
    if (t.empty() || t.size() > kMaxTagBytes || t.find(',') != std::string::npos) {
      errors.push_back({std::string(field) + "." + std::to_string(i),
                        "must be 1..64 characters without commas"});
      continue;
    }
    out.insert(std::move(t));
  }
  return {out.begin(), out.end()};
}

std::optional<std::string> JsonObjectProblem(std::string_view text, size_t max_bytes) {
  if (text.size() > max_bytes) return "must be at most " + std::to_string(max_bytes) + " bytes";
  if (text.size() < 2 || text.front() != '{' || text.back() != '}') return "must be a JSON object";
  return std::nullopt;
}

std::optional<std::string> NormalizeOrigin(std::string_view origin) {
  std::string o = ToLowerAscii(TrimAscii(origin));
  std::string scheme;
  if (o.rfind("https://", 0) == 0) {
    scheme = "https";
  } else if (o.rfind("http://", 0) == 0) {
    scheme = "http";
  } else {
    return std::nullopt;
  }
  std::string rest = o.substr(scheme.size() + 3);
  if (rest.empty() || rest.size() > 260) return std::nullopt;
  std::string host = rest, port;
  size_t colon = rest.rfind(':');
  if (colon != std::string::npos && rest.find(']') == std::string::npos) {
    host = rest.substr(0, colon);
    port = rest.substr(colon + 1);
    if (port.empty() || port.size() > 5 ||
        !std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      return std::nullopt;
    }
    int n = std::stoi(port);
    if (n < 1 || n > 65535) return std::nullopt;
    if ((scheme == "https" && n == 443) || (scheme == "http" && n == 80)) port.clear();
  }
  if (host.empty()) return std::nullopt;
  for (char c : host) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
              c == '[' || c == ']' || c == ':';
    if (!ok) return std::nullopt;
  }
  return scheme + "://" + host + (port.empty() ? "" : ":" + port);
}

bool IsReactionEmoji(std::string_view emoji) {
  if (emoji.empty() || emoji.size() > 32) return false;
  for (char ch : emoji) {
    auto c = static_cast<unsigned char>(ch);
    if (c < 0x80 && (c <= 0x20 || std::isalnum(c) || c == 0x7f)) return false;
  }
  return true;
}

std::optional<std::string> CleanFileName(std::string_view name) {
  size_t slash = name.find_last_of("/\\");
  if (slash != std::string_view::npos) name = name.substr(slash + 1);
  std::string out(TrimAscii(name));
  if (out.empty() || out.size() > 200 || out == "." || out == "..") return std::nullopt;
  for (char ch : out) {
    auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c == 0x7f) return std::nullopt;
  }
  return out;
}

}  // namespace syntera::conversations
