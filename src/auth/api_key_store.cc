#include "auth/api_key_store.h"

#include "auth/store_rows.h"

namespace syntera::auth::store {
namespace {

constexpr std::string_view kColumns =
    "SELECT id, org_id, name, prefix, key_hash, role, created_by, created_at, last_used_at, "
    "revoked_at FROM api_keys ";

db::Value Str(std::string_view s) { return db::Text(std::string(s)); }

ApiKey ApiKeyAt(const db::Row& row) {
  return ApiKey{row.Text("id"),
                OrgId(row.Text("org_id")),
                row.Text("name"),
                row.Text("prefix"),
                RoleAt(row, "role"),
                UserId(row.Text("created_by")),
                TimeAt(row, "created_at"),
                OptTimeAt(row, "last_used_at"),
                OptTimeAt(row, "revoked_at")};
}

}  // namespace

Result<void> InsertApiKey(db::Tx& tx, const ApiKey& key, std::string_view key_hash) {
  SYN_RETURN_IF_ERROR(tx.Exec(
      "INSERT INTO api_keys (id, org_id, name, prefix, key_hash, role, created_by, created_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      {db::Text(key.id), db::Text(key.org_id.str()), db::Text(key.name), db::Text(key.prefix),
       Str(key_hash), RoleValue(key.role), db::Text(key.created_by.str()),
       TimeValue(key.created_at)}));
  return Ok();
}

Result<std::optional<ApiKey>> FindApiKey(db::Tx& tx, const OrgId& org, std::string_view id) {
  SYN_ASSIGN_OR_RETURN(db::Rows rows,
                       tx.Query(std::string(kColumns) + "WHERE org_id = ? AND id = ?",
                                {db::Text(org.str()), Str(id)}));
  if (rows.empty()) return std::optional<ApiKey>();
  return std::optional<ApiKey>(ApiKeyAt(rows[0]));
}

Result<Page<ApiKey>> ListApiKeys(db::Tx& tx, const OrgId& org, const PageRequest& page) {
  std::string where = "WHERE org_id = ?";
  std::vector<db::Value> params = {db::Text(org.str())};
  std::string tail = PageClause(page, "created_at", "id", "DESC", where, params);
  SYN_ASSIGN_OR_RETURN(db::Rows rows, tx.Query(std::string(kColumns) + where + tail, params));
  std::vector<ApiKey> all;
  for (const db::Row& row : rows) all.push_back(ApiKeyAt(row));
  return TakePage(std::move(all), page, [](const ApiKey& k) {
    return PageCursor{ToUnixMillis(k.created_at), k.id};
  });
}

Result<void> RevokeApiKey(db::Tx& tx, const OrgId& org, std::string_view id, Timestamp now) {
  SYN_RETURN_IF_ERROR(tx.Exec(
      "UPDATE api_keys SET revoked_at = ? WHERE org_id = ? AND id = ? AND revoked_at IS NULL",
      {TimeValue(now), db::Text(org.str()), Str(id)}));
  return Ok();
}

Result<std::optional<ApiKeyWithHash>> FindApiKeyByHash(db::Tx& tx, std::string_view key_hash) {
  SYN_ASSIGN_OR_RETURN(db::Rows rows,
                       tx.Query(std::string(kColumns) + "WHERE key_hash = ?", {Str(key_hash)}));
  if (rows.empty()) return std::optional<ApiKeyWithHash>();
  return std::optional<ApiKeyWithHash>(ApiKeyWithHash{ApiKeyAt(rows[0]), rows[0].Text("key_hash")});
}

Result<void> TouchApiKey(db::Tx& tx, const OrgId& org, std::string_view id, Timestamp now,
                         std::chrono::milliseconds granularity) {
  SYN_RETURN_IF_ERROR(
      tx.Exec("UPDATE api_keys SET last_used_at = ? WHERE org_id = ? AND id = ? "
              "AND (last_used_at IS NULL OR last_used_at <= ?)",
              {TimeValue(now), db::Text(org.str()), Str(id), TimeValue(now - granularity)}));
  return Ok();
}

}  // namespace syntera::auth::store
