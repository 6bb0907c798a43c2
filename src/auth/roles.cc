#include "auth/roles.h"

#include <array>

namespace syntera::auth {
namespace {

constexpr std::array<Permission, 9> kPermissions = {{
    {Operation::kReadOrganization, "read_organization", Role::kViewer, false},
    {Operation::kUpdateOrganization, "update_organization", Role::kAdmin, false},
    {Operation::kListMembers, "list_members", Role::kViewer, false},
    {Operation::kChangeMemberRole, "change_member_role", Role::kAdmin, true},
    {Operation::kRemoveMember, "remove_member", Role::kAdmin, true},
    {Operation::kListInvitations, "list_invitations", Role::kAdmin, false},
    {Operation::kManageInvitations, "manage_invitations", Role::kAdmin, true},
    {Operation::kManageApiKeys, "manage_api_keys", Role::kAdmin, true},
    {Operation::kManageOwnAccount, "manage_own_account", Role::kViewer, true},
}};

}  // namespace

bool UserOnly(Operation operation) {
  return kPermissions[static_cast<size_t>(operation)].user_only;
}

std::span<const Permission> Permissions() { return kPermissions; }

Role MinRole(Operation operation) { return kPermissions[static_cast<size_t>(operation)].min_role; }

}  // namespace syntera::auth
