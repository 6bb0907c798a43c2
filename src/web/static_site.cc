#include "web/static_site.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <fstream>
#include <iterator>
#include <sstream>
#include <system_error>
#include <utility>

namespace syntera::web {
namespace fs = std::filesystem;
namespace {

constexpr std::string_view kImmutable = "public, max-age=31536000, immutable";
constexpr std::string_view kRevalidate = "no-cache";

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool SafeSegment(std::string_view seg) {
  if (seg.empty() || seg.front() == '.' || seg.size() > 255) return false;
  for (char c : seg) {
    bool ok = std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-' ||
              c == '~' || c == '@';
    if (!ok) return false;
  }
  return true;
}

std::optional<std::string> ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return std::nullopt;
  return data;
}

bool IsRegularFile(const fs::path& p) {
  std::error_code ec;
  return fs::is_regular_file(p, ec);
}

// A weak validator from size and modification time: cheap, and changes on every rebuild.
std::string ETagFor(const fs::path& p, std::string_view variant) {
  std::error_code ec;
  auto size = fs::file_size(p, ec);
  auto mtime = fs::last_write_time(p, ec).time_since_epoch();
  std::ostringstream s;
  s << "W/\"" << std::hex << size << '-'
    << std::chrono::duration_cast<std::chrono::nanoseconds>(mtime).count() << variant << '"';
  return s.str();
}

bool ETagMatches(std::string_view if_none_match, std::string_view etag) {
  size_t i = 0;
  while (i <= if_none_match.size()) {
    size_t j = if_none_match.find(',', i);
    if (j == std::string_view::npos) j = if_none_match.size();
    std::string_view tag = Trim(if_none_match.substr(i, j - i));
    if (tag == "*" || tag == etag) return true;
    if (tag.substr(0, 2) != "W/" && etag.substr(0, 2) == "W/" && tag == etag.substr(2)) return true;
    i = j + 1;
  }
  return false;
}

http::Response NotFound() {
  return http::Response::Text(404, "Not found\n");
}

}  // namespace

std::string_view ContentTypeFor(std::string_view file_name) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 22> kTypes{{
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".map", "application/json"},
      {".webmanifest", "application/manifest+json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"},
      {".gif", "image/gif"},
      {".webp", "image/webp"},
      {".avif", "image/avif"},
      {".ico", "image/x-icon"},
      {".woff", "font/woff"},
      {".woff2", "font/woff2"},
      {".ttf", "font/ttf"},
      {".txt", "text/plain; charset=utf-8"},
      {".wasm", "application/wasm"},
      {".mp3", "audio/mpeg"},
      {".wav", "audio/wav"},
  }};
  size_t dot = file_name.rfind('.');
  if (dot == std::string_view::npos) return "application/octet-stream";
  std::string ext = Lower(file_name.substr(dot));
  for (const auto& [e, type] : kTypes)
    if (e == ext) return type;
  return "application/octet-stream";
}

bool AcceptsGzip(std::string_view accept_encoding) {
  size_t i = 0;
  while (i < accept_encoding.size()) {
    size_t j = accept_encoding.find(',', i);
    if (j == std::string_view::npos) j = accept_encoding.size();
    std::string_view item = Trim(accept_encoding.substr(i, j - i));
    i = j + 1;
    std::string_view coding = item, params;
    if (size_t semi = item.find(';'); semi != std::string_view::npos) {
      coding = Trim(item.substr(0, semi));
      params = Trim(item.substr(semi + 1));
    }
    std::string c = Lower(coding);
    if (c != "gzip" && c != "*") continue;
    std::string p = Lower(params);
    p.erase(std::remove(p.begin(), p.end(), ' '), p.end());
    if (p.rfind("q=", 0) == 0) {
      std::string_view q = std::string_view(p).substr(2);
      bool zero = !q.empty() && q.find_first_not_of("0.") == std::string_view::npos;
      if (zero) continue;
    }
    return true;
  }
  return false;
}

std::string NotBuiltPage(const fs::path& dir) {
  std::string d = dir.string();
  std::string escaped;
  for (char c : d) {
    switch (c) {
      case '<': escaped += "&lt;"; break;
      case '>': escaped += "&gt;"; break;
      case '&': escaped += "&amp;"; break;
      case '"': escaped += "&quot;"; break;
      default: escaped += c;
    }
  }
  return "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
         "<title>Syntera — web UI not built</title></head>\n<body style=\"font-family: "
         "system-ui, sans-serif; max-width: 40rem; margin: 4rem auto; padding: 0 1rem; "
         "line-height: 1.5\">\n<h1>Syntera is running</h1>\n<p>The web dashboard has not been "
         "built, so there is nothing to show at <code>/</code> yet. The API is available under "
         "<a href=\"/api/docs\"><code>/api</code></a>.</p>\n<p>To build the dashboard (Node 20 "
         "and npm needed):</p>\n<pre>cd web &amp;&amp; npm ci &amp;&amp; npm run build</pre>\n"
         "<p>then restart <code>syntera</code> or reload this page. The server looks for the "
         "build in <code>" +
         escaped +
         "</code>; choose another directory with <code>--web-dir</code> "
         "(<code>SYNTERA_WEB_DIR</code>).</p>\n</body></html>\n";
}

