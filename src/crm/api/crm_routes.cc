#include "crm/api/crm_routes.h"

#include "crm/api/route_groups.h"

namespace syntera::crm {

void AddCrmRoutes(http::Router& router, CrmService& service) {
  api::AddContactRoutes(router, service);
  api::AddCompanyRoutes(router, service);
  api::AddDealRoutes(router, service);
  api::AddTaskRoutes(router, service);
}

namespace api {

http::Route NewRoute(http::Method method, std::string path, std::string summary, Role min_role,
                     http::Isolation isolation, std::string resource, http::RouteHandler handler) {
  http::Route r;
  r.method = method;
  r.path = std::move(path);
  r.handler = std::move(handler);
  r.access = http::Access::kPrincipal;
  r.min_role = min_role;
  r.isolation = isolation;
  r.resource = std::move(resource);
  r.rate_class = "api";
  r.doc.summary = std::move(summary);
  r.doc.tag = kTag;
  return r;
}

}  // namespace api
}  // namespace syntera::crm
