// Routes: organization API keys.

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

constexpr char kTag[] = "api-keys";

Result<http::Response> Create(AuthService& service, http::RouteContext& ctx) {
  SYN_ASSIGN_OR_RETURN(bj::object body, json::ParseObject(ctx.request));
  json::Reader in(body);
  std::string name = in.RequiredString("name", NameRule());
  Role role = RequiredRole(in, "role");
  SYN_RETURN_IF_ERROR(in.Finish());
  SYN_ASSIGN_OR_RETURN(NewApiKey created, service.CreateApiKey(ctx.who(), name, role));
  bj::object out = ApiKeyJson(created.key);
  out["secret"] = created.secret;
  return json::Reply(201, out);
}

http::Route KeyRoute(Method method, std::string path, std::string summary,
                     http::RouteHandler handler) {
  http::Route r = NewRoute(method, std::move(path), std::move(summary), kTag, std::move(handler));
  Guard(r, Operation::kManageApiKeys);
  r.resource = "api_key";
  return r;
}

}  // namespace

void AddApiKeyRoutes(http::Router& router, AuthService& service) {
  AuthService* s = &service;

  http::Route create = KeyRoute(Method::kPost, "/api/v1/api-keys", "Create an API key",
                                [s](http::RouteContext& c) { return Create(*s, c); });
  create.isolation = Isolation::kCollection;
  create.doc.description =
      "The secret (sk_…) is in this response only; it is stored hashed. Use it as "
      "`Authorization: Bearer <secret>`. The key's role may not exceed yours (403).";
  create.doc.request_schema =
      schema::Object({{"name", schema::Name()}, {"role", schema::RoleEnum()}}, {"name", "role"});
  create.doc.example_request = R"({"name":"CRM sync","role":"member"})";
  create.doc.response_schema = schema::NewApiKey();
  create.doc.success_status = 201;
  router.Add(std::move(create));

  http::Route list =
      KeyRoute(Method::kGet, "/api/v1/api-keys", "List API keys",
               [s](http::RouteContext& c) -> Result<http::Response> {
                 SYN_ASSIGN_OR_RETURN(PageRequest page, ParsePageRequest(c.request));
                 SYN_ASSIGN_OR_RETURN(Page<ApiKey> keys, s->ListApiKeys(c.who(), page));
                 return PageReply(keys, ApiKeyJson);
               });
  list.isolation = Isolation::kCollection;
  list.doc.description = "Newest first, revoked keys included. Secrets are never listed.";
  list.doc.query_params = {"limit", "cursor"};
  list.doc.response_schema = schema::ListOf(schema::ApiKey());
  router.Add(std::move(list));

  http::Route get =
      KeyRoute(Method::kGet, "/api/v1/api-keys/{id}", "Get an API key",
               [s](http::RouteContext& c) -> Result<http::Response> {
                 SYN_ASSIGN_OR_RETURN(ApiKey key, s->GetApiKey(c.who(), c.Param("id")));
                 return json::Reply(200, ApiKeyJson(key));
               });
  get.isolation = Isolation::kResource;
  get.doc.response_schema = schema::ApiKey();
  router.Add(std::move(get));

  http::Route revoke = KeyRoute(Method::kDelete, "/api/v1/api-keys/{id}", "Revoke an API key",
                                [s](http::RouteContext& c) -> Result<http::Response> {
                                  SYN_RETURN_IF_ERROR(s->RevokeApiKey(c.who(), c.Param("id")));
                                  return http::Response::NoContent();
                                });
  revoke.isolation = Isolation::kResource;
  revoke.doc.description = "Takes effect on the next request made with the key.";
  revoke.doc.success_status = 204;
  router.Add(std::move(revoke));
}

}  // namespace syntera::auth::api