StaticSite::StaticSite(fs::path dir) : dir_(std::move(dir)) {
  std::error_code ec;
  fs::path c = fs::canonical(dir_, ec);
  if (!ec) canonical_dir_ = std::move(c);
}

bool StaticSite::HasIndex() const {
  return !canonical_dir_.empty() && IsRegularFile(canonical_dir_ / "index.html");
}

std::optional<fs::path> StaticSite::Resolve(std::string_view relative) const {
  if (canonical_dir_.empty()) return std::nullopt;
  fs::path candidate = canonical_dir_;
  size_t i = 0, segments = 0;
  while (i < relative.size()) {
    size_t j = relative.find('/', i);
    if (j == std::string_view::npos) j = relative.size();
    std::string_view seg = relative.substr(i, j - i);
    i = j + 1;
    if (seg.empty()) continue;
    if (!SafeSegment(seg) || ++segments > 8) return std::nullopt;
    candidate /= std::string(seg);
  }
  if (segments == 0) return std::nullopt;
  std::error_code ec;
  fs::path real = fs::canonical(candidate, ec);
  if (ec || !IsRegularFile(real)) return std::nullopt;
  // Symlinks are resolved: the target must still lie inside the directory.
  auto [dir_end, unused] = std::mismatch(canonical_dir_.begin(), canonical_dir_.end(),
                                         real.begin(), real.end());
  if (dir_end != canonical_dir_.end()) return std::nullopt;
  return real;
}

http::Response StaticSite::ServeFile(const http::Request& request, const fs::path& file,
                                     std::string_view cache_control) const {
  fs::path gz = file;
  gz += ".gz";
  bool has_gz = IsRegularFile(gz);
  bool use_gz = has_gz && AcceptsGzip(request.headers.Get("Accept-Encoding").value_or(""));
  const fs::path& source = use_gz ? gz : file;

  http::Response r;
  r.headers.Set("Content-Type", std::string(ContentTypeFor(file.filename().string())));
  r.headers.Set("Cache-Control", std::string(cache_control));
  r.headers.Set("X-Content-Type-Options", "nosniff");
  if (has_gz) r.headers.Set("Vary", "Accept-Encoding");
  std::string etag = ETagFor(source, use_gz ? "-gz" : "");
  r.headers.Set("ETag", etag);
  if (auto inm = request.headers.Get("If-None-Match"); inm && ETagMatches(*inm, etag)) {
    r.status = 304;
    return r;
  }
  std::optional<std::string> body = ReadFile(source);
  if (!body) return NotFound();
  if (use_gz) r.headers.Set("Content-Encoding", "gzip");
  r.status = 200;
  r.body = std::move(*body);
  return r;
}

http::Response StaticSite::ServeAsset(const http::Request& request, std::string_view file) const {
  if (!SafeSegment(file) || file.ends_with(".gz")) return NotFound();
  std::optional<fs::path> path = Resolve("assets/" + std::string(file));
  if (!path) return NotFound();
  return ServeFile(request, *path, kImmutable);
}

http::Response StaticSite::ServeApp(const http::Request& request) const {
  if (!HasIndex()) {
    http::Response r = http::Response::Text(200, NotBuiltPage(dir_), "text/html; charset=utf-8");
    r.headers.Set("Cache-Control", "no-store");
    return r;
  }
  std::string_view path = request.path;
  size_t last_slash = path.rfind('/');
  std::string_view last = last_slash == std::string_view::npos ? path : path.substr(last_slash + 1);
  bool looks_like_file = last.find('.') != std::string_view::npos;
  if (looks_like_file) {
    // A top-level file of the build (favicon.svg, robots.txt); never the precompressed twins,
    // and nothing under assets/ (that has its own immutable route).
    if (path.ends_with(".gz") || path.starts_with("/assets/")) return NotFound();
    std::optional<fs::path> file = Resolve(path);
    if (!file) return NotFound();
    return ServeFile(request, *file, kRevalidate);
  }
  std::optional<fs::path> index = Resolve("index.html");
  if (!index) return NotFound();
  return ServeFile(request, *index, kRevalidate);
}

}  // namespace syntera::web
