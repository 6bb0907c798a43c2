#pragma once
// SQL for `sessions` and `refresh_tokens`. A session is one sign-in (one refresh-token family);
// its refresh tokens rotate on every use and only their SHA-256 hex is stored.

#include <optional>
#include <string>
#include <string_view>

#include "auth/auth_types.h"
#include "base/result.h"
#include "db/database.h"

namespace syntera::auth::store {

struct SessionRecord {
  std::string id;
  UserId user_id;
  OrgId org_id;  // the active organization
  Timestamp created_at;
};

Result<void> InsertSession(db::Tx& tx, const SessionRecord& session, const ClientInfo& client);
Result<void> InsertRefreshToken(db::Tx& tx, std::string_view token_hash,
                                std::string_view session_id, Timestamp now, Timestamp expires_at);

// A refresh token joined with its session, the session's user and organization, and the
// user's role there (nullopt when the membership is gone).
struct RefreshTokenRecord {
  std::string session_id;
  Timestamp expires_at;
  std::optional<Timestamp> used_at;
  std::optional<Timestamp> session_revoked_at;
  User user;
  Organization organization;
  std::optional<Role> role;
};
Result<std::optional<RefreshTokenRecord>> FindRefreshToken(db::Tx& tx, std::string_view token_hash);
// Marks the token used; false when it already was (a concurrent or replayed use).
Result<bool> MarkRefreshTokenUsed(db::Tx& tx, std::string_view token_hash, Timestamp now);
// Expires every still-valid refresh token of the session now: they are superseded (a later
// use is a plain 401, not a replay that would end the session).
Result<void> SupersedeRefreshTokens(db::Tx& tx, std::string_view session_id, Timestamp now);

Result<void> TouchSession(db::Tx& tx, std::string_view session_id, Timestamp now);
Result<void> SetSessionOrganization(db::Tx& tx, std::string_view session_id, const OrgId& org,
                                    Timestamp now);
Result<void> RevokeSession(db::Tx& tx, std::string_view session_id, Timestamp now);
// Revokes every live session of the user, except `keep_session_id` when non-empty.
Result<void> RevokeUserSessions(db::Tx& tx, const UserId& user, Timestamp now,
                                std::string_view keep_session_id = {});
Result<void> RevokeUserSessionsInOrg(db::Tx& tx, const UserId& user, const OrgId& org,
                                     Timestamp now);

// In one query: the user's current role in `org` when session `session_id` belongs to that
// user and organization and is not revoked; nullopt otherwise.
Result<std::optional<Role>> LiveSessionRole(db::Tx& tx, std::string_view session_id,
                                            const UserId& user, const OrgId& org);

}  // namespace syntera::auth::store
