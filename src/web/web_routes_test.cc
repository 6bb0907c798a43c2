#include "web/web_routes.h"

#include <gtest/gtest.h>

#include <fstream>
#include <random>

#include "http/pipeline.h"
#include "http/rate_limiter.h"
#include "obs/logger.h"
#include "obs/metrics.h"

namespace syntera::web {
namespace {
namespace fs = std::filesystem;

class WebRoutesTest : public ::testing::Test {
 protected:
  WebRoutesTest() {
    std::random_device rd;
    dist_ = fs::temp_directory_path() / ("syntera-web-routes-" + std::to_string(rd()));
    fs::create_directories(dist_ / "assets");
    std::ofstream(dist_ / "index.html") << "<!doctype html><div id=root></div>";
    std::ofstream(dist_ / "assets" / "main-1a2b.js") << "export{}";
    http::Route api;
    api.path = "/api/v1/me";
    api.access = http::Access::kPublic;
    api.isolation = http::Isolation::kSelf;
    api.handler = [](http::RouteContext&) -> Result<http::Response> {
      return http::Response::Json(200, "{}");
    };
    router_.Add(api);
    AddWebRoutes(router_, dist_);
    pipeline_ = std::make_unique<http::Pipeline>(router_, nullptr, *limiter_, *logger_, metrics_,
                                                 http::PipelineOptions{});
  }
  ~WebRoutesTest() override { fs::remove_all(dist_); }

  http::Response Call(http::Method m, std::string path) {
    http::Request r;
    r.method = m;
    r.path = std::move(path);
    r.target = r.path;
    r.client_ip = "10.0.0.1";
    return pipeline_->Handle(r);
  }
  static std::string H(const http::Response& r, std::string_view name) {
    return std::string(r.headers.Get(name).value_or(""));
  }

  fs::path dist_;
  http::Router router_;
  std::unique_ptr<http::RateLimiter> limiter_ = http::NewMemoryRateLimiter();
  std::unique_ptr<obs::Logger> logger_ = obs::NullLogger();
  obs::MetricsRegistry metrics_;
  std::unique_ptr<http::Pipeline> pipeline_;
};

TEST_F(WebRoutesTest, RoutesArePublicAndDocumented) {
  int web_routes = 0;
  for (const auto& r : router_.routes()) {
    if (r->doc.tag != "web") continue;
    ++web_routes;
    EXPECT_EQ(r->access, http::Access::kPublic) << r->path;
    EXPECT_EQ(r->isolation, http::Isolation::kPublic) << r->path;
    EXPECT_FALSE(r->doc.summary.empty()) << r->path;
  }
  EXPECT_EQ(web_routes, 2);  // "/" and "/assets/{file}"; the fallback is not an API route
}

TEST_F(WebRoutesTest, ClientRoutesFallBackToIndexButApiStays404) {
  for (std::string path : {"/", "/login", "/contacts/123", "/settings/api-keys"}) {
    http::Response r = Call(http::Method::kGet, path);
    EXPECT_EQ(r.status, 200) << path;
    EXPECT_EQ(r.body, "<!doctype html><div id=root></div>") << path;
    EXPECT_EQ(H(r, "Cache-Control"), "no-cache") << path;
  }
  EXPECT_EQ(Call(http::Method::kHead, "/deals").status, 200);
  EXPECT_EQ(Call(http::Method::kGet, "/api/v1/unknown").status, 404);
  EXPECT_EQ(Call(http::Method::kGet, "/api/v1/me").status, 200);
  EXPECT_EQ(Call(http::Method::kPost, "/login").status, 404);
}

TEST_F(WebRoutesTest, PipelineKeepsCachingAndAddsTheStrictCsp) {
  http::Response asset = Call(http::Method::kGet, "/assets/main-1a2b.js");
  EXPECT_EQ(asset.status, 200);
  EXPECT_EQ(H(asset, "Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(H(asset, "Content-Type"), "text/javascript; charset=utf-8");
  http::Response index = Call(http::Method::kGet, "/");
  std::string csp = H(index, "Content-Security-Policy");
  EXPECT_NE(csp.find("script-src 'self'"), std::string::npos);
  EXPECT_EQ(csp.find("unsafe-eval"), std::string::npos);
  EXPECT_EQ(Call(http::Method::kGet, "/assets/..").status, 404);
}

TEST(ResolveWebDir, ConfiguredDirectoryWins) {
  EXPECT_EQ(ResolveWebDir("/srv/ui", "/usr/bin/syntera"), fs::path("/srv/ui"));
  fs::path fallback = ResolveWebDir("", "/nonexistent/bin/syntera");
  EXPECT_EQ(fallback.filename(), "dist");
}

}  // namespace
}  // namespace syntera::web
