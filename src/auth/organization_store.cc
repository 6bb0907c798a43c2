#include "auth/organization_store.h"

#include "auth/store_rows.h"

namespace syntera::auth::store {
namespace {

constexpr std::string_view kOrgColumns =
    "o.id AS org_id, o.name AS org_name, o.slug AS org_slug, o.created_at AS org_created_at";
constexpr std::string_view kMemberColumns =
    "u.id AS user_id, u.email, u.name, u.email_verified_at, u.created_at AS user_created_at, "
    "m.role, m.created_at AS joined_at";

Member MemberAt(const db::Row& row) {
  return Member{UserAt(row), RoleAt(row, "role"), TimeAt(row, "joined_at")};
}

Result<std::optional<Membership>> FirstMembership(Result<db::Rows> rows) {
  if (!rows.ok()) return std::move(rows).error();
  if (rows->empty()) return std::optional<Membership>();
  const db::Row& row = (*rows)[0];
  return std::optional<Membership>(Membership{OrganizationAt(row), RoleAt(row, "role")});
}

}  // namespace

Result<bool> TryInsertOrganization(db::Tx& tx, const Organization& org) {
  SYN_ASSIGN_OR_RETURN(
      int64_t n,
      tx.Exec("INSERT INTO organizations (id, name, slug, created_at) VALUES (?, ?, ?, ?) "
              "ON CONFLICT (slug) DO NOTHING",
              {db::Text(org.id.str()), db::Text(org.name), db::Text(org.slug),
               TimeValue(org.created_at)}));
  return n == 1;
}

Result<std::optional<Organization>> FindOrganization(db::Tx& tx, const OrgId& id) {
  SYN_ASSIGN_OR_RETURN(db::Rows rows, tx.Query("SELECT " + std::string(kOrgColumns) +
                                                   " FROM organizations o WHERE o.id = ?",
                                               {db::Text(id.str())}));
  if (rows.empty()) return std::optional<Organization>();
  return std::optional<Organization>(OrganizationAt(rows[0]));
}

Result<void> UpdateOrganizationName(db::Tx& tx, const OrgId& id, std::string_view name) {
  SYN_RETURN_IF_ERROR(tx.Exec("UPDATE organizations SET name = ? WHERE id = ?",
                              {db::Text(std::string(name)), db::Text(id.str())}));
  return Ok();
}

Result<void> InsertMembership(db::Tx& tx, const OrgId& org, const UserId& user, Role role,
                              Timestamp now) {
  SYN_RETURN_IF_ERROR(
      tx.Exec("INSERT INTO memberships (org_id, user_id, role, created_at) VALUES (?, ?, ?, ?)",
              {db::Text(org.str()), db::Text(user.str()), RoleValue(role), TimeValue(now)}));
  return Ok();
}

Result<std::vector<Membership>> ListMembershipsOfUser(db::Tx& tx, const UserId& user) {
  SYN_ASSIGN_OR_RETURN(
      db::Rows rows,
      tx.Query("SELECT " + std::string(kOrgColumns) +
                   ", m.role FROM memberships m JOIN organizations o ON o.id = m.org_id "
                   "WHERE m.user_id = ? ORDER BY m.created_at, m.org_id",
               {db::Text(user.str())}));
  std::vector<Membership> out;
  for (const db::Row& row : rows) out.push_back({OrganizationAt(row), RoleAt(row, "role")});
  return out;
}

Result<std::optional<Membership>> PreferredMembership(db::Tx& tx, const UserId& user) {
  return FirstMembership(
      tx.Query("SELECT " + std::string(kOrgColumns) +
                   ", m.role FROM memberships m JOIN organizations o ON o.id = m.org_id "
                   "LEFT JOIN (SELECT org_id, MAX(last_used_at) AS used FROM sessions "
                   "WHERE user_id = ? GROUP BY org_id) s ON s.org_id = m.org_id "
                   "WHERE m.user_id = ? ORDER BY COALESCE(s.used, 0) DESC, m.created_at, m.org_id "
                   "LIMIT 1",
               {db::Text(user.str()), db::Text(user.str())}));
}

Result<std::optional<Membership>> FindMembership(db::Tx& tx, const OrgId& org, const UserId& user) {
  return FirstMembership(
      tx.Query("SELECT " + std::string(kOrgColumns) +
                   ", m.role FROM memberships m JOIN organizations o ON o.id = m.org_id "
                   "WHERE m.org_id = ? AND m.user_id = ?",
               {db::Text(org.str()), db::Text(user.str())}));
}

Result<Page<Member>> ListMembers(db::Tx& tx, const OrgId& org, const PageRequest& page) {
  std::string where = "WHERE m.org_id = ?";
  std::vector<db::Value> params = {db::Text(org.str())};
  std::string tail = PageClause(page, "m.created_at", "m.user_id", "ASC", where, params);
  SYN_ASSIGN_OR_RETURN(
      db::Rows rows,
      tx.Query("SELECT " + std::string(kMemberColumns) +
                   " FROM memberships m JOIN users u ON u.id = m.user_id " + where + tail,
               params));
  std::vector<Member> all;
  for (const db::Row& row : rows) all.push_back(MemberAt(row));
  return TakePage(std::move(all), page, [](const Member& m) {
    return PageCursor{ToUnixMillis(m.joined_at), m.user.id.str()};
  });
}

Result<std::optional<Member>> FindMember(db::Tx& tx, const OrgId& org, const UserId& user) {
  SYN_ASSIGN_OR_RETURN(db::Rows rows,
                       tx.Query("SELECT " + std::string(kMemberColumns) +
                                    " FROM memberships m JOIN users u ON u.id = m.user_id "
                                    "WHERE m.org_id = ? AND m.user_id = ?",
                                {db::Text(org.str()), db::Text(user.str())}));
  if (rows.empty()) return std::optional<Member>();
  return std::optional<Member>(MemberAt(rows[0]));
}

Result<bool> IsMemberByEmail(db::Tx& tx, const OrgId& org, std::string_view email) {
  SYN_ASSIGN_OR_RETURN(db::Rows rows,
                       tx.Query("SELECT 1 FROM memberships m JOIN users u ON u.id = m.user_id "
                                "WHERE m.org_id = ? AND u.email = ?",
                                {db::Text(org.str()), db::Text(std::string(email))}));
  return !rows.empty();
}

Result<void> UpdateMemberRole(db::Tx& tx, const OrgId& org, const UserId& user, Role role) {
  SYN_RETURN_IF_ERROR(tx.Exec("UPDATE memberships SET role = ? WHERE org_id = ? AND user_id = ?",
                              {RoleValue(role), db::Text(org.str()), db::Text(user.str())}));
  return Ok();
}

Result<void> DeleteMembership(db::Tx& tx, const OrgId& org, const UserId& user) {
  SYN_RETURN_IF_ERROR(tx.Exec("DELETE FROM memberships WHERE org_id = ? AND user_id = ?",
                              {db::Text(org.str()), db::Text(user.str())}));
  return Ok();
}

Result<int64_t> CountOwnersLocked(db::Tx& tx, const OrgId& org) {
  std::string sql = "SELECT user_id FROM memberships WHERE org_id = ? AND role = 'owner'";
  if (tx.dialect() == db::Dialect::kPostgres) sql += " FOR UPDATE";
  SYN_ASSIGN_OR_RETURN(db::Rows rows, tx.Query(sql, {db::Text(org.str())}));
  return static_cast<int64_t>(rows.size());
}

}  // namespace syntera::auth::store
