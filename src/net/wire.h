#pragma once
// Small HTTP/1.1 wire rules net applies to handler responses. Private to `net`; std only.

#include <string_view>

namespace syntera::net {

// True for a status net may send as a final response: 200..999 (1xx needs protocol
// support net does not have yet).
bool IsValidStatus(int status);

// True for statuses whose responses carry neither a body nor Content-Length (204, 304).
bool StatusForbidsBody(int status);

enum class HeaderUse {
  kCopy,             // send as given
  kCloseConnection,  // "Connection: close": end the connection after this response
  kDrop,             // framing header net computes itself (Content-Length, ...)
  kInvalid,          // would corrupt the message (bad name, CR/LF/NUL in value, too long)
};

// How a header set by a handler is treated when the response is written. Pure.
HeaderUse ClassifyResponseHeader(std::string_view name, std::string_view value);

}  // namespace syntera::net
