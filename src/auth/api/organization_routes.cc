// Routes: the caller's organization and its members.

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

constexpr char kTag[] = "organization";

Result<http::Response> PatchOrganization(AuthService& service, http::RouteContext& ctx) {
  SYN_ASSIGN_OR_RETURN(bj::object body, json::ParseObject(ctx.request));
  json::Reader in(body);
  std::optional<std::string> name = in.OptionalString("name", NameRule());
  SYN_RETURN_IF_ERROR(in.Finish());
  // PATCH carries only the fields to change; without any it just answers the resource.
  SYN_ASSIGN_OR_RETURN(Organization org, name ? service.UpdateOrganization(ctx.who(), *name)
                                              : service.GetOrganization(ctx.who()));
  return json::Reply(200, OrganizationJson(org));
}

Result<http::Response> PatchMember(AuthService& service, http::RouteContext& ctx) {
  SYN_ASSIGN_OR_RETURN(bj::object body, json::ParseObject(ctx.request));
  json::Reader in(body);
  Role role = RequiredRole(in, "role");
  SYN_RETURN_IF_ERROR(in.Finish());
  SYN_ASSIGN_OR_RETURN(
      Member member,
      service.ChangeMemberRole(ctx.who(), UserId(std::string(ctx.Param("user_id"))), role));
  return json::Reply(200, MemberJson(member));
}

}  // namespace

void AddOrganizationRoutes(http::Router& router, AuthService& service) {
  AuthService* s = &service;

  http::Route get = NewRoute(Method::kGet, "/api/v1/organization", "Your organization", kTag,
                             [s](http::RouteContext& c) -> Result<http::Response> {
                               SYN_ASSIGN_OR_RETURN(Organization org, s->GetOrganization(c.who()));
                               return json::Reply(200, OrganizationJson(org));
                             });
  Guard(get, Operation::kReadOrganization);
  get.isolation = Isolation::kSelf;
  get.doc.response_schema = schema::Organization();
  router.Add(std::move(get));

  http::Route patch =
      NewRoute(Method::kPatch, "/api/v1/organization", "Rename your organization", kTag,
               [s](http::RouteContext& c) { return PatchOrganization(*s, c); });
  Guard(patch, Operation::kUpdateOrganization);
  patch.isolation = Isolation::kSelf;
  patch.doc.request_schema = schema::Object({{"name", schema::Name()}});
  patch.doc.example_request = R"({"name":"Analytical Engines Ltd"})";
  patch.doc.response_schema = schema::Organization();
  router.Add(std::move(patch));

  http::Route list =
      NewRoute(Method::kGet, "/api/v1/members", "List the members", kTag,
               [s](http::RouteContext& c) -> Result<http::Response> {
                 SYN_ASSIGN_OR_RETURN(PageRequest page, ParsePageRequest(c.request));
                 SYN_ASSIGN_OR_RETURN(Page<Member> members, s->ListMembers(c.who(), page));
                 return PageReply(members, MemberJson);
               });
  Guard(list, Operation::kListMembers);
  list.isolation = Isolation::kCollection;
  list.resource = "member";
  list.doc.description = "Oldest member first.";
  list.doc.query_params = {"limit", "cursor"};
  list.doc.response_schema = schema::ListOf(schema::Member());
  router.Add(std::move(list));

  http::Route change =
      NewRoute(Method::kPatch, "/api/v1/members/{user_id}", "Change a member's role", kTag,
               [s](http::RouteContext& c) { return PatchMember(*s, c); });
  Guard(change, Operation::kChangeMemberRole);
  change.isolation = Isolation::kResource;
  change.resource = "member";
  change.doc.description =
      "Never above your own role, never on a member ranked above you; the last owner cannot be "
      "demoted (422).";
  change.doc.request_schema = schema::Object({{"role", schema::RoleEnum()}}, {"role"});
  change.doc.example_request = R"({"role":"viewer"})";
  change.doc.response_schema = schema::Member();
  router.Add(std::move(change));

  http::Route remove = NewRoute(
      Method::kDelete, "/api/v1/members/{user_id}", "Remove a member", kTag,
      [s](http::RouteContext& c) -> Result<http::Response> {
        SYN_RETURN_IF_ERROR(s->RemoveMember(c.who(), UserId(std::string(c.Param("user_id")))));
        return http::Response::NoContent();
      });
  Guard(remove, Operation::kRemoveMember);
  remove.isolation = Isolation::kResource;
  remove.resource = "member";
  remove.doc.description =
      "Signs the member out of this organization at once. The last owner cannot be removed (422).";
  remove.doc.success_status = 204;
  router.Add(std::move(remove));
}

}  // namespace syntera::auth::api
