#pragma once
// The auth routes by concern (private to the auth API target); AddAuthRoutes calls them all.

#include <string>

#include "auth/roles.h"
#include "http/router.h"

namespace syntera::auth {
class AuthService;
}

namespace syntera::auth::api {

void AddSessionRoutes(http::Router& router, AuthService& service);
void AddAccountRoutes(http::Router& router, AuthService& service);
void AddOrganizationRoutes(http::Router& router, AuthService& service);
void AddInvitationRoutes(http::Router& router, AuthService& service);
void AddApiKeyRoutes(http::Router& router, AuthService& service);

// Sets the route's access (principal or user-only) and minimum role from the role table.
void Guard(http::Route& route, Operation operation);

// A route with the fields every auth route sets; callers fill access, roles and docs.
http::Route NewRoute(http::Method method, std::string path, std::string summary, std::string tag,
                     http::RouteHandler handler);

}  // namespace syntera::auth::api
