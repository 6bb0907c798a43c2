#include "ops/openapi.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "obs/metrics.h"
#include "ops/ops_routes.h"

namespace syntera::ops {
namespace {

TEST(OpenApi, EveryRouteAppearsWithItsMethodAndParameters) {
  http::Router router;
  obs::MetricsRegistry metrics;
  AddOpsRoutes(router, {.ready_checks = {}, .metrics = &metrics, .version = "test"});
  http::Route r;
  r.method = http::Method::kDelete;
  r.path = "/api/v1/things/{id}";
  r.isolation = http::Isolation::kResource;
  r.doc.summary = "Delete a thing";
  r.doc.request_schema = R"({"type":"object"})";
  r.handler = [](http::RouteContext&) -> Result<http::Response> { return http::Response::NoContent(); };
  router.Add(r);
  auto doc = boost::json::parse(BuildOpenApiJson(router, "1.2.3")).as_object();
  EXPECT_EQ(doc.at("openapi").as_string(), "3.1.0");
  const auto& paths = doc.at("paths").as_object();
  for (const auto& route : router.routes()) {
    std::string method = route->method == http::Method::kGet ? "get" : "delete";
    ASSERT_TRUE(paths.contains(route->path)) << route->path;
    EXPECT_TRUE(paths.at(route->path).as_object().contains(method)) << route->path;
  }
  const auto& del = paths.at("/api/v1/things/{id}").at("delete").as_object();
  EXPECT_EQ(del.at("parameters").as_array()[0].at("name").as_string(), "id");
  EXPECT_TRUE(del.at("responses").as_object().contains("404"));
  EXPECT_TRUE(del.at("responses").as_object().contains("401"));
  EXPECT_EQ(paths.at("/healthz").at("get").at("security").as_array().size(), 0u);
}

TEST(OpenApi, UndocumentedRouteIsABug) {
  http::Router router;
  http::Route r;
  r.path = "/x";
  r.handler = [](http::RouteContext&) -> Result<http::Response> { return http::Response::NoContent(); };
  router.Add(r);
  EXPECT_THROW(BuildOpenApiJson(router, "v"), std::logic_error);
}

TEST(OpenApi, RoutesJsonListsClassification) {
  http::Router router;
  obs::MetricsRegistry metrics;
  AddOpsRoutes(router, {.ready_checks = {}, .metrics = &metrics, .version = "test"});
  auto arr = boost::json::parse(RoutesTable(router, true)).as_array();
  ASSERT_EQ(arr.size(), 5u);
  EXPECT_EQ(arr[0].at("isolation").as_string(), "public");
  EXPECT_NE(RoutesTable(router, false).find("/readyz"), std::string::npos);
}

}  // namespace
}  // namespace syntera::ops
