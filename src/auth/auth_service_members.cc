// AuthService: the organization and its members.

#include "auth/auth_service.h"
#include "auth/organization_store.h"
#include "auth/session_store.h"
#include "auth/validation.h"
#include "base/encoding.h"
#include "obs/logger.h"

namespace syntera::auth {
namespace {

Error MemberNotFound() { return NotFound("member not found"); }

// The last-owner rule shared by role changes and removals: `target` may stop being an owner
// only when another owner remains.
Result<void> KeepAnOwner(db::Tx& tx, const OrgId& org, Role target_role) {
  if (target_role != Role::kOwner) return Ok();
  SYN_ASSIGN_OR_RETURN(int64_t owners, store::CountOwnersLocked(tx, org));
  if (owners <= 1) {
    return FailedPrecondition("the organization must keep at least one owner");
  }
  return Ok();
}

}  // namespace

Result<Organization> AuthService::GetOrganization(const Principal& principal) {
  SYN_RETURN_IF_ERROR(Require(principal, Operation::kReadOrganization));
  return db::InTx(db_, db::Scope::Tenant(principal.org_id.str()), db::TxMode::kRead,
                  [&](db::Tx& tx) -> Result<Organization> {
                    SYN_ASSIGN_OR_RETURN(auto org, store::FindOrganization(tx, principal.org_id));
                    if (!org) return NotFound("organization not found");
                    return std::move(*org);
                  });
}

Result<Organization> AuthService::UpdateOrganization(const Principal& principal,
                                                     std::string_view name_in) {
  SYN_RETURN_IF_ERROR(Require(principal, Operation::kUpdateOrganization));
  std::string name(TrimAscii(name_in));
  FieldProblems problems;
  problems.Add("name", NameProblem(name));
  SYN_RETURN_IF_ERROR(problems.Finish());
  return db::InTx(db_, db::Scope::Tenant(principal.org_id.str()), db::TxMode::kWrite,
                  [&](db::Tx& tx) -> Result<Organization> {
                    SYN_RETURN_IF_ERROR(store::UpdateOrganizationName(tx, principal.org_id, name));
                    SYN_ASSIGN_OR_RETURN(auto org, store::FindOrganization(tx, principal.org_id));
                    if (!org) return NotFound("organization not found");
                    return std::move(*org);
                  });
}

Result<Page<Member>> AuthService::ListMembers(const Principal& principal, const PageRequest& page) {
  SYN_RETURN_IF_ERROR(Require(principal, Operation::kListMembers));
  return db::InTx(db_, db::Scope::Tenant(principal.org_id.str()), db::TxMode::kRead,
                  [&](db::Tx& tx) { return store::ListMembers(tx, principal.org_id, page); });
}

Result<Member> AuthService::ChangeMemberRole(const Principal& principal, const UserId& user,
                                             Role role) {
  SYN_RETURN_IF_ERROR(Require(principal, Operation::kChangeMemberRole));
  const OrgId& org = principal.org_id;
  auto work = [&](db::Tx& tx) -> Result<Member> {
    SYN_ASSIGN_OR_RETURN(auto member, store::FindMember(tx, org, user));
    if (!member) return MemberNotFound();
    if (!MayManageMember(principal.role, member->role)) {
      return PermissionDenied("you cannot change the role of a member ranked above you");
    }
    if (!MayGrant(principal.role, role)) {
      return PermissionDenied("you cannot give a role above your own");
    }
    if (member->role == role) return std::move(*member);
    if (role != Role::kOwner) SYN_RETURN_IF_ERROR(KeepAnOwner(tx, org, member->role));
    SYN_RETURN_IF_ERROR(store::UpdateMemberRole(tx, org, user, role));
    member->role = role;
    return std::move(*member);
  };
  SYN_ASSIGN_OR_RETURN(Member member,
                       db::InTx(db_, db::Scope::Tenant(org.str()), db::TxMode::kWrite, work));
  logger_.Info("member_role_changed", {{"org_id", org.str()},
                                       {"user_id", user.str()},
                                       {"role", RoleName(role)},
                                       {"by", principal.credential_id()}});
  return member;
}

Result<void> AuthService::RemoveMember(const Principal& principal, const UserId& user) {
  SYN_RETURN_IF_ERROR(Require(principal, Operation::kRemoveMember));
  const OrgId& org = principal.org_id;
  auto work = [&](db::Tx& tx) -> Result<void> {
    SYN_ASSIGN_OR_RETURN(auto member, store::FindMember(tx, org, user));
    if (!member) return MemberNotFound();
    if (!MayManageMember(principal.role, member->role)) {
      return PermissionDenied("you cannot remove a member ranked above you");
    }
    SYN_RETURN_IF_ERROR(KeepAnOwner(tx, org, member->role));
    SYN_RETURN_IF_ERROR(store::DeleteMembership(tx, org, user));
    return store::RevokeUserSessionsInOrg(tx, user, org, Now());
  };
  SYN_RETURN_IF_ERROR(db::InTx(db_, db::Scope::Tenant(org.str()), db::TxMode::kWrite, work));
  logger_.Info("member_removed",
               {{"org_id", org.str()}, {"user_id", user.str()}, {"by", principal.credential_id()}});
  return Ok();
}

}  // namespace syntera::auth
