#pragma once
// idempotency: http::IdempotencyStore in the database (table idempotency_keys, one row per
// organization, route and key; tenant-scoped with row-level security on PostgreSQL). The only
// SQL of the module lives in sql_idempotency_store.cc.

#include <chrono>

#include "base/clock.h"
#include "base/random.h"
#include "db/database.h"
#include "db/migrations.h"
#include "http/idempotency.h"

namespace syntera::idempotency {

inline constexpr std::chrono::hours kKeyTtl{24};            // replayable this long
inline constexpr std::chrono::seconds kClaimTimeout{60};    // a crashed first request's claim

db::ModuleMigrations IdempotencyMigrations();

class SqlIdempotencyStore final : public http::IdempotencyStore {
 public:
  // References must outlive the store.
  SqlIdempotencyStore(db::Database& db, const Clock& clock, Random& random);

  Result<http::IdempotencyClaim> Claim(const Principal& who, const std::string& route,
                                       const std::string& key,
                                       const std::string& fingerprint) override;
  Result<void> Complete(const Principal& who, const std::string& route, const std::string& key,
                        const std::string& claim_id, int status,
                        const std::string& response) override;
  Result<void> Release(const Principal& who, const std::string& route, const std::string& key,
                       const std::string& claim_id) override;
  // Deletes every organization's keys older than kKeyTtl (system scope; a recurring job).
  Result<void> Purge();

 private:
  db::Database& db_;
  const Clock& clock_;
  Random& random_;
};

}  // namespace syntera::idempotency
