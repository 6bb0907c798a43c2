#pragma once
// Test support for the conversations tests (test binaries only): a database with the
// migrations the module needs, organizations with members, a CRM contact, and counters.

#include <gtest/gtest.h>

#include <string>

#include "auth/auth_migrations.h"
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

// An organization with one user of `role`; returns that user's principal.
inline Principal MakeOrg(db::Database& db, const Clock& clock, Random& random,
                         const std::string& name, Role role = Role::kAdmin) {
  std::string org = NewUuidV7(clock, random), user = NewUuidV7(clock, random);
  auto r = db::InTx(db, db::Scope::System(), db::TxMode::kWrite, [&](db::Tx& tx) -> Result<void> {
    SYN_RETURN_IF_ERROR(tx.Exec("INSERT INTO organizations (id, name, slug, created_at) VALUES (?, ?, ?, 0)",
                                {db::Text(org), db::Text(name), db::Text(name + org.substr(0, 8))}));
    SYN_RETURN_IF_ERROR(tx.Exec(
        "INSERT INTO users (id, email, name, password_hash, created_at, updated_at) "
        "VALUES (?, ?, 'U', 'x', 0, 0)",
        {db::Text(user), db::Text(name + org.substr(0, 8) + "@example.com")}));
    SYN_RETURN_IF_ERROR(tx.Exec(
        "INSERT INTO memberships (org_id, user_id, role, created_at) VALUES (?, ?, ?, 0)",
        {db::Text(org), db::Text(user), db::Text(std::string(RoleName(role)))}));
    return Ok();
  });
  EXPECT_TRUE(r.ok()) << r.error().message;
  Principal p;
  p.org_id = OrgId(org);
  p.user_id = UserId(user);
  p.session_id = "s-" + name;
  p.role = role;
  return p;
}

// Another member of `org` (a second user).
inline Principal AddMember(db::Database& db, const Clock& clock, Random& random, const Principal& org) {
  std::string user = NewUuidV7(clock, random);
  auto r = db::InTx(db, db::Scope::System(), db::TxMode::kWrite, [&](db::Tx& tx) -> Result<void> {
    SYN_RETURN_IF_ERROR(tx.Exec(
        "INSERT INTO users (id, email, name, password_hash, created_at, updated_at) "
        "VALUES (?, ?, 'M', 'x', 0, 0)",
        {db::Text(user), db::Text(user + "@example.com")}));
    return tx.Exec("INSERT INTO memberships (org_id, user_id, role, created_at) VALUES (?, ?, 'member', 0)",
                   {db::Text(org.org_id.str()), db::Text(user)})
               .ok()
               ? Ok()
               : Internal("membership");
  });
  EXPECT_TRUE(r.ok());
  Principal p = org;
  p.user_id = UserId(user);
  p.role = Role::kMember;
  return p;
}

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
