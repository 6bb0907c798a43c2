// The contact list's query plans (search, tag, general) give the same answers, page with
// stable cursors, filter on custom fields and count, on SQLite and PostgreSQL.

#include <gtest/gtest.h>

#include <set>

#include "auth/auth_migrations.h"
#include "auth/testing/test_org.h"
#include "crm/crm_migrations.h"
#include "crm/crm_service.h"
#include "crypto/crypto.h"
#include "db/engine_test.h"
#include "db/migrations.h"

namespace syntera::crm {
namespace {

class CrmListTest : public db::EngineTest {
 protected:
  void SetUp() override {
    db::EngineTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    auto applied =
        db::ApplyMigrations(db(), {db::DbMigrations(), auth::AuthMigrations(), CrmMigrations()});
    ASSERT_TRUE(applied.ok()) << applied.error().message;
    a_ = auth::testing::MakeOrg(db(), clock_, random_, "a");
    b_ = auth::testing::MakeOrg(db(), clock_, random_, "b");
    ASSERT_FALSE(HasFailure());
    service_ = std::make_unique<CrmService>(db(), clock_, random_, sink_);
  }

  Contact Make(Principal who, std::string first, std::vector<std::string> tags,
               Lifecycle lifecycle) {
    ContactInput in;
    in.first_name = std::move(first);
    in.tags = std::move(tags);
    in.lifecycle = lifecycle;
    auto c = service_->CreateContact(who, in);
    EXPECT_TRUE(c.ok()) << c.error().message;
    clock_.Advance(std::chrono::milliseconds(1));
    return c.ok() ? *c : Contact{};
  }

  // Every page of the list, following the cursors; first names in order.
  std::vector<std::string> All(const ContactFilter& f, int limit = 2) {
    std::vector<std::string> names;
    PageRequest page{limit, "", false};
    for (int round = 0; round < 100; ++round) {
      auto r = service_->ListContacts(a_, f, page);
      EXPECT_TRUE(r.ok()) << r.error().message;
      if (!r.ok()) break;
      for (const auto& c : r->items) names.push_back(c.first_name);
      if (!r->next_cursor) break;
      page.cursor = *r->next_cursor;
    }
    return names;
  }

  ManualClock clock_{FromUnixMillis(1'800'000'000'000)};
  crypto::SecureRandom random_;
  NullEventSink sink_;
  Principal a_, b_;
  std::unique_ptr<CrmService> service_;
};

TEST_P(CrmListTest, SearchPagesNewestFirstWithStableCursors) {
  for (int i = 0; i < 5; ++i) Make(a_, "Ada" + std::to_string(i), {}, Lifecycle::kLead);
  Make(a_, "Grace", {}, Lifecycle::kLead);
  Make(b_, "Ada9", {}, Lifecycle::kLead);
  ContactFilter f;
  f.q = "ada";
  EXPECT_EQ(All(f), (std::vector<std::string>{"Ada4", "Ada3", "Ada2", "Ada1", "Ada0"}));
  f.sort = ContactSort::kCreatedAsc;
  EXPECT_EQ(All(f), (std::vector<std::string>{"Ada0", "Ada1", "Ada2", "Ada3", "Ada4"}));

  // A contact created after the first page does not shift the pages that follow.
  f.sort = ContactSort::kCreatedDesc;
  auto first = service_->ListContacts(a_, f, {2, "", false});
  ASSERT_TRUE(first.ok() && first->next_cursor);
  Make(a_, "Ada5", {}, Lifecycle::kLead);
  auto second = service_->ListContacts(a_, f, {2, *first->next_cursor, false});
  ASSERT_TRUE(second.ok());
  ASSERT_EQ(second->items.size(), 2u);
  EXPECT_EQ(second->items[0].first_name, "Ada2");

  // Cursors belong to their list's order (on SQLite a search pages by insertion position).
  ContactFilter by_name;
  by_name.sort = ContactSort::kNameAsc;
  auto named = service_->ListContacts(a_, by_name, {2, "", false});
  ASSERT_TRUE(named.ok() && named->next_cursor);
  auto refused = service_->ListContacts(a_, f, {2, *named->next_cursor, false});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument);
  if (dialect() == db::Dialect::kSqlite) {
    ContactFilter plain;
    auto mixed = service_->ListContacts(a_, plain, {2, *first->next_cursor, false});
    ASSERT_FALSE(mixed.ok());
    EXPECT_EQ(mixed.error().code, ErrorCode::kInvalidArgument);
  }

