#pragma once
// Serves the built single-page web UI (Vite's dist/: index.html, assets/<name>-<hash>.<ext>,
// and a few top-level files such as favicon.svg) from one directory on disk.
//
// Caching: files under assets/ carry a content hash in their name, so they are immutable for a
// year; index.html and every other file must be revalidated (no-cache + ETag). When the client
// accepts gzip and the build wrote `<file>.gz` beside a file, that is sent instead.
//
// Paths come from the (percent-decoded) request path. Only segments made of [A-Za-z0-9._-~@]
// that do not start with '.' are accepted, and the resolved file must lie inside the
// directory after resolving symlinks, so a request can never read outside it.
//
// Thread-safety: const methods may be called concurrently; files are read per request, so a
// rebuilt UI is picked up without a restart.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "http/message.h"

namespace syntera::web {

class StaticSite {
 public:
  explicit StaticSite(std::filesystem::path dir);

  const std::filesystem::path& dir() const { return dir_; }
  // Whether the directory holds a built UI (an index.html).
  bool HasIndex() const;

  // GET /assets/{file}: the hashed asset, or 404.
  http::Response ServeAsset(const http::Request& request, std::string_view file) const;
  // Any other GET outside /api: an existing top-level file (favicon.svg, robots.txt), a 404 for
  // a missing path that looks like a file (has an extension), else index.html for the client
  // router. Without a build, the "how to build the UI" page.
  http::Response ServeApp(const http::Request& request) const;

 private:
  // `relative` is a '/'-separated path below dir_; nullopt when unsafe or not a regular file.
  std::optional<std::filesystem::path> Resolve(std::string_view relative) const;
  http::Response ServeFile(const http::Request& request, const std::filesystem::path& file,
                           std::string_view cache_control) const;

  std::filesystem::path dir_;
  std::filesystem::path canonical_dir_;  // empty when the directory does not exist
};

// The MIME type for a file name's extension ("application/octet-stream" when unknown).
std::string_view ContentTypeFor(std::string_view file_name);

// Whether an Accept-Encoding header value accepts gzip (a "gzip" or "*" coding whose q is not 0).
bool AcceptsGzip(std::string_view accept_encoding);

// The HTML page answered when the directory has no index.html.
std::string NotBuiltPage(const std::filesystem::path& dir);

}  // namespace syntera::web
