#pragma once
// SQL of the Idempotency-Key records of CRM POST routes (table crm_idempotency_keys): one row
// per (organization, route, key), claimed before the request runs and completed with its
// reply. Every function filters by `org` except PurgeIdempotencyKeys (system scope).

#include <optional>
#include <string>

#include "base/clock.h"
#include "base/ids.h"
#include "base/result.h"
#include "db/database.h"

namespace syntera::crm::store {

struct IdempotencyRecord {
  std::string fingerprint;
  std::string claim_id;
  std::optional<int> status;  // nullopt while the first request runs
  std::string response;
  Timestamp created_at;
};

Result<std::optional<IdempotencyRecord>> FindIdempotencyKey(db::Tx& tx, const OrgId& org,
                                                            const std::string& route,
                                                            const std::string& key);
// Inserts a claim; false when a row for the key exists (a concurrent claim won).
Result<bool> InsertIdempotencyClaim(db::Tx& tx, const OrgId& org, const std::string& route,
                                    const std::string& key, const IdempotencyRecord& record);
// Stores the reply on the row still held by `claim_id`.
Result<void> CompleteIdempotencyKey(db::Tx& tx, const OrgId& org, const std::string& route,
                                    const std::string& key, const std::string& claim_id,
                                    int status, const std::string& response);
// Deletes the row (only the one held by `claim_id` when it is not empty).
Result<void> DeleteIdempotencyKey(db::Tx& tx, const OrgId& org, const std::string& route,
                                  const std::string& key, const std::string& claim_id);
// Deletes every organization's rows created before `before` (system scope).
Result<void> PurgeIdempotencyKeys(db::Tx& tx, Timestamp before);

}  // namespace syntera::crm::store
