#pragma once
// What each role may do with the auth module's operations: THE one table. Routes take their
// Route::min_role from MinRole(); the service re-checks it, plus the rules that depend on data
// (role ceilings, the last owner).
//
//   operation            viewer member admin owner  API keys  notes
//   read_organization      x      x     x     x       yes     GET /organization, /me
//   update_organization                 x     x       yes     PATCH /organization (name)
//   list_members           x      x     x     x       yes
//   change_member_role                  x     x       no      never above the actor's role,
//   remove_member                       x     x       no      never on a member ranked above
//                                                             the actor, never the last owner
//   list_invitations                    x     x       yes     invitations carry emails
//   manage_invitations                  x     x       no      role <= the inviter's role
//   manage_api_keys                     x     x       no      key role <= the creator's role
//   manage_own_account     x      x     x     x       no      password, logout, switch org
//
// "API keys: no" means user tokens only (Access::kUserOnly): whatever changes who can get in
// (members, invitations, keys) is done by an accountable person, and a leaked key cannot mint
// more keys.

#include <span>
#include <string_view>

#include "base/principal.h"

namespace syntera::auth {

enum class Operation {
  kReadOrganization,
  kUpdateOrganization,
  kListMembers,
  kChangeMemberRole,
  kRemoveMember,
  kListInvitations,
  kManageInvitations,
  kManageApiKeys,
  kManageOwnAccount,
};

struct Permission {
  Operation operation;
  std::string_view name;  // snake_case, e.g. "manage_api_keys"
  Role min_role;
  bool user_only;  // true: user tokens only, never API keys
};

// The whole table above, one row per Operation, in enum order.
std::span<const Permission> Permissions();

// The lowest role allowed to perform `operation`.
Role MinRole(Operation operation);
// True when the operation needs a signed-in user (API keys are refused).
bool UserOnly(Operation operation);
// True when `principal` may perform `operation` (role and credential kind).
inline bool Allows(const Principal& principal, Operation operation) {
  return RoleAtLeast(principal.role, MinRole(operation)) &&
         !(UserOnly(operation) && principal.kind != CredentialKind::kUserToken);
}

// True when `actor` may hand out `granted` (invite with it, create an API key with it, or set
// a member to it): never a role above the actor's own.
inline bool MayGrant(Role actor, Role granted) { return RoleAtLeast(actor, granted); }

// True when `actor` may change or remove a member whose current role is `target`: an admin
// cannot touch an owner.
inline bool MayManageMember(Role actor, Role target) { return RoleAtLeast(actor, target); }

}  // namespace syntera::auth
