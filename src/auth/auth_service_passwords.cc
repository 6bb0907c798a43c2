// AuthService: password change and reset, email verification.

#include "auth/auth_service.h"
#include "auth/email_templates.h"
#include "auth/login_failure_store.h"
#include "auth/one_time_token_store.h"
#include "auth/organization_store.h"
#include "auth/secrets.h"
#include "auth/session_store.h"
#include "auth/user_store.h"
#include "auth/validation.h"
#include "obs/logger.h"

namespace syntera::auth {
namespace {

Error InvalidToken() {
  return InvalidArgument("the link is invalid or has expired",
                         {{"token", "is invalid or has expired"}});
}

Result<PasswordContext> ContextOf(db::Tx& tx, const User& user) {
  PasswordContext context{user.email, {}};
  SYN_ASSIGN_OR_RETURN(auto memberships, store::ListMembershipsOfUser(tx, user.id));
  for (const Membership& m : memberships) context.org_names.push_back(m.organization.name);
  return context;
}

}  // namespace

std::optional<std::string> AuthService::PasswordWeakness(std::string_view password,
                                                         const PasswordContext& context) const {
  return policy_.Weakness(password, context);
}

Result<void> AuthService::ChangePassword(const Principal& principal,
                                         std::string_view current_password,
                                         std::string_view new_password) {
  SYN_RETURN_IF_ERROR(Require(principal, Operation::kManageOwnAccount));
  struct Loaded {
    store::UserRecord record;
    PasswordContext context;
  };
  auto load = [&](db::Tx& tx) -> Result<Loaded> {
    SYN_ASSIGN_OR_RETURN(auto rec, store::FindUserById(tx, principal.user_id));
    if (!rec) return Unauthenticated("the account no longer exists");
    SYN_ASSIGN_OR_RETURN(PasswordContext context, ContextOf(tx, rec->user));
    return Loaded{std::move(*rec), std::move(context)};
  };
  SYN_ASSIGN_OR_RETURN(Loaded loaded, db::InTx(db_, db::Scope::System(), db::TxMode::kRead, load));
  const std::string& email = loaded.record.user.email;
  // Guessing the current password here must be as slow as guessing it at login.
  SYN_RETURN_IF_ERROR(CheckLoginThrottle(email, {}));
  if (!hasher_.Verify(loaded.record.password_hash, current_password)) {
    RecordLoginFailure(email, {});
    return InvalidArgument("the current password is incorrect",
                           {{"current_password", "is incorrect"}});
  }
  SYN_RETURN_IF_ERROR(policy_.Check(new_password, loaded.context));
  SYN_ASSIGN_OR_RETURN(std::string hash, hasher_.Hash(new_password));
  auto write = [&](db::Tx& tx) -> Result<void> {
    Timestamp now = Now();
    SYN_RETURN_IF_ERROR(store::UpdatePasswordHash(tx, principal.user_id, hash, now));
    SYN_RETURN_IF_ERROR(
        store::RevokeUserSessions(tx, principal.user_id, now, principal.session_id));
    SYN_RETURN_IF_ERROR(store::InvalidateOneTimeTokens(tx, principal.user_id,
                                                       OneTimeTokenPurpose::kPasswordReset, now));
    return store::ClearLoginFailures(tx, email);
  };
  SYN_RETURN_IF_ERROR(db::InTx(db_, db::Scope::System(), db::TxMode::kWrite, write));
  logger_.Info("password_changed", {{"user_id", principal.user_id.str()}});
  return Ok();
}

Result<void> AuthService::RequestPasswordReset(std::string_view email_in) {
  std::string email = NormalizeEmail(email_in);
  if (EmailProblem(email)) return Ok();  // same answer as for an unknown address
  struct Queued {
    std::string email_id;
    std::string subject;
  };
  auto work = [&](db::Tx& tx) -> Result<std::optional<Queued>> {
    SYN_ASSIGN_OR_RETURN(auto rec, store::FindUserByEmail(tx, email));
    if (!rec) return std::optional<Queued>();
    SYN_ASSIGN_OR_RETURN(std::string token,
                         IssueOneTimeToken(tx, rec->user.id, OneTimeTokenPurpose::kPasswordReset,
                                           options_.password_reset_ttl));
    EmailText mail =
        PasswordResetEmail(options_.app_url, rec->user.name, token, options_.password_reset_ttl);
    SYN_ASSIGN_OR_RETURN(std::string id,
                         QueueEmail(tx, std::nullopt, email, mail.subject, std::move(mail.body)));
    return std::optional<Queued>(Queued{std::move(id), std::move(mail.subject)});
  };
  SYN_ASSIGN_OR_RETURN(auto queued, db::InTx(db_, db::Scope::System(), db::TxMode::kWrite, work));
  if (queued) LogQueued(queued->email_id, email, queued->subject);
  return Ok();
}

Result<void> AuthService::ResetPassword(std::string_view token, std::string_view new_password) {
  std::string token_hash = HashSecret(token);
  struct Loaded {
    store::OneTimeToken token;
    User user;
    PasswordContext context;
  };
  auto load = [&](db::Tx& tx) -> Result<Loaded> {
    SYN_ASSIGN_OR_RETURN(
        auto t, store::FindOneTimeToken(tx, token_hash, OneTimeTokenPurpose::kPasswordReset));
    if (!t || t->used_at || Now() >= t->expires_at) return InvalidToken();
    SYN_ASSIGN_OR_RETURN(auto rec, store::FindUserById(tx, t->user_id));
    if (!rec) return InvalidToken();
    SYN_ASSIGN_OR_RETURN(PasswordContext context, ContextOf(tx, rec->user));
    return Loaded{std::move(*t), std::move(rec->user), std::move(context)};
  };
  SYN_ASSIGN_OR_RETURN(Loaded loaded, db::InTx(db_, db::Scope::System(), db::TxMode::kRead, load));
  SYN_RETURN_IF_ERROR(policy_.Check(new_password, loaded.context));
  SYN_ASSIGN_OR_RETURN(std::string hash, hasher_.Hash(new_password));
  auto write = [&](db::Tx& tx) -> Result<void> {
    Timestamp now = Now();
    SYN_ASSIGN_OR_RETURN(bool consumed, store::ConsumeOneTimeToken(tx, loaded.token.id, now));
    if (!consumed) return InvalidToken();
    SYN_RETURN_IF_ERROR(store::UpdatePasswordHash(tx, loaded.user.id, hash, now));
    SYN_RETURN_IF_ERROR(store::RevokeUserSessions(tx, loaded.user.id, now));
    // Receiving the link proves the address.
    SYN_RETURN_IF_ERROR(store::MarkEmailVerified(tx, loaded.user.id, now));
    return store::ClearLoginFailures(tx, loaded.user.email);
  };
  SYN_RETURN_IF_ERROR(db::InTx(db_, db::Scope::System(), db::TxMode::kWrite, write));
  logger_.Info("password_reset", {{"user_id", loaded.user.id.str()}});
  return Ok();
}

Result<void> AuthService::RequestEmailVerification(const Principal& principal) {
  SYN_RETURN_IF_ERROR(Require(principal, Operation::kManageOwnAccount));
  struct Queued {
    std::string email_id;
    std::string to;
    std::string subject;
  };
  auto work = [&](db::Tx& tx) -> Result<std::optional<Queued>> {
    SYN_ASSIGN_OR_RETURN(auto rec, store::FindUserById(tx, principal.user_id));
    if (!rec) return Unauthenticated("the account no longer exists");
    if (rec->user.email_verified()) return std::optional<Queued>();
    SYN_ASSIGN_OR_RETURN(
        std::string token,
        IssueOneTimeToken(tx, rec->user.id, OneTimeTokenPurpose::kEmailVerification,
                          options_.email_verification_ttl));
    EmailText mail =
        VerificationEmail(options_.app_url, rec->user.name, token, options_.email_verification_ttl);
    SYN_ASSIGN_OR_RETURN(std::string id, QueueEmail(tx, std::nullopt, rec->user.email, mail.subject,
                                                    std::move(mail.body)));
    return std::optional<Queued>(Queued{std::move(id), rec->user.email, std::move(mail.subject)});
  };
  SYN_ASSIGN_OR_RETURN(auto queued, db::InTx(db_, db::Scope::System(), db::TxMode::kWrite, work));
  if (queued) LogQueued(queued->email_id, queued->to, queued->subject);
  return Ok();
}

Result<void> AuthService::VerifyEmail(std::string_view token) {
  std::string token_hash = HashSecret(token);
  return db::InTx(db_, db::Scope::System(), db::TxMode::kWrite, [&](db::Tx& tx) -> Result<void> {
    SYN_ASSIGN_OR_RETURN(
        auto t, store::FindOneTimeToken(tx, token_hash, OneTimeTokenPurpose::kEmailVerification));
    if (!t) return InvalidToken();
    Timestamp now = Now();
    SYN_ASSIGN_OR_RETURN(bool consumed, store::ConsumeOneTimeToken(tx, t->id, now));
    if (!consumed) return InvalidToken();
    return store::MarkEmailVerified(tx, t->user_id, now);
  });
}

}  // namespace syntera::auth
