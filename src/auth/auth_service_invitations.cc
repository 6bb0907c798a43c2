// AuthService: invitations to join an organization.

#include "auth/auth_service.h"
#include "auth/email_templates.h"
#include "auth/invitation_store.h"
#include "auth/organization_store.h"
#include "auth/secrets.h"
#include "auth/user_store.h"
#include "auth/validation.h"
#include "base/encoding.h"
#include "obs/logger.h"

namespace syntera::auth {
namespace {

Error InvitationNotFound() { return NotFound("invitation not found"); }
Error InvalidInvitationToken() {
  return InvalidArgument("the invitation is invalid or has expired",
                         {{"token", "is invalid or has expired"}});
}

}  // namespace

Result<Invitation> AuthService::CreateInvitation(const Principal& principal,
                                                 std::string_view email_in, Role role) {
  SYN_RETURN_IF_ERROR(Require(principal, Operation::kManageInvitations));
  std::string email = NormalizeEmail(email_in);
  FieldProblems problems;
  problems.Add("email", EmailProblem(email));
  SYN_RETURN_IF_ERROR(problems.Finish());
  if (!MayGrant(principal.role, role)) {
    return PermissionDenied("you cannot invite with a role above your own");
  }
  const OrgId& org = principal.org_id;
  Timestamp now = Now();
  Invitation inv{
      NewId(),      org,         email, role, principal.user_id, now, now + options_.invitation_ttl,
      std::nullopt, std::nullopt};
  std::string token = NewOpaqueToken(random_);
  struct Queued {
    std::string email_id;
    std::string subject;
  };
  auto work = [&](db::Tx& tx) -> Result<Queued> {
    SYN_ASSIGN_OR_RETURN(bool member, store::IsMemberByEmail(tx, org, email));
    if (member) return Conflict("this person is already a member of the organization");
    SYN_ASSIGN_OR_RETURN(bool pending, store::HasPendingInvitation(tx, org, email, now));
    if (pending) return Conflict("an invitation for this email is already pending");
    SYN_ASSIGN_OR_RETURN(auto organization, store::FindOrganization(tx, org));
    if (!organization) return NotFound("organization not found");
    SYN_RETURN_IF_ERROR(store::InsertInvitation(tx, inv, HashSecret(token)));
    EmailText mail = InvitationEmail(options_.app_url, organization->name, RoleName(role), token,
                                     options_.invitation_ttl);
    SYN_ASSIGN_OR_RETURN(std::string id,
                         QueueEmail(tx, org, email, mail.subject, std::move(mail.body)));
    return Queued{std::move(id), std::move(mail.subject)};
  };
  SYN_ASSIGN_OR_RETURN(Queued queued,
                       db::InTx(db_, db::Scope::Tenant(org.str()), db::TxMode::kWrite, work));
  LogQueued(queued.email_id, email, queued.subject);
  logger_.Info("invitation_created", {{"org_id", org.str()}, {"invitation_id", inv.id}});
  return WithStatus(std::move(inv));
}

Result<Page<Invitation>> AuthService::ListInvitations(const Principal& principal,
                                                      const PageRequest& page) {
  SYN_RETURN_IF_ERROR(Require(principal, Operation::kListInvitations));
  SYN_ASSIGN_OR_RETURN(
      Page<Invitation> result,
      db::InTx(db_, db::Scope::Tenant(principal.org_id.str()), db::TxMode::kRead,
               [&](db::Tx& tx) { return store::ListInvitations(tx, principal.org_id, page); }));
  for (Invitation& inv : result.items) inv = WithStatus(std::move(inv));
  return result;
}

Result<Invitation> AuthService::ResendInvitation(const Principal& principal, std::string_view id) {
  SYN_RETURN_IF_ERROR(Require(principal, Operation::kManageInvitations));
  const OrgId& org = principal.org_id;
  std::string token = NewOpaqueToken(random_);
  struct Outcome {
    Invitation invitation;
    std::string email_id;
    std::string subject;
  };
  auto work = [&](db::Tx& tx) -> Result<Outcome> {
    SYN_ASSIGN_OR_RETURN(auto inv, store::FindInvitation(tx, org, id));
    if (!inv) return InvitationNotFound();
    if (inv->accepted_at || inv->revoked_at) {
      return FailedPrecondition("the invitation was already accepted or revoked");
    }
    SYN_ASSIGN_OR_RETURN(auto organization, store::FindOrganization(tx, org));
    if (!organization) return NotFound("organization not found");
    inv->expires_at = Now() + options_.invitation_ttl;
    SYN_RETURN_IF_ERROR(store::RenewInvitation(tx, org, id, HashSecret(token), inv->expires_at));
    EmailText mail = InvitationEmail(options_.app_url, organization->name, RoleName(inv->role),
                                     token, options_.invitation_ttl);
    SYN_ASSIGN_OR_RETURN(std::string email_id,
                         QueueEmail(tx, org, inv->email, mail.subject, std::move(mail.body)));
    return Outcome{std::move(*inv), std::move(email_id), std::move(mail.subject)};
  };
  SYN_ASSIGN_OR_RETURN(Outcome out,
                       db::InTx(db_, db::Scope::Tenant(org.str()), db::TxMode::kWrite, work));
  LogQueued(out.email_id, out.invitation.email, out.subject);
  return WithStatus(std::move(out.invitation));
}

Result<void> AuthService::RevokeInvitation(const Principal& principal, std::string_view id) {
  SYN_RETURN_IF_ERROR(Require(principal, Operation::kManageInvitations));
  const OrgId& org = principal.org_id;
  return db::InTx(db_, db::Scope::Tenant(org.str()), db::TxMode::kWrite,
                  [&](db::Tx& tx) -> Result<void> {
                    SYN_ASSIGN_OR_RETURN(auto inv, store::FindInvitation(tx, org, id));
                    if (!inv) return InvitationNotFound();
                    if (inv->accepted_at)
                      return FailedPrecondition("the invitation was already accepted");
                    return store::RevokeInvitation(tx, org, id, Now());
                  });
}

Result<AuthSession> AuthService::AcceptInvitationAsNewUser(std::string_view token,
                                                           std::string_view password,
                                                           std::string_view name_in,
                                                           const ClientInfo& client) {
  std::string token_hash = HashSecret(token);
  std::string name(TrimAscii(name_in));
  struct Loaded {
    Invitation invitation;
    Organization organization;
  };
  auto load = [&](db::Tx& tx) -> Result<Loaded> {
    SYN_ASSIGN_OR_RETURN(auto inv, store::FindInvitationByTokenHash(tx, token_hash));
    if (!inv || inv->StatusAt(Now()) != InvitationStatus::kPending) {
      return InvalidInvitationToken();
    }
    SYN_ASSIGN_OR_RETURN(auto existing, store::FindUserByEmail(tx, inv->email));
    if (existing) {
      return Conflict("an account with this email already exists; sign in to accept");
    }
    SYN_ASSIGN_OR_RETURN(auto org, store::FindOrganization(tx, inv->org_id));
    if (!org) return InvalidInvitationToken();
    return Loaded{std::move(*inv), std::move(*org)};
  };
  SYN_ASSIGN_OR_RETURN(Loaded loaded, db::InTx(db_, db::Scope::System(), db::TxMode::kRead, load));
  FieldProblems problems;
  problems.Add("password",
               policy_.Weakness(password, {loaded.invitation.email, {loaded.organization.name}}));
  problems.Add("name", NameProblem(name));
  SYN_RETURN_IF_ERROR(problems.Finish());
  SYN_ASSIGN_OR_RETURN(std::string hash, hasher_.Hash(password));

  auto write = [&](db::Tx& tx) -> Result<AuthSession> {
    Timestamp now = Now();
    SYN_ASSIGN_OR_RETURN(bool accepted,
                         store::MarkInvitationAccepted(tx, loaded.invitation.id, now));
    if (!accepted) return InvalidInvitationToken();
    // The invitation reached this address: it counts as verified.
    User user{UserId(NewId()), loaded.invitation.email, name, now, now};
    SYN_RETURN_IF_ERROR(store::InsertUser(tx, user, hash));
    const OrgId& org = loaded.organization.id;
    SYN_RETURN_IF_ERROR(store::InsertMembership(tx, org, user.id, loaded.invitation.role, now));
    SYN_ASSIGN_OR_RETURN(TokenPair tokens, StartSession(tx, user.id, org, client));
    return AuthSession{std::move(user), loaded.organization, loaded.invitation.role,
                       std::move(tokens)};
  };
  SYN_ASSIGN_OR_RETURN(AuthSession session,
                       db::InTx(db_, db::Scope::System(), db::TxMode::kWrite, write));
  logger_.Info("invitation_accepted", {{"org_id", session.organization.id.str()},
                                       {"user_id", session.user.id.str()},
                                       {"invitation_id", loaded.invitation.id}});
  return session;
}

Result<Membership> AuthService::AcceptInvitationAsUser(const Principal& principal,
                                                       std::string_view token) {
  SYN_RETURN_IF_ERROR(Require(principal, Operation::kManageOwnAccount));
  std::string token_hash = HashSecret(token);
  auto work = [&](db::Tx& tx) -> Result<Membership> {
    Timestamp now = Now();
    SYN_ASSIGN_OR_RETURN(auto inv, store::FindInvitationByTokenHash(tx, token_hash));
    if (!inv || inv->StatusAt(now) != InvitationStatus::kPending) return InvalidInvitationToken();
    SYN_ASSIGN_OR_RETURN(auto user, store::FindUserById(tx, principal.user_id));
    if (!user) return Unauthenticated("the account no longer exists");
    if (user->user.email != inv->email) {
      return PermissionDenied("this invitation was sent to a different email address");
    }
    SYN_ASSIGN_OR_RETURN(auto existing, store::FindMembership(tx, inv->org_id, user->user.id));
    if (existing) return Conflict("you are already a member of this organization");
    SYN_ASSIGN_OR_RETURN(bool accepted, store::MarkInvitationAccepted(tx, inv->id, now));
    if (!accepted) return InvalidInvitationToken();
    SYN_RETURN_IF_ERROR(store::InsertMembership(tx, inv->org_id, user->user.id, inv->role, now));
    SYN_RETURN_IF_ERROR(store::MarkEmailVerified(tx, user->user.id, now));
    SYN_ASSIGN_OR_RETURN(auto membership, store::FindMembership(tx, inv->org_id, user->user.id));
    if (!membership) return Internal("membership vanished after insert");
    return std::move(*membership);
  };
  SYN_ASSIGN_OR_RETURN(Membership membership,
                       db::InTx(db_, db::Scope::System(), db::TxMode::kWrite, work));
  logger_.Info("invitation_accepted", {{"org_id", membership.organization.id.str()},
                                       {"user_id", principal.user_id.str()}});
  return membership;
}

}  // namespace syntera::auth
