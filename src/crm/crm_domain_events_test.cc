// CrmDomainEventSink: CRM changes append their domain events to the outbox in the same
// transaction, on both engines.

#include "crm/crm_domain_events.h"

#include <gtest/gtest.h>

#include "auth/auth_migrations.h"
#include "auth/testing/test_org.h"
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
    who_ = auth::testing::MakeOrg(db(), clock_, random_, "a");
    ASSERT_FALSE(HasFailure());
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

TEST_P(CrmDomainEventsTest, UpdatedEventsCarryTheChangedFields) {
  ContactInput in;
  in.first_name = "Ada";
  in.tags = std::vector<std::string>{"vip"};
  auto c = service_->CreateContact(who_, in);
  ASSERT_TRUE(c.ok()) << c.error().message;
  ContactInput patch;
  patch.first_name = "Augusta";                     // personal: named only
  patch.lifecycle = Lifecycle::kCustomer;           // from lead
  patch.tags = std::vector<std::string>{"vip", "beta"};
  patch.job_title = "";                             // unchanged: not listed
  ASSERT_TRUE(service_->UpdateContact(who_, c->id, patch).ok());
  auto events = Events();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[1][0], "contact.updated");
  EXPECT_EQ(events[1][2],
            R"({"contact_id":")" + c->id.str() +
                R"(","changed":["first_name","lifecycle","tags"],"changes":{)"
                R"("lifecycle":{"from":"lead","to":"customer"},)"
                R"("tags":{"from":["vip"],"to":["beta","vip"]}}})");
  EXPECT_EQ(events[1][2].find("Augusta"), std::string::npos);
  // Nothing changed: no event.
  ASSERT_TRUE(service_->UpdateContact(who_, c->id, patch).ok());
  EXPECT_EQ(Events().size(), 2u);

  CompanyInput acme;
  acme.name = "Acme";
  auto co = service_->CreateCompany(who_, acme);
  ASSERT_TRUE(co.ok());
  CompanyInput rename;
  rename.name = "Acme Ltd";
  rename.domain = std::optional<std::string>("acme.example");
  ASSERT_TRUE(service_->UpdateCompany(who_, co->id, rename).ok());
  events = Events();
  EXPECT_EQ(events.back()[0], "company.updated");
  EXPECT_EQ(events.back()[2],
            R"({"company_id":")" + co->id.str() +
                R"(","changed":["domain","name"],"changes":{"domain":{"from":null,)"
                R"("to":"acme.example"},"name":{"from":"Acme","to":"Acme Ltd"}}})");

  DealInput deal;
  deal.title = "Engine";
  deal.value = 100;
  deal.currency = "EUR";
  auto d = service_->CreateDeal(who_, deal);
  ASSERT_TRUE(d.ok()) << d.error().message;
  DealInput change;
  change.value = 250;
  change.title = "Engine";  // unchanged
  ASSERT_TRUE(service_->UpdateDeal(who_, d->id, change).ok());
  events = Events();
  EXPECT_EQ(events.back()[0], "deal.updated");
  EXPECT_EQ(events.back()[2], R"({"deal_id":")" + d->id.str() +
                                  R"(","changed":["value"],"changes":{"value":{"from":100,"to":250}}})");
}

TEST_P(CrmDomainEventsTest, TaskDueIsEmittedOnceWhenTheDueTimePasses) {
  auto make = [&](const char* title, int64_t due_in_ms) {
    TaskInput t;
    t.title = title;
    t.due_at = std::optional<Timestamp>(clock_.Now() + std::chrono::milliseconds(due_in_ms));
    auto r = service_->CreateTask(who_, t);
    EXPECT_TRUE(r.ok()) << r.error().message;
    return r.ok() ? *r : Task{};
  };
  Task soon = make("Call Ada", 60'000);
  Task later = make("Send offer", 3'600'000);
  Task done = make("Done already", 60'000);
  TaskInput finish;
  finish.done = true;
  ASSERT_TRUE(service_->UpdateTask(who_, done.id, finish).ok());
  TaskInput undated;
  undated.title = "Someday";
  ASSERT_TRUE(service_->CreateTask(who_, undated).ok());
  size_t before = Events().size();

  auto notify = [&](int max) {
    auto n = service_->NotifyDueTasks(max);
    EXPECT_TRUE(n.ok()) << n.error().message;
    return n.ok() ? *n : -1;
  };
  auto due_events = [&] {
    std::vector<std::vector<std::string>> out;
    for (auto& e : Events()) {
      if (e[0] == "task.due") out.push_back(e);
    }
    return out;
  };
  ASSERT_EQ(notify(500), 0);  // nothing due yet
  clock_.Advance(std::chrono::minutes(2));
  ASSERT_EQ(notify(500), 1);
  ASSERT_EQ(notify(500), 0);  // once
  auto due = due_events();
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0][1], soon.id.str());
  EXPECT_EQ(due[0][3], who_.org_id.str());
  EXPECT_EQ(due[0][2], R"({"task_id":")" + soon.id.str() +
                           R"(","title":"Call Ada","due_at":")" + FormatRfc3339(*soon.due_at) +
                           R"(","assignee_id":null,"contact_id":null,"company_id":null,"deal_id":null})");
  EXPECT_EQ(Events().size(), before + 1);

  // Rescheduling makes a task due again; the batch limit leaves the rest for the next call.
  TaskInput again;
  again.due_at = std::optional<Timestamp>(clock_.Now() + std::chrono::minutes(1));
  ASSERT_TRUE(service_->UpdateTask(who_, soon.id, again).ok());
  clock_.Advance(std::chrono::hours(2));
  ASSERT_EQ(notify(1), 1);
  ASSERT_EQ(notify(1), 1);
  ASSERT_EQ(notify(1), 0);
  due = due_events();
  ASSERT_EQ(due.size(), 3u);
  EXPECT_EQ(due[1][1], soon.id.str());
  EXPECT_EQ(due[2][1], later.id.str());
}

SYNTERA_INSTANTIATE_ENGINE_TEST(CrmDomainEventsTest);

}  // namespace
}  // namespace syntera::crm
