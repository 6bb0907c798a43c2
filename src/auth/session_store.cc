#include "auth/session_store.h"

#include "auth/store_rows.h"

namespace syntera::auth::store {
namespace {
db::Value Str(std::string_view s) { return db::Text(std::string(s)); }
}  // namespace

Result<void> InsertSession(db::Tx& tx, const SessionRecord& session, const ClientInfo& client) {
  auto opt = [](const std::string& s) { return s.empty() ? db::Null() : db::Text(s); };
  SYN_RETURN_IF_ERROR(tx.Exec(
      "INSERT INTO sessions (id, user_id, org_id, created_at, last_used_at, user_agent, ip) "
      "VALUES (?, ?, ?, ?, ?, ?, ?)",
      {db::Text(session.id), db::Text(session.user_id.str()), db::Text(session.org_id.str()),
       TimeValue(session.created_at), TimeValue(session.created_at), opt(client.user_agent),
       opt(client.ip)}));
  return Ok();
}

Result<void> InsertRefreshToken(db::Tx& tx, std::string_view token_hash,
                                std::string_view session_id, Timestamp now, Timestamp expires_at) {
  SYN_RETURN_IF_ERROR(
      tx.Exec("INSERT INTO refresh_tokens (token_hash, session_id, created_at, expires_at) "
              "VALUES (?, ?, ?, ?)",
              {Str(token_hash), Str(session_id), TimeValue(now), TimeValue(expires_at)}));
  return Ok();
}

Result<std::optional<RefreshTokenRecord>> FindRefreshToken(db::Tx& tx,
                                                           std::string_view token_hash) {
  SYN_ASSIGN_OR_RETURN(
      db::Rows rows,
      tx.Query("SELECT r.session_id, r.expires_at, r.used_at, s.revoked_at AS session_revoked_at, "
               "u.id AS user_id, u.email, u.name, u.email_verified_at, "
               "u.created_at AS user_created_at, o.id AS org_id, o.name AS org_name, "
               "o.slug AS org_slug, o.created_at AS org_created_at, m.role "
               "FROM refresh_tokens r JOIN sessions s ON s.id = r.session_id "
               "JOIN users u ON u.id = s.user_id JOIN organizations o ON o.id = s.org_id "
               "LEFT JOIN memberships m ON m.org_id = s.org_id AND m.user_id = s.user_id "
               "WHERE r.token_hash = ?",
               {Str(token_hash)}));
  if (rows.empty()) return std::optional<RefreshTokenRecord>();
  const db::Row& row = rows[0];
  RefreshTokenRecord rec{row.Text("session_id"),
                         TimeAt(row, "expires_at"),
                         OptTimeAt(row, "used_at"),
                         OptTimeAt(row, "session_revoked_at"),
                         UserAt(row),
                         OrganizationAt(row),
                         std::nullopt};
  if (!row.IsNull("role")) rec.role = RoleAt(row, "role");
  return std::optional<RefreshTokenRecord>(std::move(rec));
}

Result<bool> MarkRefreshTokenUsed(db::Tx& tx, std::string_view token_hash, Timestamp now) {
  SYN_ASSIGN_OR_RETURN(int64_t n, tx.Exec("UPDATE refresh_tokens SET used_at = ? "
                                          "WHERE token_hash = ? AND used_at IS NULL",
                                          {TimeValue(now), Str(token_hash)}));
  return n == 1;
}

Result<void> SupersedeRefreshTokens(db::Tx& tx, std::string_view session_id, Timestamp now) {
  SYN_RETURN_IF_ERROR(
      tx.Exec("UPDATE refresh_tokens SET expires_at = ? "
              "WHERE session_id = ? AND used_at IS NULL AND expires_at > ?",
              {TimeValue(now), Str(session_id), TimeValue(now)}));
  return Ok();
}

Result<void> TouchSession(db::Tx& tx, std::string_view session_id, Timestamp now) {
  SYN_RETURN_IF_ERROR(tx.Exec("UPDATE sessions SET last_used_at = ? WHERE id = ?",
                              {TimeValue(now), Str(session_id)}));
  return Ok();
}

Result<void> SetSessionOrganization(db::Tx& tx, std::string_view session_id, const OrgId& org,
                                    Timestamp now) {
  SYN_RETURN_IF_ERROR(tx.Exec("UPDATE sessions SET org_id = ?, last_used_at = ? WHERE id = ?",
                              {db::Text(org.str()), TimeValue(now), Str(session_id)}));
  return Ok();
}

Result<void> RevokeSession(db::Tx& tx, std::string_view session_id, Timestamp now) {
  SYN_RETURN_IF_ERROR(
      tx.Exec("UPDATE sessions SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
              {TimeValue(now), Str(session_id)}));
  return Ok();
}

Result<void> RevokeUserSessions(db::Tx& tx, const UserId& user, Timestamp now,
                                std::string_view keep_session_id) {
  SYN_RETURN_IF_ERROR(tx.Exec(
      "UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL AND id <> ?",
      {TimeValue(now), db::Text(user.str()), Str(keep_session_id)}));
  return Ok();
}

Result<void> RevokeUserSessionsInOrg(db::Tx& tx, const UserId& user, const OrgId& org,
                                     Timestamp now) {
  SYN_RETURN_IF_ERROR(
      tx.Exec("UPDATE sessions SET revoked_at = ? "
              "WHERE user_id = ? AND org_id = ? AND revoked_at IS NULL",
              {TimeValue(now), db::Text(user.str()), db::Text(org.str())}));
  return Ok();
}

Result<std::optional<Role>> LiveSessionRole(db::Tx& tx, std::string_view session_id,
                                            const UserId& user, const OrgId& org) {
  SYN_ASSIGN_OR_RETURN(
      db::Rows rows,
      tx.Query("SELECT m.role FROM sessions s JOIN memberships m "
               "ON m.org_id = s.org_id AND m.user_id = s.user_id "
               "WHERE s.id = ? AND s.user_id = ? AND s.org_id = ? AND s.revoked_at IS NULL",
               {Str(session_id), db::Text(user.str()), db::Text(org.str())}));
  if (rows.empty()) return std::optional<Role>();
  return std::optional<Role>(RoleAt(rows[0], "role"));
}

}  // namespace syntera::auth::store
