#include "net/request_target.h"

#include <optional>

#include "http/message.h"

namespace syntera::net {
namespace {

bool StartsWithNoCase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != prefix[i]) return false;
  }
  return true;
}

}  // namespace

Result<RequestTarget> ParseRequestTarget(std::string_view target) {
  if (target == "*") return RequestTarget{"*", ""};
  for (std::string_view scheme : {"http://", "https://"}) {
    if (StartsWithNoCase(target, scheme)) {
      std::string_view rest = target.substr(scheme.size());
      size_t path_start = rest.find_first_of("/?");
      if (path_start == std::string_view::npos) return RequestTarget{"/", ""};
      target = rest.substr(path_start);
      if (target.front() == '?') return RequestTarget{"/", std::string(target.substr(1))};
      break;
    }
  }
  if (target.empty() || target.front() != '/') {
    return InvalidArgument("request target must start with '/'");
  }
  size_t question = target.find('?');
  std::string_view raw_path = target.substr(0, question);
  std::optional<std::string> path = http::PercentDecode(raw_path, /*plus_as_space=*/false);
  if (!path) return InvalidArgument("malformed percent-escape in request path");
  if (path->find('\0') != std::string::npos) {
    return InvalidArgument("request path contains a NUL byte");
  }
  RequestTarget out;
  out.path = std::move(*path);
  if (question != std::string_view::npos) out.query = std::string(target.substr(question + 1));
  return out;
}

}  // namespace syntera::net
