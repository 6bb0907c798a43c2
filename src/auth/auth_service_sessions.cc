// AuthService: sign-up, login, refresh-token rotation, logout, switching organization, /me.

#include "auth/api_key_store.h"
#include "auth/auth_service.h"
#include "auth/email_templates.h"
#include "auth/login_failure_store.h"
#include "auth/organization_store.h"
#include "auth/secrets.h"
#include "auth/session_store.h"
#include "auth/user_store.h"
#include "auth/validation.h"
#include "obs/logger.h"

namespace syntera::auth {
namespace {

Error InvalidCredentials() { return Unauthenticated("invalid email or password"); }
Error InvalidRefreshToken() { return Unauthenticated("invalid or expired refresh token"); }

}  // namespace

Result<AuthSession> AuthService::SignUp(const SignUpRequest& request, const ClientInfo& client) {
  SYN_ASSIGN_OR_RETURN(AccountDraft draft, PrepareAccount(request.email, request.password,
                                                          request.name, request.organization_name));
  struct Outcome {
    AuthSession session;
    std::string email_id;
    std::string subject;
  };
  auto work = [&](db::Tx& tx) -> Result<Outcome> {
    SYN_ASSIGN_OR_RETURN(CreatedAccount account, CreateAccount(tx, draft));
    SYN_ASSIGN_OR_RETURN(TokenPair tokens,
                         StartSession(tx, account.user.id, account.organization.id, client));
    SYN_ASSIGN_OR_RETURN(
        std::string token,
        IssueOneTimeToken(tx, account.user.id, OneTimeTokenPurpose::kEmailVerification,
                          options_.email_verification_ttl));
    EmailText mail = VerificationEmail(options_.app_url, account.user.name, token,
                                       options_.email_verification_ttl);
    SYN_ASSIGN_OR_RETURN(std::string email_id, QueueEmail(tx, std::nullopt, account.user.email,
                                                          mail.subject, std::move(mail.body)));
    return Outcome{
        {std::move(account.user), std::move(account.organization), Role::kOwner, std::move(tokens)},
        std::move(email_id),
        std::move(mail.subject)};
  };
  SYN_ASSIGN_OR_RETURN(Outcome out, db::InTx(db_, db::Scope::System(), db::TxMode::kWrite, work));
  LogQueued(out.email_id, out.session.user.email, out.subject);
  logger_.Info("user_signed_up", {{"user_id", out.session.user.id.str()},
                                  {"org_id", out.session.organization.id.str()}});
  return std::move(out.session);
}

Result<AdminAccount> AuthService::CreateAdmin(std::string_view email, std::string_view password,
                                              std::string_view name,
                                              std::string_view organization_name) {
  SYN_ASSIGN_OR_RETURN(AccountDraft draft,
                       PrepareAccount(email, password, name, organization_name));
  draft.email_verified = true;
  SYN_ASSIGN_OR_RETURN(CreatedAccount account,
                       db::InTx(db_, db::Scope::System(), db::TxMode::kWrite,
                                [&](db::Tx& tx) { return CreateAccount(tx, draft); }));
  logger_.Info("admin_created",
               {{"user_id", account.user.id.str()}, {"org_id", account.organization.id.str()}});
  return AdminAccount{std::move(account.user), std::move(account.organization)};
}

Result<AuthSession> AuthService::Login(std::string_view email_in, std::string_view password,
                                       const ClientInfo& client) {
  std::string email = NormalizeEmail(email_in);
  SYN_RETURN_IF_ERROR(CheckLoginThrottle(email, client.ip));
  SYN_ASSIGN_OR_RETURN(auto found,
                       db::InTx(db_, db::Scope::System(), db::TxMode::kRead,
                                [&](db::Tx& tx) { return store::FindUserByEmail(tx, email); }));
  // Unknown accounts cost one argon2 verification too: no timing oracle for registration.
  bool ok = false;
  if (found) {
    ok = hasher_.Verify(found->password_hash, password);
  } else {
    hasher_.VerifyDummy(password);
  }
  if (!ok) {
    RecordLoginFailure(email, client.ip);
    return InvalidCredentials();
  }
  const User& user = found->user;
  return db::InTx(
      db_, db::Scope::System(), db::TxMode::kWrite, [&](db::Tx& tx) -> Result<AuthSession> {
        SYN_RETURN_IF_ERROR(store::ClearLoginFailures(tx, email));
        SYN_ASSIGN_OR_RETURN(auto membership, store::PreferredMembership(tx, user.id));
        if (!membership) {
          return FailedPrecondition("this account does not belong to any organization");
        }
        SYN_ASSIGN_OR_RETURN(TokenPair tokens,
                             StartSession(tx, user.id, membership->organization.id, client));
        return AuthSession{user, std::move(membership->organization), membership->role,
                           std::move(tokens)};
      });
}

Result<void> AuthService::CheckLoginThrottle(const std::string& email, std::string_view ip) {
  if (int wait = ip_failures_.RequiredWaitSeconds(ip); wait > 0) {
    logger_.Warn("login_throttled", {{"scope", "ip"}, {"ip", ip}, {"retry_after", wait}});
    return RateLimited(wait, "too many failed sign-in attempts; try again later");
  }
  SYN_ASSIGN_OR_RETURN(auto failures,
                       db::InTx(db_, db::Scope::System(), db::TxMode::kRead,
                                [&](db::Tx& tx) { return store::FindLoginFailures(tx, email); }));
  if (int wait = RequiredWaitSeconds(failures, Now(), options_.login_throttle); wait > 0) {
    logger_.Warn("login_throttled", {{"scope", "account"}, {"ip", ip}, {"retry_after", wait}});
    return RateLimited(wait, "too many failed sign-in attempts; try again later");
  }
  return Ok();
}

void AuthService::RecordLoginFailure(const std::string& email, std::string_view ip) {
  ip_failures_.RecordFailure(ip);
  Timestamp now = Now();
  const LoginThrottleOptions& opt = options_.login_throttle;
  auto r =
      db::InTx(db_, db::Scope::System(), db::TxMode::kWrite, [&](db::Tx& tx) -> Result<int64_t> {
        SYN_ASSIGN_OR_RETURN(auto failures, store::FindLoginFailures(tx, email));
        LoginFailures next = WithFailure(failures, now, opt);
        SYN_RETURN_IF_ERROR(store::SaveLoginFailures(tx, email, next));
        // Records idle for longer than any rule looks back no longer matter.
        SYN_RETURN_IF_ERROR(
            store::PruneLoginFailures(tx, now - std::max(opt.window, opt.max_delay)));
        return next.consecutive;
      });
  if (!r.ok()) {
    logger_.Error("login_failure_not_recorded", {{"error", r.error().message}});
    return;
  }
  logger_.Warn("login_failed", {{"ip", ip}, {"consecutive_failures", *r}});
}

Result<AuthSession> AuthService::Refresh(std::string_view refresh_token) {
  std::string hash = HashSecret(refresh_token);
  Timestamp now = Now();
  struct Outcome {
    std::optional<AuthSession> session;  // nullopt: the token was replayed
    std::string session_id;
  };
  auto work = [&](db::Tx& tx) -> Result<Outcome> {
    SYN_ASSIGN_OR_RETURN(auto rec, store::FindRefreshToken(tx, hash));
    if (!rec || rec->session_revoked_at || now >= rec->expires_at) {
      return InvalidRefreshToken();
    }
    bool first_use = false;
    if (!rec->used_at) {
      SYN_ASSIGN_OR_RETURN(first_use, store::MarkRefreshTokenUsed(tx, hash, now));
    }
    if (!first_use) {
      // A used token came back: it was stolen or leaked. End the whole family.
      SYN_RETURN_IF_ERROR(store::RevokeSession(tx, rec->session_id, now));
      return Outcome{std::nullopt, rec->session_id};
    }
    if (!rec->role) return InvalidRefreshToken();  // no longer a member there
    SYN_RETURN_IF_ERROR(store::TouchSession(tx, rec->session_id, now));
    SYN_ASSIGN_OR_RETURN(TokenPair tokens,
                         IssueTokens(tx, rec->session_id, rec->user.id, rec->organization.id));
    return Outcome{AuthSession{std::move(rec->user), std::move(rec->organization), *rec->role,
                               std::move(tokens)},
                   rec->session_id};
  };
  SYN_ASSIGN_OR_RETURN(Outcome out, db::InTx(db_, db::Scope::System(), db::TxMode::kWrite, work));
  if (!out.session) {
    logger_.Warn("refresh_token_reuse", {{"session_id", out.session_id}});
    return InvalidRefreshToken();
  }
  return std::move(*out.session);
}

Result<void> AuthService::Logout(const Principal& principal) {
  SYN_RETURN_IF_ERROR(Require(principal, Operation::kManageOwnAccount));
  return db::InTx(
      db_, db::Scope::Tenant(principal.org_id.str()), db::TxMode::kWrite,
      [&](db::Tx& tx) { return store::RevokeSession(tx, principal.session_id, Now()); });
}

Result<AuthSession> AuthService::SwitchOrganization(const Principal& principal, const OrgId& org) {
  SYN_RETURN_IF_ERROR(Require(principal, Operation::kManageOwnAccount));
  return db::InTx(
      db_, db::Scope::System(), db::TxMode::kWrite, [&](db::Tx& tx) -> Result<AuthSession> {
        SYN_ASSIGN_OR_RETURN(auto membership, store::FindMembership(tx, org, principal.user_id));
        if (!membership) return NotFound("organization not found");
        SYN_ASSIGN_OR_RETURN(auto user, store::FindUserById(tx, principal.user_id));
        if (!user) return Unauthenticated("the account no longer exists");
        Timestamp now = Now();
        SYN_RETURN_IF_ERROR(store::SetSessionOrganization(tx, principal.session_id, org, now));
        SYN_RETURN_IF_ERROR(store::SupersedeRefreshTokens(tx, principal.session_id, now));
        SYN_ASSIGN_OR_RETURN(TokenPair tokens,
                             IssueTokens(tx, principal.session_id, principal.user_id, org));
        return AuthSession{std::move(user->user), std::move(membership->organization),
                           membership->role, std::move(tokens)};
      });
}

Result<Me> AuthService::GetMe(const Principal& principal) {
  if (principal.kind == CredentialKind::kApiKey) {
    return db::InTx(db_, db::Scope::Tenant(principal.org_id.str()), db::TxMode::kRead,
                    [&](db::Tx& tx) -> Result<Me> {
                      SYN_ASSIGN_OR_RETURN(
                          auto key, store::FindApiKey(tx, principal.org_id, principal.api_key_id));
                      SYN_ASSIGN_OR_RETURN(auto org, store::FindOrganization(tx, principal.org_id));
                      if (!key || !org) return Unauthenticated("the API key no longer exists");
                      return Me{std::nullopt, {}, std::move(*org), principal.role, std::move(*key)};
                    });
  }
  return db::InTx(db_, db::Scope::System(), db::TxMode::kRead, [&](db::Tx& tx) -> Result<Me> {
    SYN_ASSIGN_OR_RETURN(auto user, store::FindUserById(tx, principal.user_id));
    if (!user) return Unauthenticated("the account no longer exists");
    SYN_ASSIGN_OR_RETURN(auto memberships, store::ListMembershipsOfUser(tx, principal.user_id));
    Me me{std::move(user->user), std::move(memberships), {}, principal.role, std::nullopt};
    for (const Membership& m : me.memberships) {
      if (m.organization.id == principal.org_id) me.organization = m.organization;
    }
    if (me.organization.id.empty()) return Unauthenticated("no longer a member");
    return me;
  });
}

}  // namespace syntera::auth
