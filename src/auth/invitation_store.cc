#include "auth/invitation_store.h"

#include "auth/store_rows.h"

namespace syntera::auth::store {
namespace {

constexpr std::string_view kSelect =
    "SELECT id, org_id, email, role, invited_by, created_at, expires_at, accepted_at, "
    "revoked_at FROM invitations ";

db::Value Str(std::string_view s) { return db::Text(std::string(s)); }

Invitation InvitationAt(const db::Row& row) {
  return Invitation{row.Text("id"),
                    OrgId(row.Text("org_id")),
                    row.Text("email"),
                    RoleAt(row, "role"),
                    UserId(row.Text("invited_by")),
                    TimeAt(row, "created_at"),
                    TimeAt(row, "expires_at"),
                    OptTimeAt(row, "accepted_at"),
                    OptTimeAt(row, "revoked_at")};
}

Result<std::optional<Invitation>> First(Result<db::Rows> rows) {
  if (!rows.ok()) return std::move(rows).error();
  if (rows->empty()) return std::optional<Invitation>();
  return std::optional<Invitation>(InvitationAt((*rows)[0]));
}

}  // namespace

Result<void> InsertInvitation(db::Tx& tx, const Invitation& inv, std::string_view token_hash) {
  SYN_RETURN_IF_ERROR(tx.Exec(
      "INSERT INTO invitations (id, org_id, email, role, token_hash, invited_by, created_at, "
      "expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      {db::Text(inv.id), db::Text(inv.org_id.str()), db::Text(inv.email), RoleValue(inv.role),
       Str(token_hash), db::Text(inv.invited_by.str()), TimeValue(inv.created_at),
       TimeValue(inv.expires_at)}));
  return Ok();
}

Result<std::optional<Invitation>> FindInvitation(db::Tx& tx, const OrgId& org,
                                                 std::string_view id) {
  return First(tx.Query(std::string(kSelect) + "WHERE org_id = ? AND id = ?",
                        {db::Text(org.str()), Str(id)}));
}

Result<std::optional<Invitation>> FindInvitationByTokenHash(db::Tx& tx,
                                                            std::string_view token_hash) {
  return First(tx.Query(std::string(kSelect) + "WHERE token_hash = ?", {Str(token_hash)}));
}

Result<bool> HasPendingInvitation(db::Tx& tx, const OrgId& org, std::string_view email,
                                  Timestamp now) {
  SYN_ASSIGN_OR_RETURN(
      db::Rows rows,
      tx.Query("SELECT 1 FROM invitations WHERE org_id = ? AND email = ? AND accepted_at IS NULL "
               "AND revoked_at IS NULL AND expires_at > ?",
               {db::Text(org.str()), Str(email), TimeValue(now)}));
  return !rows.empty();
}

Result<Page<Invitation>> ListInvitations(db::Tx& tx, const OrgId& org, const PageRequest& page) {
  std::string where = "WHERE org_id = ?";
  std::vector<db::Value> params = {db::Text(org.str())};
  std::string tail = PageClause(page, "created_at", "id", "DESC", where, params);
  SYN_ASSIGN_OR_RETURN(db::Rows rows, tx.Query(std::string(kSelect) + where + tail, params));
  std::vector<Invitation> all;
  for (const db::Row& row : rows) all.push_back(InvitationAt(row));
  return TakePage(std::move(all), page, [](const Invitation& i) {
    return PageCursor{ToUnixMillis(i.created_at), i.id};
  });
}

Result<void> RenewInvitation(db::Tx& tx, const OrgId& org, std::string_view id,
                             std::string_view token_hash, Timestamp expires_at) {
  SYN_RETURN_IF_ERROR(
      tx.Exec("UPDATE invitations SET token_hash = ?, expires_at = ? WHERE org_id = ? AND id = ?",
              {Str(token_hash), TimeValue(expires_at), db::Text(org.str()), Str(id)}));
  return Ok();
}

Result<void> RevokeInvitation(db::Tx& tx, const OrgId& org, std::string_view id, Timestamp now) {
  SYN_RETURN_IF_ERROR(
      tx.Exec("UPDATE invitations SET revoked_at = ? "
              "WHERE org_id = ? AND id = ? AND revoked_at IS NULL AND accepted_at IS NULL",
              {TimeValue(now), db::Text(org.str()), Str(id)}));
  return Ok();
}

Result<bool> MarkInvitationAccepted(db::Tx& tx, std::string_view id, Timestamp now) {
  SYN_ASSIGN_OR_RETURN(
      int64_t n,
      tx.Exec("UPDATE invitations SET accepted_at = ? WHERE id = ? AND accepted_at IS NULL "
              "AND revoked_at IS NULL AND expires_at > ?",
              {TimeValue(now), Str(id), TimeValue(now)}));
  return n == 1;
}

}  // namespace syntera::auth::store
