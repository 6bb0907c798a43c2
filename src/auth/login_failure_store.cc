#include "auth/login_failure_store.h"

#include "auth/store_rows.h"

namespace syntera::auth::store {
namespace {
db::Value Str(std::string_view s) { return db::Text(std::string(s)); }
}  // namespace

Result<std::optional<LoginFailures>> FindLoginFailures(db::Tx& tx, std::string_view email) {
  SYN_ASSIGN_OR_RETURN(
      db::Rows rows,
      tx.Query("SELECT consecutive_failures, last_failure_at, window_start_at, window_failures "
               "FROM login_failures WHERE email = ?",
               {Str(email)}));
  if (rows.empty()) return std::optional<LoginFailures>();
  const db::Row& row = rows[0];
  return std::optional<LoginFailures>(
      LoginFailures{row.Int("consecutive_failures"), TimeAt(row, "last_failure_at"),
                    TimeAt(row, "window_start_at"), row.Int("window_failures")});
}

Result<void> SaveLoginFailures(db::Tx& tx, std::string_view email, const LoginFailures& f) {
  SYN_RETURN_IF_ERROR(tx.Exec(
      "INSERT INTO login_failures (email, consecutive_failures, last_failure_at, "
      "window_start_at, window_failures) VALUES (?, ?, ?, ?, ?) "
      "ON CONFLICT (email) DO UPDATE SET consecutive_failures = excluded.consecutive_failures, "
      "last_failure_at = excluded.last_failure_at, window_start_at = excluded.window_start_at, "
      "window_failures = excluded.window_failures",
      {Str(email), db::Int(f.consecutive), TimeValue(f.last_failure_at),
       TimeValue(f.window_start_at), db::Int(f.window_failures)}));
  return Ok();
}

Result<void> ClearLoginFailures(db::Tx& tx, std::string_view email) {
  SYN_RETURN_IF_ERROR(tx.Exec("DELETE FROM login_failures WHERE email = ?", {Str(email)}));
  return Ok();
}

Result<void> PruneLoginFailures(db::Tx& tx, Timestamp before) {
  SYN_RETURN_IF_ERROR(
      tx.Exec("DELETE FROM login_failures WHERE last_failure_at < ?", {TimeValue(before)}));
  return Ok();
}

}  // namespace syntera::auth::store
