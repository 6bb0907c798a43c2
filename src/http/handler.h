#pragma once
// The single seam between the transport (`net`) and the application: net parses a request,
// calls Handler::Handle on one of its I/O threads, and writes the Response back.

#include <cstddef>
#include <string_view>

#include "http/message.h"

namespace syntera::http {

class Handler {
 public:
  virtual ~Handler() = default;
  // Must not throw for expected failures; an escaping exception becomes a 500 in `net`.
  // Called concurrently from several threads.
  virtual Response Handle(Request& request) = 0;
  // The largest body the route for (method, path) accepts. `net` calls it once the headers
  // are read and answers 413 without reading a larger body. Thread-safe.
  virtual size_t MaxBodyBytes(Method method, std::string_view path) const = 0;
};

}  // namespace syntera::http
