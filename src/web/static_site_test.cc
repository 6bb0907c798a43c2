#include "web/static_site.h"

#include <gtest/gtest.h>

#include <fstream>
#include <random>

namespace syntera::web {
namespace {
namespace fs = std::filesystem;

void Write(const fs::path& p, std::string_view text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
}

// A temporary tree:  root/secret.txt (outside the site) and root/dist/ (the site).
class StaticSiteTest : public ::testing::Test {
 protected:
  StaticSiteTest() {
    std::random_device rd;
    root_ = fs::temp_directory_path() / ("syntera-web-test-" + std::to_string(rd()));
    dist_ = root_ / "dist";
    Write(root_ / "secret.txt", "TOP SECRET");
    Write(dist_ / "index.html", "<!doctype html><title>app</title>");
    Write(dist_ / "favicon.svg", "<svg/>");
    Write(dist_ / ".env", "HIDDEN=1");
    Write(dist_ / "assets" / "index-AbC123.js", "console.log('plain')");
    Write(dist_ / "assets" / "index-AbC123.js.gz", "GZIPPED");
    Write(dist_ / "assets" / "index-XyZ789.css", "body{}");
    fs::create_symlink(root_ / "secret.txt", dist_ / "assets" / "link.txt");
    fs::create_symlink(root_ / "secret.txt", dist_ / "link.txt");
  }
  ~StaticSiteTest() override { fs::remove_all(root_); }

  static http::Request Get(std::string path, std::string accept_encoding = "") {
    http::Request r;
    r.path = std::move(path);
    r.target = r.path;
    if (!accept_encoding.empty()) r.headers.Add("Accept-Encoding", std::move(accept_encoding));
    return r;
  }
  static std::string H(const http::Response& r, std::string_view name) {
    return std::string(r.headers.Get(name).value_or(""));
  }

