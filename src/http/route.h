#pragma once
// Routes are data: every module exposes AddRoutes(Router&, ...) that appends Route values. The
// table drives dispatch, authentication and role checks, body limits, rate-limit classes, the
// OpenAPI document, `syntera routes`, and the generated tenant-isolation test.

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/principal.h"
#include "base/result.h"
#include "http/message.h"

namespace syntera::http {

enum class Access {
  kPublic,     // no credentials needed (health checks, sign-up, login)
  kPrincipal,  // a user access token or an API key whose role >= min_role
  kUserOnly,   // a user access token (not an API key) whose role >= min_role
};

// Which web origins a browser may call the route from (CORS).
enum class Cors {
  kConfigured,  // the origins of the cors_origins setting (the dashboard's own, by default)
  kAnyOrigin,   // any origin ("*"): public widget routes embedded on customers' sites. They
                // authenticate with a bearer token, never cookies, and check the page origin
                // themselves where it matters (widget sessions).
};

// How the generated tenant-isolation test treats a route. Every route must choose one; the
// default kUnclassified makes that test fail, so a route added later cannot be forgotten.
enum class Isolation {
  kUnclassified,
  kPublic,      // reaches no tenant data
  kSelf,        // acts only on the caller's own user, session or organization
  kCollection,  // lists or creates within the caller's organization
  kResource,    // addresses one resource by a path id; another organization's id answers 404
};

std::string_view AccessName(Access a);
std::string_view IsolationName(Isolation i);

// Documentation for the OpenAPI document. Schemas are JSON Schema texts (OpenAPI 3.1 dialect),
// empty when the route takes no body / returns no body.
struct RouteDoc {
  std::string summary;
  std::string tag;
  std::string description;
  std::string request_schema;
  std::string response_schema;
  int success_status = 200;
  std::vector<std::string> query_params;  // documented query parameters (names)
  // A valid request body (JSON text) for routes that take one. Shown in the docs and used by
  // the generated tenant-isolation test, so a foreign-id request is refused for its id, not
  // for a bad body.
  std::string example_request;
};

struct PathParam {
  std::string name;
  std::string value;
};

struct RouteContext {
  Request& request;
  const Principal* principal = nullptr;  // non-null unless the route is kPublic
  std::vector<PathParam> params;

  // Value of path parameter `name`; empty when absent (a bug in the route table).
  std::string_view Param(std::string_view name) const;
  // The principal; only call on non-public routes.
  const Principal& who() const { return *principal; }
};

using RouteHandler = std::function<Result<Response>(RouteContext&)>;

inline constexpr size_t kDefaultMaxBody = 1 << 20;  // API-CONVENTIONS: 1 MB JSON bodies

struct Route {
  Method method = Method::kGet;
  std::string path;  // template: "/api/v1/api-keys/{id}"
  RouteHandler handler;
  Access access = Access::kPrincipal;
  Role min_role = Role::kViewer;
  Isolation isolation = Isolation::kUnclassified;
  // For kResource / kCollection: the fixture name the isolation test uses to create a resource
  // in another organization (e.g. "api_key"). Also the OpenAPI operation group.
  std::string resource;
  size_t max_body_bytes = kDefaultMaxBody;
  std::string rate_class = "api";  // "auth" selects the stricter authentication limits
  Cors cors = Cors::kConfigured;
  // POST routes that create something: honour an Idempotency-Key header (http/idempotency.h).
  bool idempotent = false;
  RouteDoc doc;
};

}  // namespace syntera::http
