#pragma once
// Test support for the conversations tests (test binaries only): a database with the
// migrations the module needs, organizations with members, a CRM contact, and counters.

#include <gtest/gtest.h>

#include <string>

#include "auth/auth_migrations.h"
#include "auth/testing/test_org.h"
#include "base/clock.h"
#include "base/ids.h"
#include "base/principal.h"
#include "conversations/conversation_migrations.h"
#include "crm/crm_migrations.h"
#include "crypto/crypto.h"
#include "db/database.h"
#include "db/engine_test.h"
#include "db/migrations.h"
#include "events/events_migrations.h"

namespace syntera::conversations::testing {

inline Result<void> ApplyAll(db::Database& db) {
  auto r = db::ApplyMigrations(db, {db::DbMigrations(), auth::AuthMigrations(),
                                    events::EventsMigrations(), crm::CrmMigrations(),
                                    ConversationMigrations()});
  if (!r.ok()) return std::move(r).error();
  return Ok();
}

// Organizations with members: shared with every module's tests.
using auth::testing::AddMember;
using auth::testing::MakeOrg;

inline std::string MakeContact(db::Database& db, const Clock& clock, Random& random, const OrgId& org) {
  std::string id = NewUuidV7(clock, random);
  auto r = db::InTx(db, db::Scope::System(), db::TxMode::kWrite, [&](db::Tx& tx) {
    return tx.Exec(
        "INSERT INTO crm_contacts (id, org_id, first_name, last_name, job_title, lifecycle, source, "
        "marketing, data_processing, sort_name, search_text, created_at, updated_at) "
        "VALUES (?, ?, 'Ada', 'L', '', 'lead', 'manual', 0, 0, 'ada', 'ada', 0, 0)",
        {db::Text(id), db::Text(org.str())});
  });
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  return id;
}

inline int64_t Count(db::Database& db, const std::string& sql) {
  auto r = db::InTx(db, db::Scope::System(), db::TxMode::kRead, [&](db::Tx& tx) { return tx.Query(sql); });
  return r.ok() ? (*r)[0].Int(0) : -1;
}

}  // namespace syntera::conversations::testing
