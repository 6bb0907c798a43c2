#include "http/pipeline.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "obs/logger.h"
#include "obs/metrics.h"

namespace syntera::http {
namespace {

// Accepts two fixed tokens: "member-token" (a member user) and "key" (a viewer API key).
class FixedAuthenticator : public Authenticator {
 public:
  Result<Principal> Authenticate(std::string_view bearer) override {
    Principal p;
    p.org_id = OrgId("org1");
    if (bearer == "member-token") {
      p.role = Role::kMember;
      p.user_id = UserId("u1");
      return p;
    }
    if (bearer == "key") {
      p.kind = CredentialKind::kApiKey;
      p.api_key_id = "k1";
      return p;
    }
    return Unauthenticated("bad token");
  }
};

class PipelineTest : public ::testing::Test {
 protected:
  PipelineTest() {
    Route open;
    open.path = "/open";
    open.access = Access::kPublic;
    open.handler = [](RouteContext&) -> Result<Response> { return Response::Json(200, "{}"); };
    router_.Add(open);
    Route write;
    write.method = Method::kPost;
    write.path = "/things/{id}";
    write.min_role = Role::kMember;
    write.max_body_bytes = 10;
    write.handler = [](RouteContext& ctx) -> Result<Response> {
      if (ctx.Param("id") == "missing") return NotFound("no such thing");
      if (ctx.Param("id") == "boom") throw std::runtime_error("secret detail");
      return Response::Json(201, "{\"org\":\"" + ctx.who().org_id.str() + "\"}");
    };
    router_.Add(write);
    Route user_only = write;
    user_only.method = Method::kDelete;
    user_only.access = Access::kUserOnly;
    user_only.min_role = Role::kViewer;
    router_.Add(user_only);
    Route widget;
    widget.method = Method::kPost;
    widget.path = "/widget";
    widget.access = Access::kPublic;
    widget.cors = Cors::kAnyOrigin;
    widget.handler = [](RouteContext&) -> Result<Response> { return Response::Json(201, "{}"); };
    router_.Add(widget);
    PipelineOptions opts;
    opts.cors_origins = {"https://app.example"};
    opts.per_class["auth"] = {.capacity = 2, .refill_per_second = 0.01};
    pipeline_ = std::make_unique<Pipeline>(router_, &auth_, *limiter_, *logger_, metrics_, opts);
  }

  Response Call(Method m, std::string path, std::string token = "", std::string body = "") {
    Request r;
    r.method = m;
    r.path = std::move(path);
    r.client_ip = "10.0.0.1";
    if (!token.empty()) r.headers.Add("Authorization", "Bearer " + token);
    r.body = std::move(body);
    return pipeline_->Handle(r);
  }

  static std::string Code(const Response& r) {
    return std::string(boost::json::parse(r.body).at("error").at("code").as_string());
  }

