#include "auth/auth_service.h"

#include <stdexcept>

#include "auth/one_time_token_store.h"
#include "auth/organization_store.h"
#include "auth/outbox_store.h"
#include "auth/secrets.h"
#include "auth/session_store.h"
#include "auth/slug.h"
#include "auth/user_store.h"
#include "auth/validation.h"
#include "base/encoding.h"
#include "obs/logger.h"

namespace syntera::auth {
namespace {

constexpr int kSlugAttempts = 8;

const AuthOptions& Validated(const AuthOptions& o) {
  using std::chrono::seconds;
  if (o.access_ttl < seconds(1) || o.access_ttl > seconds(15 * 60)) {
    throw std::invalid_argument("auth: access_ttl must be between 1 second and 15 minutes");
  }
  if (o.refresh_ttl <= o.access_ttl) {
    throw std::invalid_argument("auth: refresh_ttl must be longer than access_ttl");
  }
  if (o.invitation_ttl <= seconds(0) || o.password_reset_ttl <= seconds(0) ||
      o.password_reset_ttl > seconds(3600) || o.email_verification_ttl <= seconds(0)) {
    throw std::invalid_argument(
        "auth: token lifetimes must be positive and password_reset_ttl at most 1 hour");
  }
  return o;
}

}  // namespace

AuthService::AuthService(db::Database& db, const Clock& clock, Random& random, obs::Logger& logger,
                         AuthOptions options)
    : db_(db),
      clock_(clock),
      random_(random),
      logger_(logger),
      options_(Validated(options)),
      tokens_(options_.signing_key, clock),
      hasher_(random, options_.argon2),
      policy_(logger, options_.cracklib_dict),
      ip_failures_(clock, options_.login_throttle) {}

AuthService::~AuthService() = default;

std::string AuthService::NewId() { return NewUuidV7(clock_, random_); }

Result<void> AuthService::Require(const Principal& principal, Operation operation) {
  if (Allows(principal, operation)) return Ok();
  if (UserOnly(operation) && principal.kind == CredentialKind::kApiKey) {
    return PermissionDenied("this operation needs a signed-in user, not an API key");
  }
  return PermissionDenied("this needs the " + std::string(RoleName(MinRole(operation))) +
                          " role or higher");
}

Result<AuthService::AccountDraft> AuthService::PrepareAccount(std::string_view email,
                                                              std::string_view password,
                                                              std::string_view name,
                                                              std::string_view org_name) {
  AccountDraft draft{NormalizeEmail(email), "", std::string(TrimAscii(name)),
                     std::string(TrimAscii(org_name))};
  FieldProblems problems;
  problems.Add("email", EmailProblem(draft.email));
  problems.Add("password", policy_.Weakness(password, {draft.email, {draft.organization_name}}));
  problems.Add("name", NameProblem(draft.name));
  problems.Add("organization_name", NameProblem(draft.organization_name));
  SYN_RETURN_IF_ERROR(problems.Finish());
  SYN_ASSIGN_OR_RETURN(draft.password_hash, hasher_.Hash(password));
  return draft;
}

Result<AuthService::CreatedAccount> AuthService::CreateAccount(db::Tx& tx,
                                                               const AccountDraft& draft) {
  Timestamp now = Now();
  SYN_ASSIGN_OR_RETURN(auto existing, store::FindUserByEmail(tx, draft.email));
  if (existing) return Conflict("an account with this email already exists");
  User user{UserId(NewId()), draft.email, draft.name,
            draft.email_verified ? std::optional<Timestamp>(now) : std::nullopt, now};
  SYN_RETURN_IF_ERROR(store::InsertUser(tx, user, draft.password_hash));

  Organization org{OrgId(NewId()), draft.organization_name, Slugify(draft.organization_name), now};
  // Concurrent sign-ups may race for a slug: a taken one is retried with a random suffix.
  std::string base = org.slug;
  for (int attempt = 0;; ++attempt) {
    SYN_ASSIGN_OR_RETURN(bool inserted, store::TryInsertOrganization(tx, org));
    if (inserted) break;
    if (attempt == kSlugAttempts) return Internal("could not find a free organization slug");
    std::string suffix = ToLowerAscii(RandomToken(random_, 4)).substr(0, 5);
    for (char& c : suffix) {
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) c = 'x';
    }
    org.slug = base.substr(0, kMaxSlugLength - 6) + "-" + suffix;
  }
  SYN_RETURN_IF_ERROR(store::InsertMembership(tx, org.id, user.id, Role::kOwner, now));
  return CreatedAccount{std::move(user), std::move(org)};
}

Result<TokenPair> AuthService::StartSession(db::Tx& tx, const UserId& user, const OrgId& org,
                                            const ClientInfo& client) {
  store::SessionRecord session{NewId(), user, org, Now()};
  ClientInfo info{client.ip.substr(0, 64), client.user_agent.substr(0, 256)};
  SYN_RETURN_IF_ERROR(store::InsertSession(tx, session, info));
  return IssueTokens(tx, session.id, user, org);
}

Result<TokenPair> AuthService::IssueTokens(db::Tx& tx, const std::string& session_id,
                                           const UserId& user, const OrgId& org) {
  Timestamp now = Now();
  std::string refresh = NewOpaqueToken(random_);
  SYN_RETURN_IF_ERROR(store::InsertRefreshToken(tx, HashSecret(refresh), session_id, now,
                                                now + options_.refresh_ttl));
  std::string access = tokens_.Sign(tokens_.NewClaims(user, org, session_id, options_.access_ttl));
  return TokenPair{std::move(access), std::move(refresh), options_.access_ttl};
}

Result<std::string> AuthService::IssueOneTimeToken(db::Tx& tx, const UserId& user,
                                                   OneTimeTokenPurpose purpose,
                                                   std::chrono::seconds ttl) {
  Timestamp now = Now();
  SYN_RETURN_IF_ERROR(store::InvalidateOneTimeTokens(tx, user, purpose, now));
  std::string token = NewOpaqueToken(random_);
  store::OneTimeToken record{NewId(), user, purpose, now, now + ttl, std::nullopt};
  SYN_RETURN_IF_ERROR(store::InsertOneTimeToken(tx, record, HashSecret(token)));
  return token;
}

Result<std::string> AuthService::QueueEmail(db::Tx& tx, const std::optional<OrgId>& org,
                                            std::string_view to, std::string subject,
                                            std::string body) {
  store::OutboxEmail email{NewId(),         org,   std::string(to), std::move(subject),
                           std::move(body), Now(), std::nullopt};
  SYN_RETURN_IF_ERROR(store::InsertOutboxEmail(tx, email));
  return email.id;
}

void AuthService::LogQueued(std::string_view email_id, std::string_view to,
                            std::string_view subject) {
  logger_.Log(options_.dev_mode ? obs::LogLevel::kInfo : obs::LogLevel::kDebug, "email_queued",
              {{"email_id", email_id}, {"to", to}, {"subject", subject}});
}

Invitation AuthService::WithStatus(Invitation invitation) const {
  invitation.status = invitation.StatusAt(Now());
  return invitation;
}

}  // namespace syntera::auth
