#include "ops/ops_routes.h"

#include <boost/json.hpp>

#include <memory>
#include <mutex>

#include "obs/metrics.h"
#include "ops/openapi.h"

namespace syntera::ops {
namespace bj = boost::json;
namespace {

http::Route OpsRoute(std::string path, std::string summary, http::RouteHandler handler) {
  http::Route r;
  r.method = http::Method::kGet;
  r.path = std::move(path);
  r.access = http::Access::kPublic;
  r.isolation = http::Isolation::kPublic;
  r.rate_class = "ops";
  r.handler = std::move(handler);
  r.doc.summary = std::move(summary);
  r.doc.tag = "operations";
  return r;
}

// Built on first request, after start-up has added every route.
struct LazyDocs {
  std::once_flag once;
  std::string openapi, html;
};

}  // namespace

void AddOpsRoutes(http::Router& router, OpsDeps deps) {
  auto shared = std::make_shared<OpsDeps>(std::move(deps));
  auto docs = std::make_shared<LazyDocs>();
  const http::Router* rt = &router;
  auto build_docs = [docs, rt, shared] {
    std::call_once(docs->once, [&] {
      docs->openapi = BuildOpenApiJson(*rt, shared->version);
      docs->html = BuildDocsHtml(*rt, shared->version);
    });
  };

  http::Route health = OpsRoute("/healthz", "Liveness: the process is up", [](http::RouteContext&) -> Result<http::Response> {
    return http::Response::Json(200, R"({"status":"ok"})");
  });
  health.doc.response_schema = R"({"type":"object","properties":{"status":{"const":"ok"}}})";
  router.Add(std::move(health));

  http::Route ready = OpsRoute(
      "/readyz", "Readiness: storage reachable and migrations applied",
      [shared](http::RouteContext&) -> Result<http::Response> {
        bj::object checks;
        bool ok = true;
        for (const auto& [name, check] : shared->ready_checks) {
          Result<void> r = check();
          checks[name] = r.ok() ? "ok" : r.error().message;
          ok &= r.ok();
        }
        return http::Response::Json(ok ? 200 : 503,
                                    bj::serialize(bj::object{{"status", ok ? "ready" : "not_ready"},
                                                             {"checks", std::move(checks)}}));
      });
  ready.doc.description = "Answers 503 with the failing check while not ready.";
  ready.doc.response_schema =
      R"({"type":"object","properties":{"status":{"enum":["ready","not_ready"]},"checks":{"type":"object"}}})";
  router.Add(std::move(ready));

  http::Route metrics = OpsRoute(
      "/metrics", "Prometheus metrics (text exposition format 0.0.4)",
      [shared](http::RouteContext&) -> Result<http::Response> {
        return http::Response::Text(200, shared->metrics->Render(),
                                    "text/plain; version=0.0.4; charset=utf-8");
      });
  metrics.doc.response_schema = R"({"type":"string","x-content-type":"text/plain"})";
  router.Add(std::move(metrics));

  http::Route openapi = OpsRoute("/api/openapi.json", "This API as an OpenAPI 3.1 document",
                                 [docs, build_docs](http::RouteContext&) -> Result<http::Response> {
                                   build_docs();
                                   return http::Response::Json(200, docs->openapi);
                                 });
  openapi.doc.response_schema = R"({"type":"object"})";
  router.Add(std::move(openapi));

  http::Route html = OpsRoute("/api/docs", "Readable API reference (HTML)",
                              [docs, build_docs](http::RouteContext&) -> Result<http::Response> {
                                build_docs();
                                return http::Response::Text(200, docs->html,
                                                            "text/html; charset=utf-8");
                              });
  html.doc.response_schema = R"({"type":"string","x-content-type":"text/html"})";
  router.Add(std::move(html));
}

}  // namespace syntera::ops
