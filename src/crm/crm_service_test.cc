// CrmService end to end over real stores, on SQLite and (when configured) PostgreSQL.

#include "crm/crm_service.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "auth/auth_migrations.h"
#include "auth/testing/test_org.h"
#include "crm/crm_migrations.h"
#include "crypto/crypto.h"
#include "db/engine_test.h"
#include "db/migrations.h"

namespace syntera::crm {
namespace {

class CrmServiceTest : public db::EngineTest {
 protected:
  void SetUp() override {
    db::EngineTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    auto applied =
        db::ApplyMigrations(db(), {db::DbMigrations(), auth::AuthMigrations(), CrmMigrations()});
    ASSERT_TRUE(applied.ok()) << applied.error().message;
    a_ = MakeOrg("a");
    b_ = MakeOrg("b");
    service_ = std::make_unique<CrmService>(db(), clock_, random_, sink_);
  }

  Principal MakeOrg(const std::string& name) {
    return auth::testing::MakeOrg(db(), clock_, random_, name);
  }

  Contact MakeContact(const std::string& first, const std::string& email) {
    ContactInput in;
    in.first_name = first;
    in.email = email;
    auto c = crm().CreateContact(a_, in);
    EXPECT_TRUE(c.ok()) << c.error().message;
    clock_.Advance(std::chrono::milliseconds(1));
    return c.ok() ? *c : Contact{};
  }

  int CountRows(const std::string& table) {
    auto r = db::InTx(db(), db::Scope::System(), db::TxMode::kRead,
                      [&](db::Tx& tx) { return tx.Query("SELECT COUNT(*) FROM " + table); });
    return r.ok() ? static_cast<int>((*r)[0].Int(0)) : -1;
  }

  static std::set<std::string> FieldsOf(const Error& e) {
    std::set<std::string> out;
    for (const auto& f : e.fields) out.insert(f.field);
    return out;
  }

  CrmService& crm() { return *service_; }

  ManualClock clock_{FromUnixMillis(1'800'000'000'000)};
  crypto::SecureRandom random_;
  NullEventSink sink_;
  Principal a_, b_;
  std::unique_ptr<CrmService> service_;
};

TEST_P(CrmServiceTest, CreatesReadsUpdatesAndDeletesAContact) {
  ContactInput in;
  in.first_name = "Ada";
  in.last_name = "Lovelace";
  in.email = " Ada@Example.com ";
  in.phone = "+44 20 7946 0958";
  in.tags = std::vector<std::string>{"VIP", "vip", "beta"};
  auto c = crm().CreateContact(a_, in);
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->emails, std::vector<std::string>{"ada@example.com"});
  EXPECT_EQ(c->phones, std::vector<std::string>{"+442079460958"});
  EXPECT_EQ(c->tags, (std::vector<std::string>{"beta", "vip"}));

  ContactInput patch;
  patch.email = "lovelace@example.com";
  patch.marketing_consent = true;
  auto u = crm().UpdateContact(a_, c->id, patch);
  ASSERT_TRUE(u.ok()) << u.error().message;
  EXPECT_EQ(u->emails, (std::vector<std::string>{"lovelace@example.com", "ada@example.com"}));
  EXPECT_TRUE(u->marketing.granted);
  EXPECT_TRUE(u->marketing.changed_at.has_value());

