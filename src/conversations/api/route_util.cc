#include "conversations/api/route_util.h"

namespace syntera::conversations::api {

http::Route StaffRoute(http::Method method, std::string path, std::string summary, Role min_role,
                       http::Isolation isolation, http::RouteHandler handler) {
  http::Route r;
  r.method = method;
  r.path = std::move(path);
  r.handler = std::move(handler);
  r.access = http::Access::kPrincipal;
  r.min_role = min_role;
  r.isolation = isolation;
  r.resource = kResource;
  r.rate_class = "api";
  r.doc.summary = std::move(summary);
  r.doc.tag = kTag;
  return r;
}

http::Route PublicRoute(http::Method method, std::string path, std::string summary,
                        http::Isolation isolation, http::RouteHandler handler) {
  http::Route r;
  r.method = method;
  r.path = std::move(path);
  r.handler = std::move(handler);
  r.access = http::Access::kPublic;
  r.isolation = isolation;
  r.rate_class = "api";
  r.doc.summary = std::move(summary);
  r.doc.tag = "widget";
  return r;
}

}  // namespace syntera::conversations::api
