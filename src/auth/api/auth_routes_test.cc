// The auth routes end to end through the HTTP pipeline (authentication, roles, error mapping)
// on both engines.

#include "auth/api/auth_routes.h"

#include <boost/json.hpp>
#include <set>

#include "auth/api/auth_authenticator.h"
#include "auth/auth_test_support.h"
#include "http/pipeline.h"
#include "obs/metrics.h"

namespace syntera::auth::testing {
namespace {

namespace bj = boost::json;
using http::Method;

struct Reply {
  int status = 0;
  std::string body;
  http::Headers headers;
  bj::value json() const {
    boost::system::error_code ec;
    bj::value v = bj::parse(body, ec);
    return ec ? bj::value() : v;
  }
};

std::string Str(const bj::value& v, std::string_view key) {
  const auto* f = v.is_object() ? v.as_object().if_contains(key) : nullptr;
  return f && f->is_string() ? std::string(f->as_string()) : "";
}

class AuthRoutesTest : public AuthServiceTest {
 protected:
  void SetUp() override {
    AuthServiceTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    AddAuthRoutes(router_, auth());
    authenticator_ = std::make_unique<AuthAuthenticator>(auth());
    http::PipelineOptions opts;
    opts.access_log = false;
    opts.per_class["auth"] = {.capacity = 1000, .refill_per_second = 1000};
    pipeline_ = std::make_unique<http::Pipeline>(router_, authenticator_.get(), *limiter_, *logger_,
                                                 metrics_, opts);
  }

  Reply Call(Method method, const std::string& target, const std::string& token = "",
             const std::string& body = "") {
    http::Request req;
    req.method = method;
    req.target = target;
    size_t q = target.find('?');
    req.path = target.substr(0, q);
    if (q != std::string::npos) req.query = target.substr(q + 1);
    req.client_ip = req.peer_ip = "192.0.2.10";
    if (!token.empty()) req.headers.Add("Authorization", "Bearer " + token);
    if (!body.empty()) req.headers.Add("Content-Type", "application/json");
    req.body = body;
    http::Response r = pipeline_->Handle(req);
    Tick();
    return {r.status, r.body, r.headers};
  }

  Reply SignUpCall(const std::string& email, const std::string& org = "Engines") {
    Tick();  // the verification email sorts before later ones
    return Call(Method::kPost, "/api/v1/auth/signup", "",
                bj::serialize(bj::object{{"email", email},
                                         {"password", kPassword},
                                         {"name", "Ada"},
                                         {"organization_name", org}}));
  }

