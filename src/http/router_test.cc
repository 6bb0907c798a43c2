#include "http/router.h"

#include <gtest/gtest.h>

namespace syntera::http {
namespace {

Route R(Method m, std::string path) {
  Route r;
  r.method = m;
  r.path = std::move(path);
  r.handler = [](RouteContext&) -> Result<Response> { return Response::NoContent(); };
  return r;
}

TEST(Router, MatchesLiteralsBeforeParameters) {
  Router router;
  router.Add(R(Method::kGet, "/api/v1/keys/{id}"));
  router.Add(R(Method::kGet, "/api/v1/keys/stats"));
  router.Add(R(Method::kDelete, "/api/v1/keys/{id}"));
  auto m = router.Match(Method::kGet, "/api/v1/keys/stats");
  ASSERT_TRUE(m.route);
  EXPECT_EQ(m.route->path, "/api/v1/keys/stats");
  m = router.Match(Method::kGet, "/api/v1/keys/abc");
  ASSERT_TRUE(m.route);
  EXPECT_EQ(m.route->path, "/api/v1/keys/{id}");
  ASSERT_EQ(m.params.size(), 1u);
  EXPECT_EQ(m.params[0].name, "id");
  EXPECT_EQ(m.params[0].value, "abc");
}

TEST(Router, ReportsAllowedMethodsForWrongMethod) {
  Router router;
  router.Add(R(Method::kGet, "/a/{id}"));
  router.Add(R(Method::kDelete, "/a/{id}"));
  auto m = router.Match(Method::kPost, "/a/1");
  EXPECT_EQ(m.route, nullptr);
  EXPECT_TRUE(m.path_exists());
  EXPECT_EQ(m.allowed.size(), 2u);
}

TEST(Router, HeadFallsBackToGetAndUnknownPathHasNoMethods) {
  Router router;
  router.Add(R(Method::kGet, "/healthz"));
  EXPECT_TRUE(router.Match(Method::kHead, "/healthz").route);
  auto m = router.Match(Method::kGet, "/nope");
  EXPECT_FALSE(m.path_exists());
  EXPECT_FALSE(router.Match(Method::kGet, "/healthz/extra").path_exists());
}

TEST(Router, BacktracksFromLiteralDeadEnd) {
  Router router;
  router.Add(R(Method::kGet, "/x/special/a"));
  router.Add(R(Method::kGet, "/x/{id}/b"));
  auto m = router.Match(Method::kGet, "/x/special/b");
  ASSERT_TRUE(m.route);
  EXPECT_EQ(m.route->path, "/x/{id}/b");
  EXPECT_EQ(m.params.at(0).value, "special");
}

TEST(Router, RejectsDuplicatesAndMalformedTemplates) {
  Router router;
  router.Add(R(Method::kGet, "/a"));
  EXPECT_THROW(router.Add(R(Method::kGet, "/a")), std::logic_error);
  EXPECT_THROW(router.Add(R(Method::kGet, "a")), std::logic_error);
  router.Add(R(Method::kGet, "/b/{id}"));
  EXPECT_THROW(router.Add(R(Method::kPost, "/b/{other}")), std::logic_error);
}

TEST(Router, FallbackServesNonApiGetsOnly) {
  Router router;
  router.Add(R(Method::kGet, "/healthz"));
  router.SetFallback(R(Method::kGet, "/{spa}"));
  EXPECT_EQ(router.Match(Method::kGet, "/contacts/1").route->path, "/{spa}");
  EXPECT_EQ(router.Match(Method::kHead, "/").route->path, "/{spa}");
  EXPECT_EQ(router.Match(Method::kGet, "/healthz").route->path, "/healthz");
  EXPECT_FALSE(router.Match(Method::kGet, "/api/v1/nope").path_exists());
  EXPECT_FALSE(router.Match(Method::kPost, "/contacts").path_exists());
  EXPECT_EQ(router.routes().size(), 1u);
}

}  // namespace
}  // namespace syntera::http