  fs::path root_, dist_;
};

TEST_F(StaticSiteTest, AssetsAreImmutableWithTheirContentType) {
  StaticSite site(dist_);
  http::Response r = site.ServeAsset(Get("/assets/index-XyZ789.css"), "index-XyZ789.css");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "body{}");
  EXPECT_EQ(H(r, "Content-Type"), "text/css; charset=utf-8");
  EXPECT_EQ(H(r, "Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(H(r, "Content-Encoding"), "");
}

TEST_F(StaticSiteTest, PrecompressedTwinIsSentOnlyWhenGzipIsAccepted) {
  StaticSite site(dist_);
  http::Response gz = site.ServeAsset(Get("/assets/index-AbC123.js", "br, gzip;q=0.8"),
                                      "index-AbC123.js");
  EXPECT_EQ(gz.status, 200);
  EXPECT_EQ(gz.body, "GZIPPED");
  EXPECT_EQ(H(gz, "Content-Encoding"), "gzip");
  EXPECT_EQ(H(gz, "Content-Type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(H(gz, "Vary"), "Accept-Encoding");

  http::Response plain = site.ServeAsset(Get("/assets/index-AbC123.js", "gzip;q=0"),
                                         "index-AbC123.js");
  EXPECT_EQ(plain.body, "console.log('plain')");
  EXPECT_EQ(H(plain, "Content-Encoding"), "");
  EXPECT_EQ(H(plain, "Vary"), "Accept-Encoding");
  EXPECT_NE(H(plain, "ETag"), H(gz, "ETag"));
}

TEST_F(StaticSiteTest, ClientRoutesAnswerIndexHtmlRevalidated) {
  StaticSite site(dist_);
  for (std::string path : {"/", "/login", "/contacts/123", "/settings/team/", "/a/b/c/d"}) {
    http::Response r = site.ServeApp(Get(path));
    EXPECT_EQ(r.status, 200) << path;
    EXPECT_EQ(r.body, "<!doctype html><title>app</title>") << path;
    EXPECT_EQ(H(r, "Content-Type"), "text/html; charset=utf-8") << path;
    EXPECT_EQ(H(r, "Cache-Control"), "no-cache") << path;
  }
}

TEST_F(StaticSiteTest, TopLevelFilesAreServedAndMissingFilesAre404) {
  StaticSite site(dist_);
  http::Response icon = site.ServeApp(Get("/favicon.svg"));
  EXPECT_EQ(icon.status, 200);
  EXPECT_EQ(H(icon, "Content-Type"), "image/svg+xml");
  EXPECT_EQ(H(icon, "Cache-Control"), "no-cache");
  EXPECT_EQ(site.ServeApp(Get("/missing.png")).status, 404);
  EXPECT_EQ(site.ServeAsset(Get("/assets/missing-123.js"), "missing-123.js").status, 404);
  // A stale chunk name must be a 404, never index.html served as JavaScript.
  EXPECT_EQ(site.ServeApp(Get("/assets/old-chunk.js")).status, 404);
}

TEST_F(StaticSiteTest, ConditionalRequestAnswers304) {
  StaticSite site(dist_);
  http::Response first = site.ServeApp(Get("/"));
  ASSERT_FALSE(H(first, "ETag").empty());
  http::Request again = Get("/");
  again.headers.Add("If-None-Match", H(first, "ETag"));
  http::Response second = site.ServeApp(again);
  EXPECT_EQ(second.status, 304);
  EXPECT_TRUE(second.body.empty());
  http::Request other = Get("/");
  other.headers.Add("If-None-Match", "W/\"nope\"");
  EXPECT_EQ(site.ServeApp(other).status, 200);
}

// Request paths are already percent-decoded by `net`, so "%2e%2e%2f" arrives as "../".
TEST_F(StaticSiteTest, PathTraversalIsImpossible) {
  StaticSite site(dist_);
  for (std::string file : std::initializer_list<std::string>{"..", ".", "../secret.txt", "..%2Fsecret.txt", "link.txt", ".env",
                           "index-AbC123.js.gz", "", "a\\..\\..\\secret.txt",
                           std::string("index-AbC123.js\0.txt", 21)}) {
    http::Response r = site.ServeAsset(Get("/assets/" + file), file);
    EXPECT_EQ(r.status, 404) << file;
    EXPECT_EQ(r.body.find("SECRET"), std::string::npos) << file;
  }
  for (std::string path :
       {"/../secret.txt", "/assets/../../secret.txt", "/../../../../etc/passwd", "/link.txt",
        "/.env", "//secret.txt/..", "/./../secret.txt", "/assets/index-AbC123.js.gz",
        "/index.html.gz", "/%2e%2e/secret.txt", "/..\\secret.txt"}) {
    http::Response r = site.ServeApp(Get(path));
    EXPECT_EQ(r.body.find("SECRET"), std::string::npos) << path;
    EXPECT_EQ(r.body.find("HIDDEN"), std::string::npos) << path;
    EXPECT_TRUE(r.status == 404 || r.body == "<!doctype html><title>app</title>") << path;
  }
}

TEST_F(StaticSiteTest, WithoutABuildEveryPageExplainsHowToBuild) {
  StaticSite site(root_ / "nowhere");
  EXPECT_FALSE(site.HasIndex());
  for (std::string path : {"/", "/login"}) {
    http::Response r = site.ServeApp(Get(path));
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(H(r, "Content-Type"), "text/html; charset=utf-8");
    EXPECT_NE(r.body.find("npm run build"), std::string::npos);
    EXPECT_NE(r.body.find("nowhere"), std::string::npos);
    EXPECT_EQ(r.body.find("<script"), std::string::npos) << "the CSP forbids inline scripts";
  }
  EXPECT_EQ(site.ServeAsset(Get("/assets/x.js"), "x.js").status, 404);
}

TEST(ContentType, ByExtension) {
  struct Case {
    const char* file;
    const char* type;
  };
  for (const Case& c : std::initializer_list<Case>{
           {"index.html", "text/html; charset=utf-8"},
           {"a-1.js", "text/javascript; charset=utf-8"},
           {"a-1.JS", "text/javascript; charset=utf-8"},
           {"a.css", "text/css; charset=utf-8"},
           {"logo.svg", "image/svg+xml"},
           {"f.woff2", "font/woff2"},
           {"m.webmanifest", "application/manifest+json"},
           {"x.map", "application/json"},
           {"p.png", "image/png"},
           {"noext", "application/octet-stream"},
           {"weird.xyz", "application/octet-stream"},
       }) {
    EXPECT_EQ(ContentTypeFor(c.file), c.type) << c.file;
  }
}

TEST(AcceptEncoding, GzipDetection) {
  struct Case {
    const char* header;
    bool gzip;
  };
  for (const Case& c : std::initializer_list<Case>{
           {"gzip", true},
           {"gzip, deflate, br, zstd", true},
           {"br;q=1.0, GZIP;q=0.5", true},
           {"*", true},
           {"gzip;q=0", false},
           {"gzip; q=0.000", false},
           {"br", false},
           {"", false},
           {"x-gzip-not", false},
       }) {
    EXPECT_EQ(AcceptsGzip(c.header), c.gzip) << c.header;
  }
}

}  // namespace
}  // namespace syntera::web
