#include "idempotency/sql_idempotency_store.h"

#include <optional>
#include <vector>

#include "base/ids.h"

namespace syntera::idempotency {
namespace {

constexpr const char* kCreateSql = R"sql(
CREATE TABLE idempotency_keys (
  org_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  route TEXT NOT NULL,
  idem_key TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  claim_id TEXT NOT NULL,
  status BIGINT,
  response TEXT,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (org_id, route, idem_key)
);
CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at);
)sql";

constexpr std::string_view kKeyWhere = " WHERE org_id = ? AND route = ? AND idem_key = ?";

struct Record {
  std::string fingerprint;
  std::string claim_id;
  std::optional<int> status;  // nullopt while the first request runs
  std::string response;
  int64_t created_ms = 0;
};

std::vector<db::Value> KeyParams(const Principal& who, const std::string& route,
                                 const std::string& key) {
  return {db::Text(who.org_id.str()), db::Text(route), db::Text(key)};
}

db::Scope ScopeOf(const Principal& who) { return db::Scope::Tenant(who.org_id.str()); }

Result<std::optional<Record>> Find(db::Tx& tx, const std::vector<db::Value>& key) {
  SYN_ASSIGN_OR_RETURN(db::Rows rows,
                       tx.Query("SELECT fingerprint, claim_id, status, response, created_at "
                                "FROM idempotency_keys" + std::string(kKeyWhere), key));
  if (rows.empty()) return std::optional<Record>();
  const db::Row& r = rows[0];
  Record rec{r.Text("fingerprint"), r.Text("claim_id"), std::nullopt,
             r.OptText("response").value_or(""), r.Int("created_at")};
  if (auto status = r.OptInt("status")) rec.status = static_cast<int>(*status);
  return std::optional<Record>(std::move(rec));
}

Result<void> Delete(db::Tx& tx, std::vector<db::Value> key, const std::string& claim_id) {
  std::string sql = "DELETE FROM idempotency_keys" + std::string(kKeyWhere);
  if (!claim_id.empty()) {
    sql += " AND claim_id = ?";
    key.push_back(db::Text(claim_id));
  }
  SYN_RETURN_IF_ERROR(tx.Exec(sql, key));
  return Ok();
}

}  // namespace

db::ModuleMigrations IdempotencyMigrations() {
  return {"idempotency",
          {{1, "create_idempotency_keys", kCreateSql,
            std::string(kCreateSql) + db::PgRowLevelSecuritySql("idempotency_keys") + "\n"}}};
}

SqlIdempotencyStore::SqlIdempotencyStore(db::Database& db, const Clock& clock, Random& random)
    : db_(db), clock_(clock), random_(random) {}

Result<http::IdempotencyClaim> SqlIdempotencyStore::Claim(const Principal& who,
                                                          const std::string& route,
                                                          const std::string& key,
                                                          const std::string& fingerprint) {
  const int64_t now = ToUnixMillis(clock_.Now());
  const std::vector<db::Value> params = KeyParams(who, route, key);
  return db::InTx(db_, ScopeOf(who), db::TxMode::kWrite,
                  [&](db::Tx& tx) -> Result<http::IdempotencyClaim> {
    SYN_ASSIGN_OR_RETURN(std::optional<Record> found, Find(tx, params));
    if (found) {
      const auto age = std::chrono::milliseconds(now - found->created_ms);
      const bool expired = found->status ? age >= kKeyTtl : age >= kClaimTimeout;
      if (!expired) {
        if (found->fingerprint != fingerprint) {
          return FailedPrecondition("this Idempotency-Key was used with a different request");
        }
        if (!found->status) {
          return Conflict("the first request with this Idempotency-Key is still running");
        }
        return http::IdempotencyClaim{"", found->status, std::move(found->response)};
      }
      SYN_RETURN_IF_ERROR(Delete(tx, params, ""));
    }
    const std::string claim_id = NewUuidV7(clock_, random_);
    std::vector<db::Value> row = params;
    row.push_back(db::Text(fingerprint));
    row.push_back(db::Text(claim_id));
    row.push_back(db::Int(now));
    SYN_ASSIGN_OR_RETURN(int64_t inserted,
                         tx.Exec("INSERT INTO idempotency_keys (org_id, route, idem_key, "
                                 "fingerprint, claim_id, created_at) VALUES (?, ?, ?, ?, ?, ?) "
                                 "ON CONFLICT (org_id, route, idem_key) DO NOTHING",
                                 row));
    if (inserted != 1) {
      return Conflict("the first request with this Idempotency-Key is still running");
    }
    return http::IdempotencyClaim{claim_id, std::nullopt, ""};
  });
}

Result<void> SqlIdempotencyStore::Complete(const Principal& who, const std::string& route,
                                           const std::string& key, const std::string& claim_id,
                                           int status, const std::string& response) {
  std::vector<db::Value> params = {db::Int(status), db::Text(response)};
  for (db::Value& v : KeyParams(who, route, key)) params.push_back(std::move(v));
  params.push_back(db::Text(claim_id));
  return db::InTx(db_, ScopeOf(who), db::TxMode::kWrite, [&](db::Tx& tx) -> Result<void> {
    SYN_RETURN_IF_ERROR(tx.Exec("UPDATE idempotency_keys SET status = ?, response = ?" +
                                    std::string(kKeyWhere) + " AND claim_id = ?",
                                params));
    return Ok();
  });
}

Result<void> SqlIdempotencyStore::Release(const Principal& who, const std::string& route,
                                          const std::string& key, const std::string& claim_id) {
  return db::InTx(db_, ScopeOf(who), db::TxMode::kWrite, [&](db::Tx& tx) {
    return Delete(tx, KeyParams(who, route, key), claim_id);
  });
}

Result<void> SqlIdempotencyStore::Purge() {
  const int64_t before = ToUnixMillis(clock_.Now()) -
                         std::chrono::duration_cast<std::chrono::milliseconds>(kKeyTtl).count();
  return db::InTx(db_, db::Scope::System(), db::TxMode::kWrite, [&](db::Tx& tx) -> Result<void> {
    SYN_RETURN_IF_ERROR(
        tx.Exec("DELETE FROM idempotency_keys WHERE created_at < ?", {db::Int(before)}));
    return Ok();
  });
}

}  // namespace syntera::idempotency
