#include "net/wire.h"

#include <algorithm>
#include <cstddef>

namespace syntera::net {
namespace {

constexpr size_t kMaxNameBytes = 256;
constexpr size_t kMaxValueBytes = 60 * 1024;  // Beast stores lengths in 16 bits

bool EqualsNoCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; };
           return lower(x) == lower(y);
         });
}

// RFC 9110 tchar.
bool IsTokenChar(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

// True when the comma-separated `value` lists `token` (case-insensitively).
bool HasToken(std::string_view value, std::string_view token) {
  while (!value.empty()) {
    size_t comma = value.find(',');
    std::string_view item = value.substr(0, comma);
    while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) item.remove_prefix(1);
    while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) item.remove_suffix(1);
    if (EqualsNoCase(item, token)) return true;
    if (comma == std::string_view::npos) break;
    value.remove_prefix(comma + 1);
  }
  return false;
}

}  // namespace

bool IsValidStatus(int status) { return status >= 200 && status <= 999; }

bool StatusForbidsBody(int status) { return status == 204 || status == 304; }

HeaderUse ClassifyResponseHeader(std::string_view name, std::string_view value) {
  if (name.empty() || name.size() > kMaxNameBytes || value.size() > kMaxValueBytes ||
      !std::all_of(name.begin(), name.end(), IsTokenChar) ||
      value.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos) {
    return HeaderUse::kInvalid;
  }
  if (EqualsNoCase(name, "Connection")) {
    return HasToken(value, "close") ? HeaderUse::kCloseConnection : HeaderUse::kDrop;
  }
  if (EqualsNoCase(name, "Content-Length") || EqualsNoCase(name, "Transfer-Encoding") ||
      EqualsNoCase(name, "Keep-Alive")) {
    return HeaderUse::kDrop;
  }
  return HeaderUse::kCopy;
}

}  // namespace syntera::net
