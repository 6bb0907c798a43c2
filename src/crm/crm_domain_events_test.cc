// CrmDomainEventSink: CRM changes append their domain events to the outbox in the same
// transaction, on both engines.

#include "crm/crm_domain_events.h"

#include <gtest/gtest.h>

#include "auth/auth_migrations.h"
#include "crm/crm_migrations.h"
#include "crm/crm_service.h"
#include "crypto/crypto.h"
#include "db/engine_test.h"
#include "db/migrations.h"
#include "events/events_migrations.h"

namespace syntera::crm {
namespace {

class CrmDomainEventsTest : public db::EngineTest {
 protected:
  void SetUp() override {
    db::EngineTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    auto applied = db::ApplyMigrations(db(), {db::DbMigrations(), auth::AuthMigrations(),
                                              events::EventsMigrations(), CrmMigrations()});
    ASSERT_TRUE(applied.ok()) << applied.error().message;
    std::string org = NewUuidV7(clock_, random_);
    auto r = db::InTx(db(), db::Scope::System(), db::TxMode::kWrite, [&](db::Tx& tx) {
      return tx.Exec("INSERT INTO organizations (id, name, slug, created_at) VALUES (?, 'a', 'a', 0)",
                     {db::Text(org)});
    });
    ASSERT_TRUE(r.ok()) << r.error().message;
    who_.org_id = OrgId(org);
    who_.role = Role::kAdmin;
    service_ = std::make_unique<CrmService>(db(), clock_, random_, sink_);
  }

  // (type, aggregate_id, payload) of every event, in outbox order.
  std::vector<std::vector<std::string>> Events() {
    auto r = db::InTx(db(), db::Scope::System(), db::TxMode::kRead, [&](db::Tx& tx) {
      return tx.Query("SELECT type, aggregate_id, payload, org_id FROM events ORDER BY seq");
    });
    EXPECT_TRUE(r.ok()) << r.error().message;
    std::vector<std::vector<std::string>> out;
    if (!r.ok()) return out;
    for (const auto& row : *r) out.push_back({row.Text(0), row.Text(1), row.Text(2), row.Text(3)});
    return out;
  }

  ManualClock clock_{FromUnixMillis(1'800'000'000'000)};
  crypto::SecureRandom random_;
  CrmDomainEventSink sink_{clock_, random_};
  Principal who_;
  std::unique_ptr<CrmService> service_;
};

TEST_P(CrmDomainEventsTest, CreatingAContactAppendsContactCreatedInTheSameTransaction) {
  ContactInput in;
  in.first_name = "Ada";
  in.email = "ada@example.com";
  auto c = service_->CreateContact(who_, in);
  ASSERT_TRUE(c.ok()) << c.error().message;
  auto events = Events();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0][0], "contact.created");
  EXPECT_EQ(events[0][1], c->id.str());
  EXPECT_EQ(events[0][2], R"({"contact_id":")" + c->id.str() +
                            R"(","name":"Ada","email":"ada@example.com","source":"manual"})");
  EXPECT_EQ(events[0][3], who_.org_id.str());

  // A failing create (duplicate email) appends nothing; nor does invalid input.
  ContactInput dup;
  dup.first_name = "Other";
  dup.email = "ADA@example.com";
  EXPECT_EQ(service_->CreateContact(who_, dup).error().code, ErrorCode::kConflict);
  ContactInput bad;
  bad.email = "nope";
  EXPECT_EQ(service_->CreateContact(who_, bad).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(Events().size(), 1u);

  ContactInput patch;
  patch.job_title = "Countess";
  ASSERT_TRUE(service_->UpdateContact(who_, c->id, patch).ok());
  events = Events();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[1][0], "contact.updated");
  EXPECT_NE(events[1][2].find("job_title"), std::string::npos);
}

SYNTERA_INSTANTIATE_ENGINE_TEST(CrmDomainEventsTest);

}  // namespace
}  // namespace syntera::crm