  auto got = crm().GetContact(a_, c->id);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->emails, u->emails);
  EXPECT_EQ(crm().GetContact(b_, c->id).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(crm().DeleteContact(b_, c->id).error().code, ErrorCode::kNotFound);
  ASSERT_TRUE(crm().DeleteContact(a_, c->id).ok());
  EXPECT_EQ(crm().GetContact(a_, c->id).error().code, ErrorCode::kNotFound);
}

TEST_P(CrmServiceTest, InvalidInputListsEveryFieldAndWritesNothing) {
  CustomFieldInput def{"seats", "Seats", FieldType::kNumber, {}};
  ASSERT_TRUE(crm().CreateCustomField(a_, def).ok());
  ContactInput in;
  in.first_name = "Bad";
  in.email = "not-an-email";
  in.phone = "call me";
  in.custom["seats"] = {CustomValueInput::Kind::kString, "many"};
  in.custom["unknown"] = {CustomValueInput::Kind::kString, "x"};
  in.company_id = std::optional<CompanyId>(CompanyId("00000000-0000-7000-8000-000000000000"));
  auto c = crm().CreateContact(a_, in);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(FieldsOf(c.error()), (std::set<std::string>{"email", "phone", "custom_fields.seats",
                                                        "custom_fields.unknown", "company_id"}));
  EXPECT_EQ(CountRows("crm_contacts"), 0);
}

TEST_P(CrmServiceTest, DuplicateEmailOrPhoneConflictsWithTheExistingId) {
  Contact first = MakeContact("Ada", "ada@example.com");
  ContactInput again;
  again.first_name = "Other";
  again.email = "ADA@example.com";
  auto dup = crm().CreateContact(a_, again);
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().code, ErrorCode::kConflict);
  EXPECT_EQ(dup.error().existing_id, first.id.str());
  // Another organization may hold the same email.
  EXPECT_TRUE(crm().CreateContact(b_, again).ok());
  // Explicit upsert updates the existing contact.
  again.job_title = "CTO";
  auto up = crm().CreateContact(a_, again, OnDuplicate::kUpdateExisting);
  ASSERT_TRUE(up.ok()) << up.error().message;
  EXPECT_EQ(up->id, first.id);
  EXPECT_EQ(up->job_title, "CTO");
}

TEST_P(CrmServiceTest, SearchMatchesWordPrefixes) {
  Contact ada = MakeContact("Ada", "ada@analytical.example");
  MakeContact("Grace", "grace@navy.example");
  ContactFilter f;
  f.q = "analyt";
  auto r = crm().ListContacts(a_, f, {});
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->items.size(), 1u);
  EXPECT_EQ(r->items[0].id, ada.id);
  f.q = "gr nav";
  r = crm().ListContacts(a_, f, {});
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->items.size(), 1u);
  EXPECT_EQ(r->items[0].first_name, "Grace");
  f.q = "ada";
  EXPECT_TRUE(crm().ListContacts(b_, f, {})->items.empty());
}

TEST_P(CrmServiceTest, PagesAreStableUnderInserts) {
  for (int i = 0; i < 7; ++i) MakeContact("C" + std::to_string(i), "c" + std::to_string(i) + "@x.io");
  ContactFilter f;
  f.sort = ContactSort::kCreatedAsc;
  std::vector<std::string> seen;
  PageRequest page{3, ""};
  for (int round = 0; round < 10; ++round) {
    auto r = crm().ListContacts(a_, f, page);
    ASSERT_TRUE(r.ok()) << r.error().message;
    for (const auto& c : r->items) seen.push_back(c.first_name);
    if (round == 0) MakeContact("Late", "late@x.io");  // lands after the cursor
    if (!r->next_cursor) break;
    page.cursor = *r->next_cursor;
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"C0", "C1", "C2", "C3", "C4", "C5", "C6", "Late"}));
}

