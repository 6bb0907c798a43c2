#include "auth/one_time_token_store.h"

#include "auth/store_rows.h"

namespace syntera::auth::store {
namespace {

db::Value Str(std::string_view s) { return db::Text(std::string(s)); }

db::Value PurposeValue(OneTimeTokenPurpose p) {
  return db::Text(p == OneTimeTokenPurpose::kPasswordReset ? "password_reset"
                                                           : "email_verification");
}

}  // namespace

Result<void> InsertOneTimeToken(db::Tx& tx, const OneTimeToken& token,
                                std::string_view token_hash) {
  SYN_RETURN_IF_ERROR(tx.Exec(
      "INSERT INTO one_time_tokens (id, user_id, purpose, token_hash, created_at, expires_at) "
      "VALUES (?, ?, ?, ?, ?, ?)",
      {db::Text(token.id), db::Text(token.user_id.str()), PurposeValue(token.purpose),
       Str(token_hash), TimeValue(token.created_at), TimeValue(token.expires_at)}));
  return Ok();
}

Result<void> InvalidateOneTimeTokens(db::Tx& tx, const UserId& user, OneTimeTokenPurpose purpose,
                                     Timestamp now) {
  SYN_RETURN_IF_ERROR(
      tx.Exec("UPDATE one_time_tokens SET used_at = ? "
              "WHERE user_id = ? AND purpose = ? AND used_at IS NULL",
              {TimeValue(now), db::Text(user.str()), PurposeValue(purpose)}));
  return Ok();
}

Result<std::optional<OneTimeToken>> FindOneTimeToken(db::Tx& tx, std::string_view token_hash,
                                                     OneTimeTokenPurpose purpose) {
  SYN_ASSIGN_OR_RETURN(
      db::Rows rows,
      tx.Query("SELECT id, user_id, created_at, expires_at, used_at FROM one_time_tokens "
               "WHERE token_hash = ? AND purpose = ?",
               {Str(token_hash), PurposeValue(purpose)}));
  if (rows.empty()) return std::optional<OneTimeToken>();
  const db::Row& row = rows[0];
  return std::optional<OneTimeToken>(
      OneTimeToken{row.Text("id"), UserId(row.Text("user_id")), purpose, TimeAt(row, "created_at"),
                   TimeAt(row, "expires_at"), OptTimeAt(row, "used_at")});
}

Result<bool> ConsumeOneTimeToken(db::Tx& tx, std::string_view id, Timestamp now) {
  SYN_ASSIGN_OR_RETURN(int64_t n, tx.Exec("UPDATE one_time_tokens SET used_at = ? "
                                          "WHERE id = ? AND used_at IS NULL AND expires_at > ?",
                                          {TimeValue(now), Str(id), TimeValue(now)}));
  return n == 1;
}

}  // namespace syntera::auth::store
