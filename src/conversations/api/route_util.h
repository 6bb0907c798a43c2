#pragma once
// Route construction helpers shared by the conversations route files (private).

#include <string>

#include "base/principal.h"
#include "http/router.h"

namespace syntera::conversations::api {

inline constexpr char kTag[] = "conversations";
inline constexpr char kResource[] = "conversation";

// A staff route: principal access, `min_role`, rate class "api", tag "conversations".
http::Route StaffRoute(http::Method method, std::string path, std::string summary, Role min_role,
                       http::Isolation isolation, http::RouteHandler handler);

// A public route (widget): no pipeline authentication, isolation kSelf (or kPublic).
http::Route PublicRoute(http::Method method, std::string path, std::string summary,
                        http::Isolation isolation, http::RouteHandler handler);

}  // namespace syntera::conversations::api