TEST_P(CrmServiceTest, MergeMovesEverythingAndDeletesTheOther) {
  Contact keep = MakeContact("Ada", "ada@x.io");
  Contact other = MakeContact("Augusta", "augusta@x.io");
  ASSERT_TRUE(crm().UpdateContact(a_, other.id, {.tags = std::vector<std::string>{"old"}}).ok());
  ActivityInput note{ActivityKind::kNote, "Met at **the fair**", {other.id, {}, {}}, {}};
  ASSERT_TRUE(crm().CreateActivity(a_, note).ok());
  DealInput deal;
  deal.title = "Engine";
  deal.value = 100000;
  deal.currency = "GBP";
  deal.contact_id = std::optional<ContactId>(other.id);
  auto d = crm().CreateDeal(a_, deal);
  ASSERT_TRUE(d.ok()) << d.error().message;
  TaskInput task;
  task.title = "Call back";
  task.link = RecordLink{other.id, {}, {}};
  ASSERT_TRUE(crm().CreateTask(a_, task).ok());

  auto merged = crm().MergeContacts(a_, keep.id, other.id);
  ASSERT_TRUE(merged.ok()) << merged.error().message;
  EXPECT_EQ(merged->emails, (std::vector<std::string>{"ada@x.io", "augusta@x.io"}));
  EXPECT_EQ(merged->tags, std::vector<std::string>{"old"});
  EXPECT_EQ(crm().GetContact(a_, other.id).error().code, ErrorCode::kNotFound);
  auto acts = crm().ListActivities(a_, {keep.id, {}, {}}, {});
  ASSERT_TRUE(acts.ok());
  EXPECT_EQ(acts->items.size(), 2u);  // the note and the deal's creation
  EXPECT_EQ(crm().GetDeal(a_, d->id)->contact_id, keep.id);
  TaskFilter tf;
  tf.link.contact_id = keep.id;
  EXPECT_EQ(crm().ListTasks(a_, tf, {})->items.size(), 1u);
  EXPECT_EQ(crm().MergeContacts(b_, keep.id, keep.id).error().code, ErrorCode::kInvalidArgument);
}

TEST_P(CrmServiceTest, DealsValidateReferencesAndRecordStageChanges) {
  Contact mine = MakeContact("Ada", "ada@x.io");
  ContactInput foreign_in;
  foreign_in.first_name = "Theirs";
  auto foreign = crm().CreateContact(b_, foreign_in);
  ASSERT_TRUE(foreign.ok());
  auto pipelines = crm().ListPipelines(a_);
  ASSERT_TRUE(pipelines.ok()) << pipelines.error().message;
  ASSERT_EQ(pipelines->size(), 1u);
  const Pipeline& sales = (*pipelines)[0];
  ASSERT_EQ(sales.stages.size(), 6u);
  auto b_pipelines = crm().ListPipelines(b_);
  ASSERT_TRUE(b_pipelines.ok());

  DealInput bad;
  bad.title = "X";
  bad.value = 5;
  bad.currency = "EURO";
  bad.expected_close_date = std::optional<std::string>("2024-02-30");
  bad.contact_id = std::optional<ContactId>(foreign->id);
  bad.stage_id = (*b_pipelines)[0].stages[0].id;  // a stage of another pipeline
  auto r = crm().CreateDeal(a_, bad);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(FieldsOf(r.error()),
            (std::set<std::string>{"currency", "expected_close_date", "contact_id", "stage"}));
  EXPECT_EQ(CountRows("crm_deals"), 0);

  DealInput good;
  good.title = "Engine";
  good.value = 250000;
  good.currency = "EUR";
  good.contact_id = std::optional<ContactId>(mine.id);
  auto d = crm().CreateDeal(a_, good);
  ASSERT_TRUE(d.ok()) << d.error().message;
  EXPECT_EQ(d->stage_id, sales.stages[0].id);
  EXPECT_EQ(d->probability, 10);
  DealInput move;
  move.stage_id = sales.stages[4].id;  // closed-won
  move.close_reason = "best offer";
  auto moved = crm().UpdateDeal(a_, d->id, move);
  ASSERT_TRUE(moved.ok()) << moved.error().message;
  EXPECT_EQ(moved->status, DealStatus::kWon);
  ASSERT_EQ(moved->stage_history.size(), 2u);
  EXPECT_EQ(moved->stage_history[1].from_stage_id, sales.stages[0].id);
  auto acts = crm().ListActivities(a_, {{}, {}, d->id}, {});
  ASSERT_TRUE(acts.ok());
  ASSERT_EQ(acts->items.size(), 2u);
  EXPECT_EQ(acts->items[0].kind, ActivityKind::kStageChange);
  EXPECT_EQ(crm().GetDeal(b_, d->id).error().code, ErrorCode::kNotFound);
}

