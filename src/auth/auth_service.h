#pragma once
// The auth module's service: accounts, sign-in sessions, organizations and members,
// invitations, API keys, password reset and email verification. Plain C++ in and out; the
// HTTP adapter lives in auth/api.
//
// Tenancy: an operation on one organization's data runs in Scope::Tenant(principal.org_id)
// and addresses only that organization (another organization's id answers kNotFound).
// System scope is used only where the lookup is inherently cross-tenant: sign-up, login,
// refresh, switching organization, accepting an invitation, authenticating an API key by its
// hash, password and email-verification flows, and a user's own list of memberships.
//
// Thread-safety: all methods may be called concurrently.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "auth/access_token.h"
#include "auth/auth_types.h"
#include "auth/login_throttle.h"
#include "auth/password_hasher.h"
#include "auth/password_policy.h"
#include "auth/roles.h"
#include "base/clock.h"
#include "base/principal.h"
#include "base/random.h"
#include "base/result.h"
#include "db/database.h"

namespace syntera::obs {
class Logger;
}

namespace syntera::auth {

struct AuthOptions {
  // HMAC key for access tokens, at least 32 bytes (the app loads or generates it).
  std::string signing_key;
  std::chrono::seconds access_ttl{15 * 60};  // at most 15 minutes
  std::chrono::seconds refresh_ttl{30 * 24 * 3600};
  std::chrono::seconds invitation_ttl{7 * 24 * 3600};
  std::chrono::seconds password_reset_ttl{3600};
  std::chrono::seconds email_verification_ttl{24 * 3600};
  // How often an API key's last_used_at is written at most.
  std::chrono::seconds api_key_touch_interval{60};
  // Base of the links in emails, e.g. "https://app.example.com".
  std::string app_url = "http://localhost:8080";
  // Development mode logs queued emails (never their tokens) at info level instead of debug.
  bool dev_mode = false;
  Argon2Params argon2;
  std::string cracklib_dict;  // empty: cracklib's default dictionary
  LoginThrottleOptions login_throttle;
};

class AuthService {
 public:
  // All references must outlive the service. Throws std::invalid_argument for invalid
  // options (signing key shorter than 32 bytes, access_ttl outside 1 s..15 min, …): a
  // start-up misconfiguration.
  AuthService(db::Database& db, const Clock& clock, Random& random, obs::Logger& logger,
              AuthOptions options);
  ~AuthService();
  AuthService(const AuthService&) = delete;
  AuthService& operator=(const AuthService&) = delete;

  // ---- Accounts and sessions (auth_service_sessions.cc) ----

  // Creates the user, an organization they own, a session and an email-verification message,
  // in one transaction. Errors: kInvalidArgument (fields: email, password, name,
  // organization_name); kConflict "an account with this email already exists".
  Result<AuthSession> SignUp(const SignUpRequest& request, const ClientInfo& client);

  // For `syntera admin create`: like SignUp but the email counts as verified, and no session
  // is started and no email queued. Same errors as SignUp.
  Result<AdminAccount> CreateAdmin(std::string_view email, std::string_view password,
                                   std::string_view name, std::string_view organization_name);

  // Signs in to the most recently used organization (else the oldest membership).
  // Errors: kUnauthenticated "invalid email or password" for an unknown email and a wrong
  // password alike (same work, same answer); kRateLimited with retry_after_seconds when the
  // account or client IP is throttled (login_throttle.h); kFailedPrecondition when the
  // account belongs to no organization.
  Result<AuthSession> Login(std::string_view email, std::string_view password,
                            const ClientInfo& client);

  // Rotates a refresh token: the presented token becomes used and a new pair is issued for
  // the same session. Errors: kUnauthenticated when the token is unknown, expired, its
  // session revoked or its membership gone; presenting an already used token revokes the
  // whole session (token family) and is also kUnauthenticated.
  Result<AuthSession> Refresh(std::string_view refresh_token);