  // Other sorts and further filters still apply to a search.
  f.sort = ContactSort::kNameAsc;
  EXPECT_EQ(All(f).front(), "Ada0");
  f.sort = ContactSort::kCreatedDesc;
  f.created_to = FromUnixMillis(1'800'000'000'002);
  EXPECT_EQ(All(f), (std::vector<std::string>{"Ada1", "Ada0"}));
}

TEST_P(CrmListTest, TagAndLifecycleFiltersFollowUpdates) {
  Contact x = Make(a_, "X", {"vip"}, Lifecycle::kLead);
  Make(a_, "Y", {"vip"}, Lifecycle::kCustomer);
  Make(a_, "Z", {"vip", "beta"}, Lifecycle::kLead);
  Make(a_, "W", {}, Lifecycle::kLead);
  Make(b_, "V", {"vip"}, Lifecycle::kLead);
  ContactFilter f;
  f.tag = "vip";
  EXPECT_EQ(All(f), (std::vector<std::string>{"Z", "Y", "X"}));
  f.lifecycle = Lifecycle::kLead;
  EXPECT_EQ(All(f, 1), (std::vector<std::string>{"Z", "X"}));
  f.sort = ContactSort::kCreatedAsc;
  EXPECT_EQ(All(f, 1), (std::vector<std::string>{"X", "Z"}));
  f.lifecycle = Lifecycle::kSubscriber;
  EXPECT_TRUE(All(f).empty());

  // The tag rows follow the contact's lifecycle.
  ContactInput patch;
  patch.lifecycle = Lifecycle::kSubscriber;
  ASSERT_TRUE(service_->UpdateContact(a_, x.id, patch).ok());
  EXPECT_EQ(All(f), (std::vector<std::string>{"X"}));
  f.lifecycle.reset();
  f.sort = ContactSort::kUpdatedDesc;  // the general plan gives the same set
  std::vector<std::string> by_update = All(f);
  EXPECT_EQ(std::set<std::string>(by_update.begin(), by_update.end()).size(), 3u);
  ContactFilter lifecycle_only;
  lifecycle_only.lifecycle = Lifecycle::kLead;
  EXPECT_EQ(All(lifecycle_only), (std::vector<std::string>{"W", "Z"}));
}

TEST_P(CrmListTest, CustomFieldFiltersAreTypedAndCounted) {
  ASSERT_TRUE(service_->CreateCustomField(a_, {"seats", "Seats", FieldType::kNumber, {}}).ok());
  ASSERT_TRUE(service_->CreateCustomField(a_, {"plan", "Plan", FieldType::kSelect, {"free", "pro"}}).ok());
  ASSERT_TRUE(service_->CreateCustomField(a_, {"renews", "Renews", FieldType::kDate, {}}).ok());
  ASSERT_TRUE(service_->CreateCustomField(a_, {"vip", "VIP", FieldType::kBoolean, {}}).ok());
  using Kind = CustomValueInput::Kind;
  auto make = [&](const char* name, const char* seats, const char* plan, bool vip) {
    ContactInput in;
    in.first_name = name;
    in.custom["seats"] = {Kind::kNumber, seats};
    in.custom["plan"] = {Kind::kString, plan};
    in.custom["renews"] = {Kind::kString, "2027-01-31"};
    in.custom["vip"] = {Kind::kBool, vip ? "true" : "false"};
    ASSERT_TRUE(service_->CreateContact(a_, in).ok());
    clock_.Advance(std::chrono::milliseconds(1));
  };
  make("A", "5", "pro", true);
  make("B", "2.5E0", "free", false);
  make("C", "10", "pro", false);

  ContactFilter f;
  f.custom = {{"seats", "5.0"}};
  EXPECT_EQ(All(f), std::vector<std::string>{"A"});
  f.custom = {{"seats", "2.5"}};
  EXPECT_EQ(All(f), std::vector<std::string>{"B"});
  f.custom = {{"plan", "pro"}, {"vip", "false"}};
  EXPECT_EQ(All(f), std::vector<std::string>{"C"});
  f.custom = {{"renews", "2027-01-31"}};
  auto counted = service_->ListContacts(a_, f, {2, "", true});
  ASSERT_TRUE(counted.ok()) << counted.error().message;
  EXPECT_EQ(counted->items.size(), 2u);
  EXPECT_EQ(counted->total, 3);
  EXPECT_TRUE(counted->next_cursor.has_value());
  EXPECT_FALSE(service_->ListContacts(a_, f, {2, "", false})->total.has_value());

  f.custom = {{"seats", "many"}, {"plan", "gold"}, {"renews", "2027-02-30"}, {"vip", "yes"},
              {"nope", "1"}};
  auto bad = service_->ListContacts(a_, f, {});
  ASSERT_FALSE(bad.ok());
  std::set<std::string> fields;
  for (const auto& e : bad.error().fields) fields.insert(e.field);
  EXPECT_EQ(fields, (std::set<std::string>{"cf.seats", "cf.plan", "cf.renews", "cf.vip", "cf.nope"}));
  // Another organization has no such fields.
  f.custom = {{"plan", "pro"}};
  EXPECT_EQ(service_->ListContacts(b_, f, {}).error().code, ErrorCode::kInvalidArgument);
}

SYNTERA_INSTANTIATE_ENGINE_TEST(CrmListTest);

}  // namespace
}  // namespace syntera::crm
