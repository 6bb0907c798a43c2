#pragma once
// Helpers shared by the auth stores (private to src/auth): converting between rows and the
// auth value types, and keyset pagination.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/auth_types.h"
#include "db/database.h"

namespace syntera::auth::store {

inline db::Value TimeValue(Timestamp t) { return db::Int(ToUnixMillis(t)); }
db::Value OptTimeValue(const std::optional<Timestamp>& t);
inline db::Value RoleValue(Role r) { return db::Text(std::string(RoleName(r))); }

Timestamp TimeAt(const db::Row& row, std::string_view column);
std::optional<Timestamp> OptTimeAt(const db::Row& row, std::string_view column);
// An unknown role text (which the CHECK constraint prevents) reads as the least privileged.
Role RoleAt(const db::Row& row, std::string_view column);

// Expects columns user_id, email, name, email_verified_at, user_created_at.
User UserAt(const db::Row& row);
// Expects columns org_id, org_name, org_slug, org_created_at.
Organization OrganizationAt(const db::Row& row);

// Keyset pagination over (created_at, id). `order` is "ASC" or "DESC". Appends the cursor
// condition (with its parameters) to `where`/`params`, and returns the ORDER BY … LIMIT tail;
// the query fetches one extra row so TakePage can tell whether another page follows.
std::string PageClause(const PageRequest& page, std::string_view created_col,
                       std::string_view id_col, std::string_view order, std::string& where,
                       std::vector<db::Value>& params);

// Moves up to page.limit items from `all` into a Page, setting `next` when more followed.
template <typename T, typename KeyFn>
Page<T> TakePage(std::vector<T> all, const PageRequest& page, KeyFn key) {
  Page<T> out;
  bool more = all.size() > static_cast<size_t>(page.limit);
  if (more) all.resize(static_cast<size_t>(page.limit));
  if (more && !all.empty()) out.next = key(all.back());
  out.items = std::move(all);
  return out;
}

}  // namespace syntera::auth::store