  Router router_;
  FixedAuthenticator auth_;
  std::unique_ptr<RateLimiter> limiter_ = NewMemoryRateLimiter();
  std::unique_ptr<obs::Logger> logger_ = obs::NullLogger();
  obs::MetricsRegistry metrics_;
  std::unique_ptr<Pipeline> pipeline_;
};

TEST_F(PipelineTest, NotFoundAndMethodNotAllowed) {
  Response r = Call(Method::kGet, "/nope");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(Code(r), "not_found");
  r = Call(Method::kGet, "/things/1");
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(*r.headers.Get("Allow"), "POST, DELETE, OPTIONS");
}

TEST_F(PipelineTest, AuthenticationAndRoles) {
  EXPECT_EQ(Call(Method::kPost, "/things/1").status, 401);
  EXPECT_EQ(Call(Method::kPost, "/things/1", "wrong").status, 401);
  Response r = Call(Method::kPost, "/things/1", "key");
  EXPECT_EQ(r.status, 403) << "viewer key below member";
  EXPECT_EQ(Code(r), "permission_denied");
  EXPECT_EQ(Call(Method::kPost, "/things/1", "member-token").status, 201);
  EXPECT_EQ(Call(Method::kDelete, "/things/1", "key").status, 403) << "user-only route";
}

TEST_F(PipelineTest, ErrorsMapInOnePlaceAndHideInternals) {
  Response r = Call(Method::kPost, "/things/missing", "member-token");
  EXPECT_EQ(r.status, 404);
  r = Call(Method::kPost, "/things/boom", "member-token");
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(Code(r), "internal");
  EXPECT_EQ(r.body.find("secret detail"), std::string::npos);
}

TEST_F(PipelineTest, BodyLimitPerRoute) {
  Response r = Call(Method::kPost, "/things/1", "member-token", std::string(11, 'x'));
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(pipeline_->MaxBodyBytes(Method::kPost, "/things/1"), 10u);
}

TEST_F(PipelineTest, RequestIdEchoedOrGenerated) {
  Request r;
  r.path = "/open";
  r.headers.Add("X-Request-Id", "abc-123");
  EXPECT_EQ(*pipeline_->Handle(r).headers.Get("X-Request-Id"), "abc-123");
  Request r2;
  r2.path = "/open";
  r2.headers.Add("X-Request-Id", "bad id with spaces");
  auto id = pipeline_->Handle(r2).headers.Get("X-Request-Id");
  ASSERT_TRUE(id);
  EXPECT_EQ(id->size(), 24u);
}

TEST_F(PipelineTest, SecurityHeadersAndCors) {
  Request r;
  r.path = "/open";
  r.headers.Add("Origin", "https://app.example");
  Response resp = pipeline_->Handle(r);
  EXPECT_EQ(*resp.headers.Get("X-Content-Type-Options"), "nosniff");
  EXPECT_NE(resp.headers.Get("Content-Security-Policy")->find("frame-ancestors 'none'"),
            std::string::npos);
  EXPECT_EQ(*resp.headers.Get("Access-Control-Allow-Origin"), "https://app.example");
  EXPECT_FALSE(resp.headers.Has("Strict-Transport-Security"));

  Request pre;
  pre.method = Method::kOptions;
  pre.path = "/things/1";
  pre.headers.Add("Origin", "https://evil.example");
  Response p = pipeline_->Handle(pre);
  EXPECT_EQ(p.status, 204);
  EXPECT_FALSE(p.headers.Has("Access-Control-Allow-Origin")) << "origin not configured";
}

TEST_F(PipelineTest, RoutesOpenToAnyOriginAnswerEveryOriginIncludingPreflight) {
  Request pre;
  pre.method = Method::kOptions;
  pre.path = "/widget";
  pre.headers.Add("Origin", "https://shop.example");
  pre.headers.Add("Access-Control-Request-Method", "POST");
  Response p = pipeline_->Handle(pre);
  EXPECT_EQ(p.status, 204);
  EXPECT_EQ(p.headers.Get("Access-Control-Allow-Origin").value_or(""), "*");

  Request post;
  post.method = Method::kPost;
  post.path = "/widget";
  post.headers.Add("Origin", "https://shop.example");
  Response r = pipeline_->Handle(post);
  EXPECT_EQ(r.status, 201);
  EXPECT_EQ(r.headers.Get("Access-Control-Allow-Origin").value_or(""), "*");
  EXPECT_EQ(r.headers.Get("Cross-Origin-Resource-Policy").value_or(""), "cross-origin");

  // The dashboard's routes stay closed to that origin.
  Request other;
  other.method = Method::kOptions;
  other.path = "/things/1";
  other.headers.Add("Origin", "https://shop.example");
  other.headers.Add("Access-Control-Request-Method", "POST");
  EXPECT_FALSE(pipeline_->Handle(other).headers.Has("Access-Control-Allow-Origin"));
}

TEST_F(PipelineTest, MetricsUseRouteTemplates) {
  Call(Method::kPost, "/things/42", "member-token");
  std::string text = metrics_.Render();
  EXPECT_NE(text.find("route=\"/things/{id}\",status=\"201\""), std::string::npos) << text;
  EXPECT_EQ(text.find("/things/42"), std::string::npos);
}

TEST(PipelineRateLimit, PerIpBucketAnswers429WithRetryAfter) {
  Router router;
  Route open;
  open.path = "/open";
  open.access = Access::kPublic;
  open.rate_class = "auth";
  open.handler = [](RouteContext&) -> Result<Response> { return Response::NoContent(); };
  router.Add(open);
  auto limiter = NewMemoryRateLimiter();
  auto logger = obs::NullLogger();
  obs::MetricsRegistry metrics;
  PipelineOptions opts;
  opts.per_class["auth"] = {.capacity = 2, .refill_per_second = 0.01};
  Pipeline p(router, nullptr, *limiter, *logger, metrics, opts);
  auto call = [&](std::string ip) {
    Request r;
    r.path = "/open";
    r.client_ip = std::move(ip);
    return p.Handle(r);
  };
  EXPECT_EQ(call("1.1.1.1").status, 204);
  EXPECT_EQ(call("1.1.1.1").status, 204);
  Response limited = call("1.1.1.1");
  EXPECT_EQ(limited.status, 429);
  EXPECT_TRUE(limited.headers.Has("Retry-After"));
  EXPECT_EQ(call("2.2.2.2").status, 204);
}

}  // namespace
}  // namespace syntera::http
