#pragma once
// Plain value types the auth service takes and returns. No JSON, no SQL.

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/ids.h"
#include "base/principal.h"

namespace syntera::auth {

struct User {
  UserId id;
  std::string email;  // lowercase
  std::string name;
  std::optional<Timestamp> email_verified_at;
  Timestamp created_at;
  bool email_verified() const { return email_verified_at.has_value(); }
};

struct Organization {
  OrgId id;
  std::string name;
  std::string slug;  // unique across the installation
  Timestamp created_at;
};

// One organization a user belongs to, with their role there.
struct Membership {
  Organization organization;
  Role role = Role::kViewer;
};

// One member of an organization.
struct Member {
  User user;
  Role role = Role::kViewer;
  Timestamp joined_at;
};

struct ApiKey {
  std::string id;
  OrgId org_id;
  std::string name;
  std::string prefix;  // first characters of the secret, for recognising a key in lists
  Role role = Role::kViewer;
  UserId created_by;
  Timestamp created_at;
  std::optional<Timestamp> last_used_at;
  std::optional<Timestamp> revoked_at;
};

// An API key together with its secret: returned only by CreateApiKey, once.
struct NewApiKey {
  ApiKey key;
  std::string secret;
};

enum class InvitationStatus { kPending, kAccepted, kRevoked, kExpired };
std::string_view InvitationStatusName(InvitationStatus s);

struct Invitation {
  std::string id;
  OrgId org_id;
  std::string email;
  Role role = Role::kViewer;
  UserId invited_by;
  Timestamp created_at;
  Timestamp expires_at;
  std::optional<Timestamp> accepted_at;
  std::optional<Timestamp> revoked_at;
  InvitationStatus status = InvitationStatus::kPending;  // as of when the service read it
  InvitationStatus StatusAt(Timestamp now) const;
};

struct TokenPair {
  std::string access_token;            // JWT, see access_token.h
  std::string refresh_token;           // opaque, single use
  std::chrono::seconds expires_in{0};  // lifetime of the access token
};

// What sign-up, login, refresh, switching organization and accepting an invitation as a new
// user return: who is signed in, where, and their tokens.
struct AuthSession {
  User user;
  Organization organization;
  Role role = Role::kViewer;
  TokenPair tokens;
};

// What `syntera admin create` makes: a verified user owning a new organization.
struct AdminAccount {
  User user;
  Organization organization;
};

// GET /me. Exactly one of `user` / `api_key` is set.
struct Me {
  std::optional<User> user;
  std::vector<Membership> memberships;  // empty for an API key
  Organization organization;            // the principal's organization
  Role role = Role::kViewer;
  std::optional<ApiKey> api_key;
};

enum class OneTimeTokenPurpose { kPasswordReset, kEmailVerification };

// Keyset pagination: the position after which the next page starts. Stable under inserts.
struct PageCursor {
  int64_t created_at_ms = 0;
  std::string id;
};

inline constexpr int kDefaultPageSize = 50;
inline constexpr int kMaxPageSize = 200;

struct PageRequest {
  int limit = kDefaultPageSize;  // 1..kMaxPageSize
  std::optional<PageCursor> after;
};

template <typename T>
struct Page {
  std::vector<T> items;
  std::optional<PageCursor> next;  // set when more items may follow
};

// Sign-up input (already decoded; the service validates the password and lengths).
struct SignUpRequest {
  std::string email;
  std::string password;
  std::string name;
  std::string organization_name;
};

// Request metadata recorded with a session and used for per-IP login throttling.
struct ClientInfo {
  std::string ip;
  std::string user_agent;
};

}  // namespace syntera::auth
