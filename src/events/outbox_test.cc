// The outbox: an event exists iff its transaction committed; tenant-scoped listing.

#include <gtest/gtest.h>

#include "events/dispatcher.h"
#include "events/event_log.h"
#include "events/events_test_support.h"
#include "obs/logger.h"

namespace syntera::events {
namespace {

using OutboxTest = EventsTest;

TEST_P(OutboxTest, CommittedEventIsListedForItsOrganizationOnly) {
  Append(Event("org-a", "contact.created", "c1", R"({"name":"Ada"})"));
  Append(Event("org-b", "contact.created", "c2"));
  EventLog log(db());
  auto a = log.List(OrgId("org-a"), {});
  ASSERT_TRUE(a.ok()) << a.error().message;
  ASSERT_EQ(a->items.size(), 1u);
  EXPECT_EQ(a->items[0].aggregate_id, "c1");
  EXPECT_EQ(a->items[0].payload, R"({"name":"Ada"})");
  EXPECT_GT(a->items[0].sequence, 0);
  EXPECT_FALSE(a->next_after);
}

TEST_P(OutboxTest, RolledBackChangeEmitsNothing) {
  ASSERT_TRUE(db::InTx(db(), db::Scope::System(), db::TxMode::kWrite, [](db::Tx& tx) {
                return tx.ExecScript("CREATE TABLE contacts_t (id TEXT PRIMARY KEY)");
              }).ok());
  // 1. Dropped without commit.
  {
    auto tx = db().Begin(db::Scope::Tenant("org-a"), db::TxMode::kWrite);
    ASSERT_TRUE(tx.ok());
    ASSERT_TRUE((*tx)->Exec("INSERT INTO contacts_t (id) VALUES ('c1')").ok());
    ASSERT_TRUE(AppendEvent(**tx, Event("org-a", "contact.created", "c1")).ok());
  }
  // 2. The change fails after the event was appended: the whole transaction rolls back.
  auto failed = db::InTx(db(), db::Scope::Tenant("org-a"), db::TxMode::kWrite,
                         [&](db::Tx& tx) -> Result<void> {
                           SYN_RETURN_IF_ERROR(AppendEvent(tx, Event("org-a", "contact.created", "c2")));
                           SYN_RETURN_IF_ERROR(tx.Exec("INSERT INTO contacts_t (id) VALUES ('x')"));
                           SYN_RETURN_IF_ERROR(tx.Exec("INSERT INTO contacts_t (id) VALUES ('x')"));
                           return Ok();
                         });
  EXPECT_FALSE(failed.ok());

  EventLog log(db());
  auto listed = log.List(OrgId("org-a"), {});
  ASSERT_TRUE(listed.ok());
  EXPECT_TRUE(listed->items.empty());

  auto logger = obs::NullLogger();
  Dispatcher dispatcher(db(), clock_, *logger);
  int delivered = 0;
  dispatcher.Subscribe("audit", "", [&](const DomainEvent&) -> Result<void> {
    ++delivered;
    return Ok();
  });
  ASSERT_TRUE(dispatcher.RunOnce().ok());
  EXPECT_EQ(delivered, 0);

  // A committed change after the rollbacks is delivered.
  Append(Event("org-a", "contact.created", "c3"));
  ASSERT_TRUE(dispatcher.RunOnce().ok());
  EXPECT_EQ(delivered, 1);
}

TEST_P(OutboxTest, RejectsMalformedEvents) {
  auto tx = db().Begin(db::Scope::Tenant("org-a"), db::TxMode::kWrite);
  ASSERT_TRUE(tx.ok());
  for (const char* type : {"", "contact", "Contact.created", "contact..x", "contact.created."}) {
    auto r = AppendEvent(**tx, Event("org-a", type, "c1"));
    ASSERT_FALSE(r.ok()) << type;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  }
  auto bad_payload = AppendEvent(**tx, Event("org-a", "contact.created", "c1", "[1]"));
  ASSERT_FALSE(bad_payload.ok());
  EXPECT_EQ(bad_payload.error().fields.at(0).field, "payload");
  EXPECT_TRUE(IsValidEventType("deal.stage_changed"));
  EXPECT_TRUE(IsValidEventType("conversation.handoff_requested"));
}

TEST_P(OutboxTest, ListFiltersByTypeAndSinceAndPaginates) {
  for (int i = 0; i < 5; ++i) {
    Append(Event("org-a", "contact.created", "c" + std::to_string(i)));
    clock_.Advance(std::chrono::seconds(1));
  }
  Append(Event("org-a", "deal.created", "d1"));
  EventLog log(db());

  auto deals = log.List(OrgId("org-a"), {.type = "deal.created"});
  ASSERT_TRUE(deals.ok());
  EXPECT_EQ(deals->items.size(), 1u);
  auto contacts = log.List(OrgId("org-a"), {.type = "contact."});
  ASSERT_TRUE(contacts.ok());
  EXPECT_EQ(contacts->items.size(), 5u);
  auto bad = log.List(OrgId("org-a"), {.type = "DROP TABLE"});
  EXPECT_FALSE(bad.ok());

  auto since = log.List(OrgId("org-a"), {.since = clock_.Now() - std::chrono::seconds(2)});
  ASSERT_TRUE(since.ok());
  EXPECT_EQ(since->items.size(), 3u);  // c3, c4 (at now-2s, now-1s) and d1 (now)

  std::vector<std::string> seen;
  EventFilter page{.limit = 2};
  while (true) {
    auto p = log.List(OrgId("org-a"), page);
    ASSERT_TRUE(p.ok());
    for (const auto& e : p->items) seen.push_back(e.aggregate_id);
    if (!p->next_after) break;
    page.after_sequence = *p->next_after;
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"c0", "c1", "c2", "c3", "c4", "d1"}));
}

TEST_P(OutboxTest, RetentionDeletesOnlyOldEventsEverySubscriberPassed) {
  auto logger = obs::NullLogger();
  DispatcherOptions options;
  options.retention = std::chrono::hours(24);
  Append(Event("org-a", "contact.created", "old1"));
  Append(Event("org-a", "contact.created", "old2"));
  clock_.Advance(std::chrono::hours(48));
  Append(Event("org-a", "contact.created", "new"));

  Dispatcher dispatcher(db(), clock_, *logger, options);
  int calls = 0;
  dispatcher.Subscribe("slow", "", [&](const DomainEvent&) -> Result<void> {
    if (++calls == 2) return Unavailable("down");
    return Ok();
  });
  // Checkpoint after old1 only: old2 must survive retention.
  ASSERT_TRUE(dispatcher.RunOnce().ok());
  auto purged = dispatcher.PurgeExpired();
  ASSERT_TRUE(purged.ok()) << purged.error().message;
  EXPECT_EQ(*purged, 1);
  EventLog log(db());
  auto left = log.List(OrgId("org-a"), {});
  ASSERT_TRUE(left.ok());
  ASSERT_EQ(left->items.size(), 2u);
  EXPECT_EQ(left->items[0].aggregate_id, "old2");
}

SYNTERA_INSTANTIATE_ENGINE_TEST(OutboxTest);

}  // namespace
}  // namespace syntera::events
