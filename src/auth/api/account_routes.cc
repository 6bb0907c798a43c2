// Routes: change password, password reset, email verification.

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

http::Response Accepted(std::string message) {
  return json::Reply(202, bj::object{{"message", std::move(message)}});
}

Result<http::Response> ChangePassword(AuthService& service, http::RouteContext& ctx) {
  SYN_ASSIGN_OR_RETURN(bj::object body, json::ParseObject(ctx.request));
  json::Reader in(body);
  std::string current = in.RequiredString("current_password", PasswordRule());
  std::string next = in.RequiredString("password", PasswordRule());
  SYN_RETURN_IF_ERROR(in.Finish());
  SYN_RETURN_IF_ERROR(service.ChangePassword(ctx.who(), current, next));
  return http::Response::NoContent();
}

Result<http::Response> RequestReset(AuthService& service, http::RouteContext& ctx) {
  SYN_ASSIGN_OR_RETURN(bj::object body, json::ParseObject(ctx.request));
  json::Reader in(body);
  std::string email = in.RequiredEmail("email");
  SYN_RETURN_IF_ERROR(in.Finish());
  SYN_RETURN_IF_ERROR(service.RequestPasswordReset(email));
  return Accepted("if an account exists for this email, a reset link is on its way");
}

Result<http::Response> ConfirmReset(AuthService& service, http::RouteContext& ctx) {
  SYN_ASSIGN_OR_RETURN(bj::object body, json::ParseObject(ctx.request));
  json::Reader in(body);
  std::string token = in.RequiredString("token", {.min_len = 1, .max_len = 200});
  std::string password = in.RequiredString("password", PasswordRule());
  SYN_RETURN_IF_ERROR(in.Finish());
  SYN_RETURN_IF_ERROR(service.ResetPassword(token, password));
  return http::Response::NoContent();
}

Result<http::Response> ConfirmEmail(AuthService& service, http::RouteContext& ctx) {
  SYN_ASSIGN_OR_RETURN(bj::object body, json::ParseObject(ctx.request));
  json::Reader in(body);
  std::string token = in.RequiredString("token", {.min_len = 1, .max_len = 200});
  SYN_RETURN_IF_ERROR(in.Finish());
  SYN_RETURN_IF_ERROR(service.VerifyEmail(token));
  return http::Response::NoContent();
}

}  // namespace

void AddAccountRoutes(http::Router& router, AuthService& service) {
  AuthService* s = &service;

  http::Route change = NewRoute(Method::kPost, "/api/v1/auth/password", "Change your password",
                                kTag, [s](http::RouteContext& c) { return ChangePassword(*s, c); });
  Guard(change, Operation::kManageOwnAccount);
  change.isolation = Isolation::kSelf;
  change.rate_class = "auth";
  change.doc.description =
      "Needs the current password (400 on current_password when wrong; repeated failures are "
      "throttled like logins). Signs out every other session.";
  change.doc.request_schema = schema::Object(
      {{"current_password", R"({"type":"string"})"}, {"password", schema::Password()}},
      {"current_password", "password"});
  change.doc.example_request = R"({"current_password":"correct horse battery staple",)"
                               R"("password":"a new long passphrase 42"})";
  change.doc.success_status = 204;
  router.Add(std::move(change));

  http::Route request =
      NewRoute(Method::kPost, "/api/v1/auth/password-reset/request", "Email a password-reset link",
               kTag, [s](http::RouteContext& c) { return RequestReset(*s, c); });
  request.access = Access::kPublic;
  request.isolation = Isolation::kPublic;
  request.rate_class = "auth";
  request.doc.description =
      "Always 202, whether or not the email has an account. The link works once, for one hour.";
  request.doc.request_schema = schema::Object({{"email", schema::Email()}}, {"email"});
  request.doc.example_request = R"({"email":"ada@example.com"})";
  request.doc.response_schema = schema::Message();
  request.doc.success_status = 202;
  router.Add(std::move(request));

  http::Route confirm = NewRoute(Method::kPost, "/api/v1/auth/password-reset/confirm",
                                 "Set a new password with a reset token", kTag,
                                 [s](http::RouteContext& c) { return ConfirmReset(*s, c); });
  confirm.access = Access::kPublic;
  confirm.isolation = Isolation::kPublic;
  confirm.rate_class = "auth";
  confirm.doc.description = "Signs out every session of the account.";
  confirm.doc.request_schema = schema::Object(
      {{"token", schema::Token()}, {"password", schema::Password()}}, {"token", "password"});
  confirm.doc.example_request = R"({"token":"q2sQ4c0cG6nq0o6X6kQpGm7m1o2m3Y4v5w6x7y8z9A0",)"
                                R"("password":"a new long passphrase 42"})";
  confirm.doc.success_status = 204;
  router.Add(std::move(confirm));

  http::Route verify_request = NewRoute(
      Method::kPost, "/api/v1/auth/verify-email/request", "Email a new verification link", kTag,
      [s](http::RouteContext& c) -> Result<http::Response> {
        SYN_RETURN_IF_ERROR(s->RequestEmailVerification(c.who()));
        return Accepted("a verification link is on its way unless the email is already verified");
      });
  Guard(verify_request, Operation::kManageOwnAccount);
  verify_request.isolation = Isolation::kSelf;
  verify_request.rate_class = "auth";
  verify_request.doc.response_schema = schema::Message();
  verify_request.doc.success_status = 202;
  router.Add(std::move(verify_request));

  http::Route verify = NewRoute(Method::kPost, "/api/v1/auth/verify-email/confirm",
                                "Confirm your email address with the emailed token", kTag,
                                [s](http::RouteContext& c) { return ConfirmEmail(*s, c); });
  verify.access = Access::kPublic;
  verify.isolation = Isolation::kPublic;
  verify.rate_class = "auth";
  verify.doc.request_schema = schema::Object({{"token", schema::Token()}}, {"token"});
  verify.doc.example_request = R"({"token":"q2sQ4c0cG6nq0o6X6kQpGm7m1o2m3Y4v5w6x7y8z9A0"})";
  verify.doc.success_status = 204;
  router.Add(std::move(verify));
}

}  // namespace syntera::auth::api
