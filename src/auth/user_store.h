#pragma once
// SQL for the `users` table. Users are global (one account, many organizations), so these run
// in any scope. Emails are stored lowercased; callers normalise before calling.

#include <optional>
#include <string>
#include <string_view>

#include "auth/auth_types.h"
#include "base/result.h"
#include "db/database.h"

namespace syntera::auth::store {

struct UserRecord {
  User user;
  std::string password_hash;  // argon2id encoded
};

// Errors: kConflict when the email is taken.
Result<void> InsertUser(db::Tx& tx, const User& user, std::string_view password_hash);
Result<std::optional<UserRecord>> FindUserByEmail(db::Tx& tx, std::string_view email);
Result<std::optional<UserRecord>> FindUserById(db::Tx& tx, const UserId& id);
Result<void> UpdatePasswordHash(db::Tx& tx, const UserId& id, std::string_view password_hash,
                                Timestamp now);
// Sets email_verified_at unless it is already set.
Result<void> MarkEmailVerified(db::Tx& tx, const UserId& id, Timestamp now);

}  // namespace syntera::auth::store
