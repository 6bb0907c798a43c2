// CrmService: Idempotency-Key records of POST routes.

#include "crm/crm_service.h"
#include "crm/idempotency_store.h"

namespace syntera::crm {

Result<IdempotencyClaim> CrmService::ClaimIdempotencyKey(const Principal& who,
                                                         const std::string& route,
                                                         const std::string& key,
                                                         const std::string& fingerprint) {
  const Timestamp now = Now();
  return db::InTx(db_, ScopeOf(who), db::TxMode::kWrite, [&](db::Tx& tx) -> Result<IdempotencyClaim> {
    SYN_ASSIGN_OR_RETURN(auto found, store::FindIdempotencyKey(tx, who.org_id, route, key));
    if (found) {
      bool expired = found->status ? now - found->created_at >= kIdempotencyKeyTtl
                                   : now - found->created_at >= kIdempotencyClaimTimeout;
      if (!expired) {
        if (found->fingerprint != fingerprint) {
          return FailedPrecondition("this Idempotency-Key was used with a different request");
        }
        if (!found->status) {
          return Conflict("the first request with this Idempotency-Key is still running");
        }
        return IdempotencyClaim{"", found->status, std::move(found->response)};
      }
      SYN_RETURN_IF_ERROR(store::DeleteIdempotencyKey(tx, who.org_id, route, key, ""));
    }
    store::IdempotencyRecord claim{fingerprint, NewId(), std::nullopt, "", now};
    SYN_ASSIGN_OR_RETURN(bool inserted,
                         store::InsertIdempotencyClaim(tx, who.org_id, route, key, claim));
    if (!inserted) return Conflict("the first request with this Idempotency-Key is still running");
    return IdempotencyClaim{claim.claim_id, std::nullopt, ""};
  });
}

Result<void> CrmService::CompleteIdempotencyKey(const Principal& who, const std::string& route,
                                                const std::string& key,
                                                const std::string& claim_id, int status,
                                                const std::string& response) {
  return db::InTx(db_, ScopeOf(who), db::TxMode::kWrite, [&](db::Tx& tx) {
    return store::CompleteIdempotencyKey(tx, who.org_id, route, key, claim_id, status, response);
  });
}

Result<void> CrmService::ReleaseIdempotencyKey(const Principal& who, const std::string& route,
                                               const std::string& key,
                                               const std::string& claim_id) {
  return db::InTx(db_, ScopeOf(who), db::TxMode::kWrite, [&](db::Tx& tx) {
    return store::DeleteIdempotencyKey(tx, who.org_id, route, key, claim_id);
  });
}

Result<void> CrmService::PurgeIdempotencyKeys() {
  const Timestamp before = Now() - kIdempotencyKeyTtl;
  return db::InTx(db_, db::Scope::System(), db::TxMode::kWrite,
                  [&](db::Tx& tx) { return store::PurgeIdempotencyKeys(tx, before); });
}

}  // namespace syntera::crm
