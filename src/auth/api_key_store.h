#pragma once
// SQL for `api_keys`. Only the SHA-256 hex of a secret is stored (`key_hash`, unique).

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "auth/auth_types.h"
#include "base/result.h"
#include "db/database.h"

namespace syntera::auth::store {

Result<void> InsertApiKey(db::Tx& tx, const ApiKey& key, std::string_view key_hash);
// nullopt when no key `id` exists in `org` (another organization's key is not found).
Result<std::optional<ApiKey>> FindApiKey(db::Tx& tx, const OrgId& org, std::string_view id);
// Newest first.
Result<Page<ApiKey>> ListApiKeys(db::Tx& tx, const OrgId& org, const PageRequest& page);
// Sets revoked_at once (an already revoked key keeps its first time).
Result<void> RevokeApiKey(db::Tx& tx, const OrgId& org, std::string_view id, Timestamp now);

struct ApiKeyWithHash {
  ApiKey key;
  std::string key_hash;
};
// Looks a key up by its hash across organizations (system scope: authentication).
Result<std::optional<ApiKeyWithHash>> FindApiKeyByHash(db::Tx& tx, std::string_view key_hash);
// Records use at `now` unless the stored last_used_at is newer than now - `granularity`, so
// a busy key costs at most one write per granularity.
Result<void> TouchApiKey(db::Tx& tx, const OrgId& org, std::string_view id, Timestamp now,
                         std::chrono::milliseconds granularity);

}  // namespace syntera::auth::store
