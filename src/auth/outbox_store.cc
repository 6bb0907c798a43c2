#include "auth/outbox_store.h"

#include "auth/store_rows.h"

namespace syntera::auth::store {

Result<void> InsertOutboxEmail(db::Tx& tx, const OutboxEmail& email) {
  SYN_RETURN_IF_ERROR(
      tx.Exec("INSERT INTO outbox_emails (id, org_id, to_email, subject, body_text, created_at) "
              "VALUES (?, ?, ?, ?, ?, ?)",
              {db::Text(email.id), email.org_id ? db::Text(email.org_id->str()) : db::Null(),
               db::Text(email.to_email), db::Text(email.subject), db::Text(email.body_text),
               TimeValue(email.created_at)}));
  return Ok();
}

Result<std::vector<OutboxEmail>> ListOutboxEmailsTo(db::Tx& tx, std::string_view to_email) {
  SYN_ASSIGN_OR_RETURN(
      db::Rows rows,
      tx.Query("SELECT id, org_id, to_email, subject, body_text, created_at, sent_at "
               "FROM outbox_emails WHERE to_email = ? ORDER BY created_at, id",
               {db::Text(std::string(to_email))}));
  std::vector<OutboxEmail> out;
  for (const db::Row& row : rows) {
    OutboxEmail e{row.Text("id"),           std::nullopt,          row.Text("to_email"),
                  row.Text("subject"),      row.Text("body_text"), TimeAt(row, "created_at"),
                  OptTimeAt(row, "sent_at")};
    if (!row.IsNull("org_id")) e.org_id = OrgId(row.Text("org_id"));
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace syntera::auth::store
