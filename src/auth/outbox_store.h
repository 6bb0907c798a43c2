#pragma once
// SQL for `outbox_emails`: the mailbox of messages waiting for an email channel. Messages
// without an organization (sign-up verification, password reset) are written in system scope.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/auth_types.h"
#include "base/result.h"
#include "db/database.h"

namespace syntera::auth::store {

struct OutboxEmail {
  std::string id;
  std::optional<OrgId> org_id;
  std::string to_email;
  std::string subject;
  std::string body_text;
  Timestamp created_at;
  std::optional<Timestamp> sent_at;
};

Result<void> InsertOutboxEmail(db::Tx& tx, const OutboxEmail& email);
// Messages to `to_email`, oldest first (delivery and tests).
Result<std::vector<OutboxEmail>> ListOutboxEmailsTo(db::Tx& tx, std::string_view to_email);

}  // namespace syntera::auth::store
