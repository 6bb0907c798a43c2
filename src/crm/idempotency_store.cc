#include "crm/idempotency_store.h"

#include "crm/store_util.h"

namespace syntera::crm::store {
namespace {

constexpr std::string_view kKeyWhere = " WHERE org_id = ? AND route = ? AND idem_key = ?";

std::vector<db::Value> KeyParams(const OrgId& org, const std::string& route,
                                 const std::string& key) {
  return {db::Text(org.str()), db::Text(route), db::Text(key)};
}

}  // namespace

Result<std::optional<IdempotencyRecord>> FindIdempotencyKey(db::Tx& tx, const OrgId& org,
                                                            const std::string& route,
                                                            const std::string& key) {
  SYN_ASSIGN_OR_RETURN(
      db::Rows rows,
      tx.Query("SELECT fingerprint, claim_id, status, response, created_at FROM "
               "crm_idempotency_keys" + std::string(kKeyWhere),
               KeyParams(org, route, key)));
  if (rows.empty()) return std::optional<IdempotencyRecord>();
  const db::Row& r = rows[0];
  IdempotencyRecord rec;
  rec.fingerprint = r.Text("fingerprint");
  rec.claim_id = r.Text("claim_id");
  if (auto status = r.OptInt("status")) rec.status = static_cast<int>(*status);
  rec.response = r.OptText("response").value_or("");
  rec.created_at = TimeAt(r, "created_at");
  return std::optional<IdempotencyRecord>(std::move(rec));
}

Result<bool> InsertIdempotencyClaim(db::Tx& tx, const OrgId& org, const std::string& route,
                                    const std::string& key, const IdempotencyRecord& rec) {
  std::vector<db::Value> params = KeyParams(org, route, key);
  params.push_back(db::Text(rec.fingerprint));
  params.push_back(db::Text(rec.claim_id));
  params.push_back(TimeValue(rec.created_at));
  SYN_ASSIGN_OR_RETURN(int64_t n,
                       tx.Exec("INSERT INTO crm_idempotency_keys (org_id, route, idem_key, "
                               "fingerprint, claim_id, created_at) VALUES (?, ?, ?, ?, ?, ?) "
                               "ON CONFLICT (org_id, route, idem_key) DO NOTHING",
                               params));
  return n == 1;
}

Result<void> CompleteIdempotencyKey(db::Tx& tx, const OrgId& org, const std::string& route,
                                    const std::string& key, const std::string& claim_id,
                                    int status, const std::string& response) {
  std::vector<db::Value> params = {db::Int(status), db::Text(response)};
  for (auto& v : KeyParams(org, route, key)) params.push_back(std::move(v));
  params.push_back(db::Text(claim_id));
  SYN_RETURN_IF_ERROR(tx.Exec("UPDATE crm_idempotency_keys SET status = ?, response = ?" +
                                  std::string(kKeyWhere) + " AND claim_id = ?",
                              params));
  return Ok();
}

Result<void> DeleteIdempotencyKey(db::Tx& tx, const OrgId& org, const std::string& route,
                                  const std::string& key, const std::string& claim_id) {
  std::vector<db::Value> params = KeyParams(org, route, key);
  std::string sql = "DELETE FROM crm_idempotency_keys" + std::string(kKeyWhere);
  if (!claim_id.empty()) {
    sql += " AND claim_id = ?";
    params.push_back(db::Text(claim_id));
  }
  SYN_RETURN_IF_ERROR(tx.Exec(sql, params));
  return Ok();
}

Result<void> PurgeIdempotencyKeys(db::Tx& tx, Timestamp before) {
  SYN_RETURN_IF_ERROR(
      tx.Exec("DELETE FROM crm_idempotency_keys WHERE created_at < ?", {TimeValue(before)}));
  return Ok();
}

}  // namespace syntera::crm::store
