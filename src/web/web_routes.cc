#include "web/web_routes.h"

#include <memory>
#include <system_error>
#include <utility>

#include "web/static_site.h"

namespace syntera::web {
namespace fs = std::filesystem;
namespace {

http::Route WebRoute(std::string path, std::string summary, http::RouteHandler handler) {
  http::Route r;
  r.method = http::Method::kGet;
  r.path = std::move(path);
  r.access = http::Access::kPublic;
  r.isolation = http::Isolation::kPublic;
  r.rate_class = "web";
  r.max_body_bytes = 0;
  r.handler = std::move(handler);
  r.doc.summary = std::move(summary);
  r.doc.tag = "web";
  return r;
}

}  // namespace

void AddWebRoutes(http::Router& router, fs::path dir) {
  auto site = std::make_shared<const StaticSite>(std::move(dir));
  auto app = [site](http::RouteContext& ctx) -> Result<http::Response> {
    return site->ServeApp(ctx.request);
  };

  http::Route index = WebRoute("/", "The web dashboard (index.html of the single-page app)", app);
  index.doc.description =
      "Answers a page explaining how to build the UI when the web directory has no index.html.";
  index.doc.response_schema = R"({"type":"string","x-content-type":"text/html"})";
  router.Add(std::move(index));

  http::Route asset = WebRoute(
      "/assets/{file}", "A hashed asset of the web dashboard (cached for a year)",
      [site](http::RouteContext& ctx) -> Result<http::Response> {
        return site->ServeAsset(ctx.request, ctx.Param("file"));
      });
  asset.doc.description =
      "Sent gzip-encoded when the client accepts it and the build precompressed the file.";
  asset.doc.response_schema = R"({"type":"string","x-content-type":"application/octet-stream"})";
  router.Add(std::move(asset));

  http::Route fallback = WebRoute("/{spa}", "Client-side routes of the web dashboard", app);
  router.SetFallback(std::move(fallback));
}

fs::path ResolveWebDir(const fs::path& configured, const fs::path& executable) {
  if (!configured.empty()) return configured;
  fs::path source_build = fs::path(SYNTERA_SOURCE_DIR) / "web" / "dist";
  fs::path exe_dir = executable.parent_path();
  for (const fs::path& candidate :
       {exe_dir / "web", exe_dir / ".." / "share" / "syntera" / "web", source_build}) {
    std::error_code ec;
    if (fs::is_regular_file(candidate / "index.html", ec)) return candidate.lexically_normal();
  }
  return source_build;
}

}  // namespace syntera::web
