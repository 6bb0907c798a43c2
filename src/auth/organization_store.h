#pragma once
// SQL for `organizations` and `memberships`. Reads of one organization's data run in that
// organization's tenant scope; reads across a user's organizations (login, /me) run in system
// scope.

#include <optional>
#include <string_view>
#include <vector>

#include "auth/auth_types.h"
#include "base/result.h"
#include "db/database.h"

namespace syntera::auth::store {

// Inserts the organization unless its slug is taken (then returns false and changes nothing,
// without aborting the transaction, so the caller can retry with another slug).
Result<bool> TryInsertOrganization(db::Tx& tx, const Organization& org);
Result<std::optional<Organization>> FindOrganization(db::Tx& tx, const OrgId& id);
Result<void> UpdateOrganizationName(db::Tx& tx, const OrgId& id, std::string_view name);

// Errors: kConflict when the user is already a member.
Result<void> InsertMembership(db::Tx& tx, const OrgId& org, const UserId& user, Role role,
                              Timestamp now);
// The user's memberships with their organizations, oldest first.
Result<std::vector<Membership>> ListMembershipsOfUser(db::Tx& tx, const UserId& user);
// Where a login lands: the organization of the user's most recently used session that is
// still a membership, otherwise the oldest membership; nullopt for a user without any.
Result<std::optional<Membership>> PreferredMembership(db::Tx& tx, const UserId& user);
Result<std::optional<Membership>> FindMembership(db::Tx& tx, const OrgId& org, const UserId& user);

Result<Page<Member>> ListMembers(db::Tx& tx, const OrgId& org, const PageRequest& page);
Result<std::optional<Member>> FindMember(db::Tx& tx, const OrgId& org, const UserId& user);
Result<bool> IsMemberByEmail(db::Tx& tx, const OrgId& org, std::string_view email);
Result<void> UpdateMemberRole(db::Tx& tx, const OrgId& org, const UserId& user, Role role);
Result<void> DeleteMembership(db::Tx& tx, const OrgId& org, const UserId& user);
// Number of owners; on PostgreSQL also locks their rows until the transaction ends, so two
// concurrent demotions cannot leave an organization without an owner.
Result<int64_t> CountOwnersLocked(db::Tx& tx, const OrgId& org);

}  // namespace syntera::auth::store
