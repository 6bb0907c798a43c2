#include "auth/api/auth_routes.h"

#include "auth/api/route_groups.h"

namespace syntera::auth {

void AddAuthRoutes(http::Router& router, AuthService& service) {
  api::AddSessionRoutes(router, service);
  api::AddAccountRoutes(router, service);
  api::AddOrganizationRoutes(router, service);
  api::AddInvitationRoutes(router, service);
  api::AddApiKeyRoutes(router, service);
}

namespace api {

void Guard(http::Route& route, Operation operation) {
  route.access = UserOnly(operation) ? http::Access::kUserOnly : http::Access::kPrincipal;
  route.min_role = MinRole(operation);
}

http::Route NewRoute(http::Method method, std::string path, std::string summary, std::string tag,
                     http::RouteHandler handler) {
  http::Route r;
  r.method = method;
  r.path = std::move(path);
  r.handler = std::move(handler);
  r.doc.summary = std::move(summary);
  r.doc.tag = std::move(tag);
  return r;
}

}  // namespace api
}  // namespace syntera::auth
