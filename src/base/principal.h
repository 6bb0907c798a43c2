#pragma once
// Who is calling. Built only by authentication (auth module) and passed to every service; the
// organization of a request comes from here and nowhere else.

#include <optional>
#include <string>
#include <string_view>

#include "base/ids.h"

namespace syntera {

// Ordered: a higher role can do everything a lower one can. What each role may do is decided
// per route (Route::min_role) and documented in auth/roles.h.
enum class Role { kViewer = 0, kMember = 1, kAdmin = 2, kOwner = 3 };

std::string_view RoleName(Role role);
std::optional<Role> ParseRole(std::string_view name);
inline bool RoleAtLeast(Role have, Role need) {
  return static_cast<int>(have) >= static_cast<int>(need);
}

// kVisitor: a widget visitor's signed session token (conversations module). Visitors are
// accepted only by the realtime handshake and the widget routes, never by the HTTP
// pipeline's authenticator; their role is kViewer and their user_id is empty.
enum class CredentialKind { kUserToken, kApiKey, kVisitor };

struct Principal {
  CredentialKind kind = CredentialKind::kUserToken;
  OrgId org_id;
  Role role = Role::kViewer;
  UserId user_id;          // set for kUserToken; empty for API keys
  std::string session_id;  // set for kUserToken
  std::string api_key_id;  // set for kApiKey
  std::string visitor_id;  // set for kVisitor
  // Stable identifier for rate limiting and logs ("user:<id>" / "key:<id>" /
  // "visitor:<id>"); never a secret.
  std::string credential_id() const;
};

}  // namespace syntera
