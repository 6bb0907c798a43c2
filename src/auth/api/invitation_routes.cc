// Routes: invitations (create, list, resend, revoke, accept).

#include "auth/api/codec.h"
#include "auth/api/route_groups.h"
#include "auth/api/schemas.h"
#include "auth/auth_service.h"
#include "base/encoding.h"

namespace syntera::auth::api {
namespace {

using http::Access;
using http::Isolation;
using http::Method;
namespace bj = boost::json;

constexpr char kTag[] = "invitations";

Result<http::Response> Create(AuthService& service, http::RouteContext& ctx) {
  SYN_ASSIGN_OR_RETURN(bj::object body, json::ParseObject(ctx.request));
  json::Reader in(body);
  std::string email = in.RequiredEmail("email");
  Role role = RequiredRole(in, "role");
  SYN_RETURN_IF_ERROR(in.Finish());
  SYN_ASSIGN_OR_RETURN(Invitation inv, service.CreateInvitation(ctx.who(), email, role));
  return json::Reply(201, InvitationJson(inv));
}

// The bearer token of an optional Authorization header; empty when there is none.
std::string_view OptionalBearer(const http::Request& request) {
  auto h = request.headers.Get("Authorization");
  if (!h) return {};
  std::string_view v = TrimAscii(*h);
  if (v.size() < 7 || ToLowerAscii(v.substr(0, 7)) != "bearer ") return {};
  return TrimAscii(v.substr(7));
}

// Public route that also accepts a user token: with one, the signed-in user joins; without,
// a new account is created for the invited email.
Result<http::Response> Accept(AuthService& service, http::RouteContext& ctx) {
  SYN_ASSIGN_OR_RETURN(bj::object body, json::ParseObject(ctx.request));
  json::Reader in(body);
  std::string token = in.RequiredString("token", {.min_len = 1, .max_len = 200});
  if (std::string_view bearer = OptionalBearer(ctx.request); !bearer.empty()) {
    SYN_RETURN_IF_ERROR(in.Finish());
    SYN_ASSIGN_OR_RETURN(Principal who, service.Authenticate(bearer));
    SYN_ASSIGN_OR_RETURN(Membership m, service.AcceptInvitationAsUser(who, token));
    return json::Reply(200, MembershipJson(m));
  }
  std::string password = in.RequiredString("password", PasswordRule());
  std::string name = in.RequiredString("name", NameRule());
  SYN_RETURN_IF_ERROR(in.Finish());
  SYN_ASSIGN_OR_RETURN(AuthSession session, service.AcceptInvitationAsNewUser(
                                                token, password, name, ClientOf(ctx.request)));
  return json::Reply(201, AuthSessionJson(session));
}

}  // namespace

void AddInvitationRoutes(http::Router& router, AuthService& service) {
  AuthService* s = &service;

  http::Route create = NewRoute(Method::kPost, "/api/v1/invitations", "Invite someone by email",
                                kTag, [s](http::RouteContext& c) { return Create(*s, c); });
  Guard(create, Operation::kManageInvitations);
  create.isolation = Isolation::kCollection;
  create.resource = "invitation";
  create.doc.description =
      "Emails a link valid for 7 days. The role may not exceed yours (403). 409 when the person "
      "is already a member or an invitation is pending.";
  create.doc.request_schema =
      schema::Object({{"email", schema::Email()}, {"role", schema::RoleEnum()}}, {"email", "role"});
  create.doc.example_request = R"({"email":"grace@example.com","role":"member"})";
  create.doc.response_schema = schema::Invitation();
  create.doc.success_status = 201;
  router.Add(std::move(create));

  http::Route list =
      NewRoute(Method::kGet, "/api/v1/invitations", "List invitations", kTag,
               [s](http::RouteContext& c) -> Result<http::Response> {
                 SYN_ASSIGN_OR_RETURN(PageRequest page, ParsePageRequest(c.request));
                 SYN_ASSIGN_OR_RETURN(Page<Invitation> invs, s->ListInvitations(c.who(), page));
                 return PageReply(invs, InvitationJson);
               });
  Guard(list, Operation::kListInvitations);
  list.isolation = Isolation::kCollection;
  list.resource = "invitation";
  list.doc.description = "Newest first, every status (pending, accepted, revoked, expired).";
  list.doc.query_params = {"limit", "cursor"};
  list.doc.response_schema = schema::ListOf(schema::Invitation());
  router.Add(std::move(list));

  http::Route resend = NewRoute(
      Method::kPost, "/api/v1/invitations/{id}/resend", "Send an invitation again with a new link",
      kTag, [s](http::RouteContext& c) -> Result<http::Response> {
        SYN_ASSIGN_OR_RETURN(Invitation inv, s->ResendInvitation(c.who(), c.Param("id")));
        return json::Reply(200, InvitationJson(inv));
      });
  Guard(resend, Operation::kManageInvitations);
  resend.isolation = Isolation::kResource;
  resend.resource = "invitation";
  resend.doc.description = "The previous link stops working. 422 once accepted or revoked.";
  resend.doc.response_schema = schema::Invitation();
  router.Add(std::move(resend));

  http::Route revoke = NewRoute(Method::kDelete, "/api/v1/invitations/{id}", "Revoke an invitation",
                                kTag, [s](http::RouteContext& c) -> Result<http::Response> {
                                  SYN_RETURN_IF_ERROR(s->RevokeInvitation(c.who(), c.Param("id")));
                                  return http::Response::NoContent();
                                });
  Guard(revoke, Operation::kManageInvitations);
  revoke.isolation = Isolation::kResource;
  revoke.resource = "invitation";
  revoke.doc.success_status = 204;
  router.Add(std::move(revoke));

  http::Route accept = NewRoute(Method::kPost, "/api/v1/invitations/accept", "Accept an invitation",
                                kTag, [s](http::RouteContext& c) { return Accept(*s, c); });
  accept.access = Access::kPublic;
  accept.isolation = Isolation::kSelf;
  accept.rate_class = "auth";
  accept.doc.description =
      "Without credentials: creates the account for the invited email ({token, password, name}) "
      "and answers 201 with a signed-in session. With a user's bearer token: that user (whose "
      "email must match, else 403) joins the organization; answers 200 with the membership.";
  accept.doc.request_schema = schema::Object(
      {{"token", schema::Token()}, {"password", schema::Password()}, {"name", schema::Name()}},
      {"token"});
  accept.doc.example_request =
      R"({"token":"q2sQ4c0cG6nq0o6X6kQpGm7m1o2m3Y4v5w6x7y8z9A0",)"
      R"("password":"correct horse battery staple","name":"Grace Hopper"})";
  accept.doc.response_schema =
      R"({"oneOf":[)" + schema::AuthSession() + "," +
      schema::Object({{"organization", schema::Organization()}, {"role", schema::RoleEnum()}},
                     {"organization", "role"}) +
      "]}";
  accept.doc.success_status = 201;
  router.Add(std::move(accept));
}

}  // namespace syntera::auth::api
