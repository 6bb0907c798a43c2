// The schema: migrations apply once, and on PostgreSQL row-level security confines every
// tenant table to the transaction's organization even when a query forgets its filter.

#include "auth/auth_test_support.h"

namespace syntera::auth::testing {
namespace {

class AuthSchemaTest : public AuthServiceTest {};

TEST_P(AuthSchemaTest, MigrationsApplyOnce) {
  auto again = db::ApplyMigrations(db(), {db::DbMigrations(), AuthMigrations()});
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(again->applied, 0);
  auto up = db::MigrationsUpToDate(db(), {db::DbMigrations(), AuthMigrations()});
  ASSERT_TRUE(up.ok());
  EXPECT_TRUE(*up);
}

TEST_P(AuthSchemaTest, RowLevelSecurityConfinesTenantTables) {
  if (dialect() != db::Dialect::kPostgres) GTEST_SKIP() << "row-level security is PostgreSQL's";
  AuthSession a = SignUp("ada@example.com", "Engines");
  AuthSession b = SignUp("bob@example.com", "Looms");
  for (const AuthSession* s : {&a, &b}) {
    ASSERT_TRUE(auth().CreateApiKey(Who(*s), "key", Role::kViewer).ok());
    ASSERT_TRUE(auth().CreateInvitation(Who(*s), "guest@example.com", Role::kViewer).ok());
  }
  const std::string b_org = b.organization.id.str();
  for (const char* table :
       {"memberships", "sessions", "api_keys", "invitations", "outbox_emails"}) {
    auto rows = db::InTx(db(), db::Scope::Tenant(b_org), db::TxMode::kRead, [&](db::Tx& tx) {
      return tx.Query(std::string("SELECT org_id FROM ") + table);  // no filter on purpose
    });
    ASSERT_TRUE(rows.ok()) << table << ": " << rows.error().message;
    EXPECT_FALSE(rows->empty()) << table;
    for (const auto& row : *rows) EXPECT_EQ(row.Text(0), b_org) << table;
  }
  auto orgs = db::InTx(db(), db::Scope::Tenant(b_org), db::TxMode::kRead,
                       [&](db::Tx& tx) { return tx.Query("SELECT id FROM organizations"); });
  ASSERT_TRUE(orgs.ok());
  ASSERT_EQ(orgs->size(), 1u);
  EXPECT_EQ((*orgs)[0].Text(0), b_org);
  // Writing a row for another organization is refused too.
  auto forged = db::InTx(db(), db::Scope::Tenant(b_org), db::TxMode::kWrite, [&](db::Tx& tx) {
    return tx.Exec("UPDATE api_keys SET name = 'pwned' WHERE org_id = ?",
                   {db::Text(a.organization.id.str())});
  });
  ASSERT_TRUE(forged.ok());
  EXPECT_EQ(*forged, 0);
  auto inserted = db::InTx(db(), db::Scope::Tenant(b_org), db::TxMode::kWrite, [&](db::Tx& tx) {
    return tx.Exec(
        "INSERT INTO memberships (org_id, user_id, role, created_at) VALUES (?, ?, 'owner', 0)",
        {db::Text(a.organization.id.str()), db::Text(b.user.id.str())});
  });
  EXPECT_FALSE(inserted.ok());
}

SYNTERA_INSTANTIATE_ENGINE_TEST(AuthSchemaTest);

}  // namespace
}  // namespace syntera::auth::testing
