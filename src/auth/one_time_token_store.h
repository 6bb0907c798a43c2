#pragma once
// SQL for `one_time_tokens`: password-reset and email-verification tokens, single use, stored
// as SHA-256 hex only.

#include <optional>
#include <string>
#include <string_view>

#include "auth/auth_types.h"
#include "base/result.h"
#include "db/database.h"

namespace syntera::auth::store {

struct OneTimeToken {
  std::string id;
  UserId user_id;
  OneTimeTokenPurpose purpose = OneTimeTokenPurpose::kPasswordReset;
  Timestamp created_at;
  Timestamp expires_at;
  std::optional<Timestamp> used_at;
};

Result<void> InsertOneTimeToken(db::Tx& tx, const OneTimeToken& token, std::string_view token_hash);
// Marks the user's unused tokens of `purpose` used, so only the newest one works.
Result<void> InvalidateOneTimeTokens(db::Tx& tx, const UserId& user, OneTimeTokenPurpose purpose,
                                     Timestamp now);
Result<std::optional<OneTimeToken>> FindOneTimeToken(db::Tx& tx, std::string_view token_hash,
                                                     OneTimeTokenPurpose purpose);
// Uses the token if it is unused and unexpired at `now`; false otherwise (also when another
// request used it first).
Result<bool> ConsumeOneTimeToken(db::Tx& tx, std::string_view id, Timestamp now);

}  // namespace syntera::auth::store