  // Revokes the caller's session (user tokens only; kPermissionDenied for API keys).
  Result<void> Logout(const Principal& principal);

  // Moves the caller's session to another organization the user belongs to and issues a new
  // pair (earlier refresh tokens of the session are superseded). Errors: kNotFound when the
  // user is not a member of `org`; kPermissionDenied for API keys.
  Result<AuthSession> SwitchOrganization(const Principal& principal, const OrgId& org);

  // The caller: the user with all memberships, or the API key.
  Result<Me> GetMe(const Principal& principal);

  // ---- Authentication (auth_service_authenticate.cc) ----

  // A bearer starting with "sk_" is an API key, anything else an access token.
  Result<Principal> Authenticate(std::string_view bearer);
  // Verifies the JWT, then loads the session (not revoked) and the current membership role in
  // one query, so a revoked session or removed member is rejected within the token's lifetime.
  // Errors: kUnauthenticated; kUnavailable when storage is down.
  Result<Principal> AuthenticateAccessToken(std::string_view token);
  // Errors: kUnauthenticated for an unknown or revoked key.
  Result<Principal> AuthenticateApiKey(std::string_view secret);

  // ---- Passwords and email verification (auth_service_passwords.cc) ----

  // Why `password` is not acceptable for `context`, or nullopt (see password_policy.h).
  std::optional<std::string> PasswordWeakness(std::string_view password,
                                              const PasswordContext& context) const;
  // Errors: kInvalidArgument (current_password "is incorrect", password weak); kRateLimited
  // after repeated wrong current passwords (they count as failed logins). Revokes every other
  // session of the user.
  Result<void> ChangePassword(const Principal& principal, std::string_view current_password,
                              std::string_view new_password);
  // Queues a single-use reset link for a registered email; does nothing, and still succeeds,
  // for an unknown one. Earlier reset links stop working.
  Result<void> RequestPasswordReset(std::string_view email);
  // Sets a new password and revokes all of the user's sessions. Errors: kInvalidArgument
  // (token "is invalid or has expired", password weak).
  Result<void> ResetPassword(std::string_view token, std::string_view new_password);
  // Queues a new verification link unless the email is already verified.
  Result<void> RequestEmailVerification(const Principal& principal);
  // Errors: kInvalidArgument (token "is invalid or has expired").
  Result<void> VerifyEmail(std::string_view token);

  // ---- Organization and members (auth_service_members.cc) ----

  Result<Organization> GetOrganization(const Principal& principal);
  // Admin+. Errors: kInvalidArgument (name), kPermissionDenied.
  Result<Organization> UpdateOrganization(const Principal& principal, std::string_view name);
  // Members by join date, oldest first.
  Result<Page<Member>> ListMembers(const Principal& principal, const PageRequest& page);
  // Admin+, never above the actor's own role, never on a member ranked above the actor, never
  // leaving the organization without an owner. Errors: kNotFound, kPermissionDenied,
  // kFailedPrecondition (last owner).
  Result<Member> ChangeMemberRole(const Principal& principal, const UserId& user, Role role);
  // Same rules as ChangeMemberRole; revokes the removed user's sessions in this organization.
  Result<void> RemoveMember(const Principal& principal, const UserId& user);

  // ---- Invitations (auth_service_invitations.cc) ----

