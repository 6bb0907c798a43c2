#pragma once
// The HTTP routes of the auth module (identity and tenancy), all under /api/v1:
//   auth/signup, auth/login, auth/refresh, auth/logout, auth/switch-organization,
//   auth/password, auth/password-reset/{request,confirm}, auth/verify-email/{request,confirm},
//   me, organization, members[/{user_id}], invitations[/{id}[/resend]], invitations/accept,
//   api-keys[/{id}].
// Each route is fully classified (access, minimum role, isolation, resource fixture name:
// "member", "invitation", "api_key") and documented for the OpenAPI document.

#include "http/router.h"

namespace syntera::auth {

class AuthService;

// Appends the routes. `service` must outlive the router.
void AddAuthRoutes(http::Router& router, AuthService& service);

}  // namespace syntera::auth