  http::Router router_;
  std::unique_ptr<http::RateLimiter> limiter_ = http::NewMemoryRateLimiter();
  obs::MetricsRegistry metrics_;
  std::unique_ptr<AuthAuthenticator> authenticator_;
  std::unique_ptr<http::Pipeline> pipeline_;
};

TEST_P(AuthRoutesTest, EveryRouteIsClassifiedAndDocumented) {
  ASSERT_GE(router_.routes().size(), 25u);
  for (const auto& r : router_.routes()) {
    std::string label = std::string(http::MethodName(r->method)) + " " + r->path;
    EXPECT_NE(r->isolation, http::Isolation::kUnclassified) << label;
    EXPECT_FALSE(r->doc.summary.empty()) << label;
    EXPECT_FALSE(r->doc.tag.empty()) << label;
    if (r->path.find('{') != std::string::npos) {
      EXPECT_EQ(r->isolation, http::Isolation::kResource) << label;
      EXPECT_FALSE(r->resource.empty()) << label;
    }
    for (const std::string* schema :
         {&r->doc.request_schema, &r->doc.response_schema, &r->doc.example_request}) {
      if (schema->empty()) continue;
      boost::system::error_code ec;
      bj::value v = bj::parse(*schema, ec);
      EXPECT_TRUE(!ec && v.is_object()) << label << ": " << *schema;
    }
    EXPECT_EQ(r->doc.request_schema.empty(), r->doc.example_request.empty()) << label;
  }
}

TEST_P(AuthRoutesTest, SignUpLoginMe) {
  Reply signup = SignUpCall("ada@example.com");
  ASSERT_EQ(signup.status, 201) << signup.body;
  bj::value s = signup.json();
  EXPECT_EQ(Str(s, "token_type"), "Bearer");
  EXPECT_EQ(s.at("expires_in").as_int64(), 900);
  EXPECT_EQ(Str(s.at("user"), "email"), "ada@example.com");
  EXPECT_FALSE(s.at("user").at("email_verified").as_bool());
  EXPECT_EQ(Str(s.at("organization"), "slug"), "engines");
  EXPECT_EQ(Str(s.at("organization"), "created_at").back(), 'Z');

  Reply login =
      Call(Method::kPost, "/api/v1/auth/login", "",
           bj::serialize(bj::object{{"email", "ada@example.com"}, {"password", kPassword}}));
  ASSERT_EQ(login.status, 200) << login.body;
  std::string token = Str(login.json(), "access_token");
  Reply me = Call(Method::kGet, "/api/v1/me", token);
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(Str(me.json().at("user"), "email"), "ada@example.com");
  EXPECT_TRUE(me.json().at("api_key").is_null());
  EXPECT_EQ(Str(me.json(), "role"), "owner");
  EXPECT_EQ(me.json().at("memberships").as_array().size(), 1u);

  EXPECT_EQ(Call(Method::kGet, "/api/v1/me").status, 401);
  EXPECT_EQ(Call(Method::kGet, "/api/v1/me", token + "x").status, 401);
  Reply wrong = Call(Method::kPost, "/api/v1/auth/login", "",
                     R"({"email":"ada@example.com","password":"nope nope"})");
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(Str(wrong.json().at("error"), "code"), "unauthenticated");
  EXPECT_EQ(SignUpCall("ADA@example.com").status, 409);
}

TEST_P(AuthRoutesTest, ValidationListsEveryBadFieldIncludingAWeakPassword) {
  Reply r = Call(Method::kPost, "/api/v1/auth/signup", "",
                 R"({"email":"nope","password":"password1","name":"","organization_name":42})");
  ASSERT_EQ(r.status, 400) << r.body;
  std::set<std::string> fields;
  bj::value error = r.json();
  for (const auto& f : error.at("error").at("details").at("fields").as_array()) {
    fields.insert(Str(f, "field"));
  }
  EXPECT_EQ(fields, (std::set<std::string>{"email", "password", "name", "organization_name"}));
}

TEST_P(AuthRoutesTest, ThrottledLoginAnswers429WithRetryAfter) {
  ASSERT_EQ(SignUpCall("ada@example.com").status, 201);
  for (int i = 0; i < 5; ++i) {
    Call(Method::kPost, "/api/v1/auth/login", "",
         R"({"email":"ada@example.com","password":"bad"})");
  }
  Reply r = Call(Method::kPost, "/api/v1/auth/login", "",
                 bj::serialize(bj::object{{"email", "ada@example.com"}, {"password", kPassword}}));
  EXPECT_EQ(r.status, 429) << r.body;
  EXPECT_EQ(r.headers.Get("Retry-After").value_or(""), "1");
}

TEST_P(AuthRoutesTest, InvitationAcceptedWithAndWithoutAToken) {
  std::string owner = Str(SignUpCall("ada@example.com").json(), "access_token");
  std::string grace = Str(SignUpCall("grace@example.com", "Navy").json(), "access_token");
  Reply inv = Call(Method::kPost, "/api/v1/invitations", owner,
                   R"({"email":"grace@example.com","role":"member"})");
  ASSERT_EQ(inv.status, 201) << inv.body;
  EXPECT_EQ(Str(inv.json(), "status"), "pending");
  std::string token = TokenIn(LastEmailTo("grace@example.com"));
  Reply joined = Call(Method::kPost, "/api/v1/invitations/accept", grace,
                      bj::serialize(bj::object{{"token", token}}));
  ASSERT_EQ(joined.status, 200) << joined.body;
  EXPECT_EQ(Str(joined.json(), "role"), "member");

  ASSERT_EQ(Call(Method::kPost, "/api/v1/invitations", owner,
                 R"({"email":"new@example.com","role":"viewer"})")
                .status,
            201);
  Reply fresh = Call(Method::kPost, "/api/v1/invitations/accept", "",
                     bj::serialize(bj::object{{"token", TokenIn(LastEmailTo("new@example.com"))},
                                              {"password", kPassword},
                                              {"name", "New Person"}}));
  ASSERT_EQ(fresh.status, 201) << fresh.body;
  EXPECT_EQ(Str(fresh.json(), "role"), "viewer");
  EXPECT_FALSE(Str(fresh.json(), "access_token").empty());

  Reply members = Call(Method::kGet, "/api/v1/members", owner);
  ASSERT_EQ(members.status, 200);
  EXPECT_EQ(members.json().at("data").as_array().size(), 3u);
  EXPECT_TRUE(members.json().at("next_cursor").is_null());
}

TEST_P(AuthRoutesTest, ApiKeysOverHttp) {
  std::string owner = Str(SignUpCall("ada@example.com").json(), "access_token");
  Reply created = Call(Method::kPost, "/api/v1/api-keys", owner, R"({"name":"CI","role":"admin"})");
  ASSERT_EQ(created.status, 201) << created.body;
  std::string secret = Str(created.json(), "secret");
  std::string id = Str(created.json(), "id");
  ASSERT_EQ(secret.rfind("sk_", 0), 0u);

  Reply me = Call(Method::kGet, "/api/v1/me", secret);
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_TRUE(me.json().at("user").is_null());
  EXPECT_EQ(Str(me.json().at("api_key"), "id"), id);
  EXPECT_EQ(Str(me.json().at("api_key"), "prefix"), secret.substr(0, 12));
  // Keys work on principal routes their role allows, never on user-only ones.
  EXPECT_EQ(Call(Method::kGet, "/api/v1/organization", secret).status, 200);
  EXPECT_EQ(Call(Method::kGet, "/api/v1/api-keys", secret).status, 403);

  Reply list = Call(Method::kGet, "/api/v1/api-keys?limit=1", owner);
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(list.body.find(secret), std::string::npos);
  EXPECT_EQ(list.body.find("\"secret\""), std::string::npos);
  EXPECT_EQ(Call(Method::kGet, "/api/v1/api-keys?limit=0", owner).status, 400);
  EXPECT_EQ(Call(Method::kGet, "/api/v1/api-keys?cursor=bm9wZQ", owner).status, 400);
  Reply one = Call(Method::kGet, "/api/v1/api-keys/" + id, owner);
  ASSERT_EQ(one.status, 200);
  EXPECT_EQ(one.body.find(secret), std::string::npos);

  EXPECT_EQ(Call(Method::kDelete, "/api/v1/api-keys/" + id, owner).status, 204);
  EXPECT_EQ(Call(Method::kGet, "/api/v1/me", secret).status, 401);
  EXPECT_EQ(Call(Method::kGet, "/api/v1/api-keys/unknown-id", owner).status, 404);
}

TEST_P(AuthRoutesTest, RefreshLogoutAndPasswordReset) {
  bj::value s = SignUpCall("ada@example.com").json();
  Reply refreshed = Call(Method::kPost, "/api/v1/auth/refresh", "",
                         bj::serialize(bj::object{{"refresh_token", Str(s, "refresh_token")}}));
  ASSERT_EQ(refreshed.status, 200) << refreshed.body;
  std::string access = Str(refreshed.json(), "access_token");
  EXPECT_EQ(Call(Method::kPost, "/api/v1/auth/logout", access).status, 204);
  EXPECT_EQ(Call(Method::kGet, "/api/v1/me", access).status, 401);

  Reply req = Call(Method::kPost, "/api/v1/auth/password-reset/request", "",
                   R"({"email":"ada@example.com"})");
  EXPECT_EQ(req.status, 202);
  EXPECT_EQ(Call(Method::kPost, "/api/v1/auth/password-reset/request", "",
                 R"({"email":"nobody@example.com"})")
                .status,
            202);
  Reply confirm = Call(Method::kPost, "/api/v1/auth/password-reset/confirm", "",
                       bj::serialize(bj::object{{"token", TokenIn(LastEmailTo("ada@example.com"))},
                                                {"password", "another fine passphrase"}}));
  EXPECT_EQ(confirm.status, 204) << confirm.body;
}

SYNTERA_INSTANTIATE_ENGINE_TEST(AuthRoutesTest);

}  // namespace
}  // namespace syntera::auth::testing
