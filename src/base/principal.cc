#include "base/principal.h"

namespace syntera {

std::string_view RoleName(Role role) {
  switch (role) {
    case Role::kViewer: return "viewer";
    case Role::kMember: return "member";
    case Role::kAdmin: return "admin";
    case Role::kOwner: return "owner";
  }
  return "viewer";
}

std::optional<Role> ParseRole(std::string_view name) {
  if (name == "viewer") return Role::kViewer;
  if (name == "member") return Role::kMember;
  if (name == "admin") return Role::kAdmin;
  if (name == "owner") return Role::kOwner;
  return std::nullopt;
}

std::string Principal::credential_id() const {
  switch (kind) {
    case CredentialKind::kApiKey: return "key:" + api_key_id;
    case CredentialKind::kVisitor: return "visitor:" + visitor_id;
    case CredentialKind::kUserToken: break;
  }
  return "user:" + user_id.str();
}

}  // namespace syntera