TEST_P(CrmServiceTest, BoardTotalsCoverAllDeals) {
  auto pipelines = crm().ListPipelines(a_);
  ASSERT_TRUE(pipelines.ok());
  const Pipeline& sales = (*pipelines)[0];
  for (int i = 0; i < 60; ++i) {
    DealInput in;
    in.title = "D" + std::to_string(i);
    in.value = 100 * (i + 1);
    in.currency = i % 3 == 0 ? "USD" : "EUR";
    in.stage_id = sales.stages[static_cast<size_t>(i % 2)].id;
    ASSERT_TRUE(crm().CreateDeal(a_, in).ok());
  }
  auto board = crm().GetBoard(a_, sales.id, 5);
  ASSERT_TRUE(board.ok()) << board.error().message;
  ASSERT_EQ(board->columns.size(), 6u);
  int64_t expect_lead_eur = 0, expect_lead_usd = 0;
  for (int i = 0; i < 60; i += 2) (i % 3 == 0 ? expect_lead_usd : expect_lead_eur) += 100 * (i + 1);
  const BoardColumn& lead = board->columns[0];
  EXPECT_EQ(lead.count, 30);
  EXPECT_EQ(lead.deals.size(), 5u);
  ASSERT_EQ(lead.totals.size(), 2u);
  EXPECT_EQ(lead.totals[0].currency, "EUR");
  EXPECT_EQ(lead.totals[0].value, expect_lead_eur);
  EXPECT_EQ(lead.totals[1].value, expect_lead_usd);
  EXPECT_EQ(board->columns[1].count, 30);
  EXPECT_EQ(board->columns[2].count, 0);
  EXPECT_EQ(crm().GetBoard(b_, sales.id, 5).error().code, ErrorCode::kNotFound);
}

TEST_P(CrmServiceTest, BulkTagsAssignsAndDeletesOnlyOwnContacts) {
  Contact c1 = MakeContact("One", "one@x.io");
  Contact c2 = MakeContact("Two", "two@x.io");
  ContactInput theirs_in;
  theirs_in.first_name = "Theirs";
  auto theirs = crm().CreateContact(b_, theirs_in);
  ASSERT_TRUE(theirs.ok());
  BulkRequest tag{{c1.id, c2.id, theirs->id}, BulkAction::kTag, {"hot"}, {}};
  auto r = crm().BulkContacts(a_, tag);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->affected, 2);
  ContactFilter f;
  f.tag = "hot";
  EXPECT_EQ(crm().ListContacts(a_, f, {})->items.size(), 2u);
  EXPECT_TRUE(crm().GetContact(b_, theirs->id)->tags.empty());
  BulkRequest del{{c1.id}, BulkAction::kDelete, {}, {}};
  ASSERT_TRUE(crm().BulkContacts(a_, del).ok());
  EXPECT_EQ(crm().ListContacts(a_, f, {})->items.size(), 1u);
}

TEST_P(CrmServiceTest, ViewersCannotWriteAndCompanyDomainsAreUnique) {
  Principal viewer = a_;
  viewer.role = Role::kViewer;
  EXPECT_EQ(crm().CreateContact(viewer, {.first_name = "X"}).error().code,
            ErrorCode::kPermissionDenied);
  Principal member = a_;
  member.role = Role::kMember;
  EXPECT_EQ(crm().CreateCustomField(member, {"k", "K", FieldType::kText, {}}).error().code,
            ErrorCode::kPermissionDenied);
  CompanyInput acme;
  acme.name = "Acme";
  acme.domain = std::optional<std::string>("https://www.acme.example/");
  auto c = crm().CreateCompany(a_, acme);
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->domain, "acme.example");
  auto again = crm().CreateCompany(a_, acme);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  EXPECT_EQ(again.error().existing_id, c->id.str());
  EXPECT_TRUE(crm().CreateCompany(b_, acme).ok());
}

SYNTERA_INSTANTIATE_ENGINE_TEST(CrmServiceTest);

}  // namespace
}  // namespace syntera::crm