  // Admin+ user. Queues an email with the invitation link. Errors: kInvalidArgument (email),
  // kPermissionDenied (role above the inviter's), kConflict (already a member, or an
  // invitation is pending).
  Result<Invitation> CreateInvitation(const Principal& principal, std::string_view email,
                                      Role role);
  // Newest first, every status.
  Result<Page<Invitation>> ListInvitations(const Principal& principal, const PageRequest& page);
  // A new token and expiry; the old link stops working. Errors: kNotFound,
  // kFailedPrecondition when accepted or revoked.
  Result<Invitation> ResendInvitation(const Principal& principal, std::string_view id);
  // Errors: kNotFound; kFailedPrecondition when already accepted. Revoking twice is fine.
  Result<void> RevokeInvitation(const Principal& principal, std::string_view id);
  // Creates the account for the invited email and signs it in to the organization. Errors:
  // kInvalidArgument (token, password, name), kConflict when the email already has an
  // account (sign in and accept as that user instead).
  Result<AuthSession> AcceptInvitationAsNewUser(std::string_view token, std::string_view password,
                                                std::string_view name, const ClientInfo& client);
  // Adds the signed-in user to the invitation's organization. Errors: kInvalidArgument
  // (token), kPermissionDenied when the invitation is for another email, kConflict when
  // already a member.
  Result<Membership> AcceptInvitationAsUser(const Principal& principal, std::string_view token);

  // ---- API keys (auth_service_api_keys.cc) ----

  // Admin+ user; the key's role may not exceed the creator's. The secret is returned here
  // only. Errors: kInvalidArgument (name), kPermissionDenied.
  Result<NewApiKey> CreateApiKey(const Principal& principal, std::string_view name, Role role);
  // Newest first, revoked keys included.
  Result<Page<ApiKey>> ListApiKeys(const Principal& principal, const PageRequest& page);
  Result<ApiKey> GetApiKey(const Principal& principal, std::string_view id);
  // Errors: kNotFound. Revoking twice is fine.
  Result<void> RevokeApiKey(const Principal& principal, std::string_view id);

 private:
  // Validated sign-up input with the password already hashed.
  struct AccountDraft {
    std::string email;
    std::string password_hash;
    std::string name;
    std::string organization_name;
    bool email_verified = false;
  };
  struct CreatedAccount {
    User user;
    Organization organization;
  };

  Timestamp Now() const { return clock_.Now(); }
  std::string NewId();
  // kPermissionDenied unless the principal's role and credential kind allow `operation`.
  static Result<void> Require(const Principal& principal, Operation operation);

  // Validates sign-up input and hashes the password (outside any transaction).
  Result<AccountDraft> PrepareAccount(std::string_view email, std::string_view password,
                                      std::string_view name, std::string_view org_name);
  // Inserts user, organization (unique slug) and owner membership inside `tx`.
  Result<CreatedAccount> CreateAccount(db::Tx& tx, const AccountDraft& draft);
  // Starts a session in `org` and issues its first token pair.
  Result<TokenPair> StartSession(db::Tx& tx, const UserId& user, const OrgId& org,
                                 const ClientInfo& client);
  // Issues a new refresh token for an existing session plus an access token.
  Result<TokenPair> IssueTokens(db::Tx& tx, const std::string& session_id, const UserId& user,
                                const OrgId& org);
  // Creates a one-time token (earlier unused ones of the same purpose die); returns the
  // token itself, to be put in an email.
  Result<std::string> IssueOneTimeToken(db::Tx& tx, const UserId& user, OneTimeTokenPurpose purpose,
                                        std::chrono::seconds ttl);
  // Inserts an outbox message; returns its id. Log it with LogQueued after commit.
  Result<std::string> QueueEmail(db::Tx& tx, const std::optional<OrgId>& org, std::string_view to,
                                 std::string subject, std::string body);
  void LogQueued(std::string_view email_id, std::string_view to, std::string_view subject);
  // Counts a failed password check against the account and the client IP.
  void RecordLoginFailure(const std::string& email, std::string_view ip);
  // kRateLimited when the account or IP must wait.
  Result<void> CheckLoginThrottle(const std::string& email, std::string_view ip);
  Invitation WithStatus(Invitation invitation) const;

  db::Database& db_;
  const Clock& clock_;
  Random& random_;
  obs::Logger& logger_;
  const AuthOptions options_;
  const AccessTokenCodec tokens_;
  const PasswordHasher hasher_;
  const PasswordPolicy policy_;
  IpFailureCounter ip_failures_;
};

}  // namespace syntera::auth
