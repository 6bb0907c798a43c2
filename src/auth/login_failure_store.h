#pragma once
// SQL for `login_failures`: per-account failed-login counters (see login_throttle.h).

#include <optional>
#include <string_view>

#include "auth/login_throttle.h"
#include "base/result.h"
#include "db/database.h"

namespace syntera::auth::store {

Result<std::optional<LoginFailures>> FindLoginFailures(db::Tx& tx, std::string_view email);
Result<void> SaveLoginFailures(db::Tx& tx, std::string_view email, const LoginFailures& f);
Result<void> ClearLoginFailures(db::Tx& tx, std::string_view email);
// Drops records whose last failure is older than `before` (they no longer throttle anyone).
Result<void> PruneLoginFailures(db::Tx& tx, Timestamp before);

}  // namespace syntera::auth::store
