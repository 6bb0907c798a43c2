#include "auth/store_rows.h"

namespace syntera::auth::store {

db::Value OptTimeValue(const std::optional<Timestamp>& t) { return t ? TimeValue(*t) : db::Null(); }

Timestamp TimeAt(const db::Row& row, std::string_view column) {
  return FromUnixMillis(row.Int(column));
}

std::optional<Timestamp> OptTimeAt(const db::Row& row, std::string_view column) {
  auto v = row.OptInt(column);
  if (!v) return std::nullopt;
  return FromUnixMillis(*v);
}

Role RoleAt(const db::Row& row, std::string_view column) {
  return ParseRole(row.Text(column)).value_or(Role::kViewer);
}

User UserAt(const db::Row& row) {
  return User{UserId(row.Text("user_id")), row.Text("email"), row.Text("name"),
              OptTimeAt(row, "email_verified_at"), TimeAt(row, "user_created_at")};
}

Organization OrganizationAt(const db::Row& row) {
  return Organization{OrgId(row.Text("org_id")), row.Text("org_name"), row.Text("org_slug"),
                      TimeAt(row, "org_created_at")};
}

std::string PageClause(const PageRequest& page, std::string_view created_col,
                       std::string_view id_col, std::string_view order, std::string& where,
                       std::vector<db::Value>& params) {
  std::string c(created_col), i(id_col);
  if (page.after) {
    std::string op = order == "DESC" ? "<" : ">";
    where += " AND (" + c + " " + op + " ? OR (" + c + " = ? AND " + i + " " + op + " ?))";
    params.push_back(db::Int(page.after->created_at_ms));
    params.push_back(db::Int(page.after->created_at_ms));
    params.push_back(db::Text(page.after->id));
  }
  params.push_back(db::Int(page.limit + 1));
  return " ORDER BY " + c + " " + std::string(order) + ", " + i + " " + std::string(order) +
         " LIMIT ?";
}

}  // namespace syntera::auth::store
