// Routes: sign-up, login, refresh, logout, switch organization, /me.

#include "auth/api/codec.h"
#include "auth/api/route_groups.h"
#include "auth/api/schemas.h"
#include "auth/auth_service.h"

namespace syntera::auth::api {
namespace {

using http::Access;
using http::Isolation;
using http::Method;
namespace bj = boost::json;

constexpr char kTag[] = "auth";

Result<http::Response> SignUp(AuthService& service, http::RouteContext& ctx) {
  SYN_ASSIGN_OR_RETURN(bj::object body, json::ParseObject(ctx.request));
  json::Reader in(body);
  SignUpRequest req;
  req.email = in.RequiredEmail("email");
  req.password = in.RequiredString("password", PasswordRule());
  req.name = in.RequiredString("name", NameRule());
  req.organization_name = in.RequiredString("organization_name", NameRule());
  // Report a weak password together with any other bad field.
  if (!req.password.empty() && !req.email.empty()) {
    if (auto weak = service.PasswordWeakness(req.password, {req.email, {req.organization_name}})) {
      in.Fail("password", *weak);
    }
  }
  SYN_RETURN_IF_ERROR(in.Finish());
  SYN_ASSIGN_OR_RETURN(AuthSession session, service.SignUp(req, ClientOf(ctx.request)));
  return json::Reply(201, AuthSessionJson(session));
}

Result<http::Response> Login(AuthService& service, http::RouteContext& ctx) {
  SYN_ASSIGN_OR_RETURN(bj::object body, json::ParseObject(ctx.request));
  json::Reader in(body);
  std::string email = in.RequiredString("email", {.min_len = 1, .max_len = 254});
  std::string password = in.RequiredString("password", PasswordRule());
  SYN_RETURN_IF_ERROR(in.Finish());
  SYN_ASSIGN_OR_RETURN(AuthSession session, service.Login(email, password, ClientOf(ctx.request)));
  return json::Reply(200, AuthSessionJson(session));
}

Result<http::Response> Refresh(AuthService& service, http::RouteContext& ctx) {
  SYN_ASSIGN_OR_RETURN(bj::object body, json::ParseObject(ctx.request));
  json::Reader in(body);
  std::string token = in.RequiredString("refresh_token", {.min_len = 1, .max_len = 200});
  SYN_RETURN_IF_ERROR(in.Finish());
  SYN_ASSIGN_OR_RETURN(AuthSession session, service.Refresh(token));
  return json::Reply(200, AuthSessionJson(session));
}

Result<http::Response> SwitchOrganization(AuthService& service, http::RouteContext& ctx) {
  SYN_ASSIGN_OR_RETURN(bj::object body, json::ParseObject(ctx.request));
  json::Reader in(body);
  std::string org = in.RequiredString("organization_id", {.min_len = 1, .max_len = 64});
  SYN_RETURN_IF_ERROR(in.Finish());
  SYN_ASSIGN_OR_RETURN(AuthSession session, service.SwitchOrganization(ctx.who(), OrgId(org)));
  return json::Reply(200, AuthSessionJson(session));
}

}  // namespace

void AddSessionRoutes(http::Router& router, AuthService& service) {
  AuthService* s = &service;
  std::string session_schema = schema::AuthSession();

  http::Route signup =
      NewRoute(Method::kPost, "/api/v1/auth/signup", "Create an account and its organization", kTag,
               [s](http::RouteContext& c) { return SignUp(*s, c); });
  signup.access = Access::kPublic;
  signup.isolation = Isolation::kPublic;
  signup.rate_class = "auth";
  signup.doc.description =
      "Creates the user, an organization they own, and a session; queues an email-verification "
      "message. 409 when the email already has an account.";
  signup.doc.request_schema = schema::Object({{"email", schema::Email()},
                                              {"password", schema::Password()},
                                              {"name", schema::Name()},
                                              {"organization_name", schema::Name()}},
                                             {"email", "password", "name", "organization_name"});
  signup.doc.example_request =
      R"({"email":"ada@example.com","password":"correct horse battery staple",)"
      R"("name":"Ada Lovelace","organization_name":"Analytical Engines"})";
  signup.doc.response_schema = session_schema;
  signup.doc.success_status = 201;
  router.Add(std::move(signup));

  http::Route login =
      NewRoute(Method::kPost, "/api/v1/auth/login", "Sign in with email and password", kTag,
               [s](http::RouteContext& c) { return Login(*s, c); });
  login.access = Access::kPublic;
  login.isolation = Isolation::kPublic;
  login.rate_class = "auth";
  login.doc.description =
      "Signs in to the most recently used organization. Unknown email and wrong password give "
      "the same 401. Repeated failures are throttled per account and per IP (429 with "
      "Retry-After).";
  login.doc.request_schema = schema::Object(
      {{"email", schema::Email()}, {"password", R"({"type":"string"})"}}, {"email", "password"});
  login.doc.example_request =
      R"({"email":"ada@example.com","password":"correct horse battery staple"})";
  login.doc.response_schema = session_schema;
  router.Add(std::move(login));

  http::Route refresh = NewRoute(Method::kPost, "/api/v1/auth/refresh",
                                 "Exchange a refresh token for a new token pair", kTag,
                                 [s](http::RouteContext& c) { return Refresh(*s, c); });
  refresh.access = Access::kPublic;
  refresh.isolation = Isolation::kPublic;
  refresh.rate_class = "auth";
  refresh.doc.description =
      "Refresh tokens are single use. Presenting one that was already used revokes the whole "
      "session (every token issued from it) and answers 401.";
  refresh.doc.request_schema =
      schema::Object({{"refresh_token", R"({"type":"string"})"}}, {"refresh_token"});
  refresh.doc.example_request =
      R"({"refresh_token":"q2sQ4c0cG6nq0o6X6kQpGm7m1o2m3Y4v5w6x7y8z9A0"})";
  refresh.doc.response_schema = session_schema;
  router.Add(std::move(refresh));

  http::Route logout =
      NewRoute(Method::kPost, "/api/v1/auth/logout", "Sign out (revoke this session)", kTag,
               [s](http::RouteContext& c) -> Result<http::Response> {
                 SYN_RETURN_IF_ERROR(s->Logout(c.who()));
                 return http::Response::NoContent();
               });
  Guard(logout, Operation::kManageOwnAccount);
  logout.isolation = Isolation::kSelf;
  logout.doc.success_status = 204;
  router.Add(std::move(logout));

  http::Route sw = NewRoute(Method::kPost, "/api/v1/auth/switch-organization",
                            "Switch the session to another of your organizations", kTag,
                            [s](http::RouteContext& c) { return SwitchOrganization(*s, c); });
  Guard(sw, Operation::kManageOwnAccount);
  sw.isolation = Isolation::kSelf;
  sw.doc.description = "404 when you are not a member of that organization.";
  sw.doc.request_schema =
      schema::Object({{"organization_id", schema::String()}}, {"organization_id"});
  sw.doc.example_request = R"({"organization_id":"01890a5d-ac96-774b-bcce-b302099a8057"})";
  sw.doc.response_schema = session_schema;
  router.Add(std::move(sw));

  http::Route me = NewRoute(Method::kGet, "/api/v1/me", "Who am I", kTag,
                            [s](http::RouteContext& c) -> Result<http::Response> {
                              SYN_ASSIGN_OR_RETURN(Me who, s->GetMe(c.who()));
                              return json::Reply(200, MeJson(who));
                            });
  Guard(me, Operation::kReadOrganization);
  me.isolation = Isolation::kSelf;
  me.doc.description =
      "For a user token: the user, all memberships, the active organization and role. For an "
      "API key: the key (user is null).";
  me.doc.response_schema = schema::Me();
  router.Add(std::move(me));
}

}  // namespace syntera::auth::api
