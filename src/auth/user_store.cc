#include "auth/user_store.h"

#include "auth/store_rows.h"

namespace syntera::auth::store {
namespace {

constexpr std::string_view kSelectUser =
    "SELECT id AS user_id, email, name, email_verified_at, created_at AS user_created_at, "
    "password_hash FROM users ";

Result<std::optional<UserRecord>> FindOne(db::Tx& tx, std::string_view where, std::string value) {
  SYN_ASSIGN_OR_RETURN(db::Rows rows, tx.Query(std::string(kSelectUser) + std::string(where),
                                               {db::Text(std::move(value))}));
  if (rows.empty()) return std::optional<UserRecord>();
  return std::optional<UserRecord>(UserRecord{UserAt(rows[0]), rows[0].Text("password_hash")});
}

}  // namespace

Result<void> InsertUser(db::Tx& tx, const User& user, std::string_view password_hash) {
  auto r = tx.Exec(
      "INSERT INTO users (id, email, name, password_hash, email_verified_at, created_at, "
      "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
      {db::Text(user.id.str()), db::Text(user.email), db::Text(user.name),
       db::Text(std::string(password_hash)), OptTimeValue(user.email_verified_at),
       TimeValue(user.created_at), TimeValue(user.created_at)});
  if (!r.ok()) {
    if (r.error().code == ErrorCode::kConflict) {
      return Conflict("an account with this email already exists");
    }
    return std::move(r).error();
  }
  return Ok();
}

Result<std::optional<UserRecord>> FindUserByEmail(db::Tx& tx, std::string_view email) {
  return FindOne(tx, "WHERE email = ?", std::string(email));
}

Result<std::optional<UserRecord>> FindUserById(db::Tx& tx, const UserId& id) {
  return FindOne(tx, "WHERE id = ?", id.str());
}

Result<void> UpdatePasswordHash(db::Tx& tx, const UserId& id, std::string_view password_hash,
                                Timestamp now) {
  SYN_RETURN_IF_ERROR(
      tx.Exec("UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?",
              {db::Text(std::string(password_hash)), TimeValue(now), db::Text(id.str())}));
  return Ok();
}

Result<void> MarkEmailVerified(db::Tx& tx, const UserId& id, Timestamp now) {
  SYN_RETURN_IF_ERROR(
      tx.Exec("UPDATE users SET email_verified_at = ?, updated_at = ? "
              "WHERE id = ? AND email_verified_at IS NULL",
              {TimeValue(now), TimeValue(now), db::Text(id.str())}));
  return Ok();
}

}  // namespace syntera::auth::store
