// The dispatcher: at-least-once from a checkpoint, isolation of failing subscribers, order per
// aggregate under concurrent writers, and (PostgreSQL) no skipped late commits.

#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <mutex>
#include <thread>

#include "events/dispatcher.h"
#include "events/event_store.h"
#include "events/events_test_support.h"
#include "obs/logger.h"

namespace syntera::events {
namespace {

using std::chrono::milliseconds;

class DispatcherTest : public EventsTest {
 protected:
  std::unique_ptr<obs::Logger> logger_ = obs::NullLogger();

  // Waits (real time, generous deadline) until `done` holds.
  template <typename Pred>
  bool WaitFor(Pred done, std::chrono::seconds deadline = std::chrono::seconds(30)) {
    auto until = std::chrono::steady_clock::now() + deadline;
    while (!done()) {
      if (std::chrono::steady_clock::now() > until) return false;
      std::this_thread::yield();
      std::this_thread::sleep_for(milliseconds(2));  // polling interval, not synchronisation
    }
    return true;
  }
};

TEST_P(DispatcherTest, SubscriberCrashLosesNothingAndResumesFromCheckpoint) {
  for (int i = 0; i < 10; ++i) Append(Event("org-a", "contact.created", "c" + std::to_string(i)));
  std::vector<int64_t> seen;
  {
    Dispatcher first(db(), clock_, *logger_);
    first.Subscribe("crm-sync", "", [&](const DomainEvent& e) -> Result<void> {
      if (seen.size() == 4) return Internal("process died here");
      seen.push_back(e.sequence);
      return Ok();
    });
    ASSERT_TRUE(first.RunOnce().ok());
    ASSERT_EQ(seen.size(), 4u);
  }  // the "process" is gone; its checkpoint is what it committed
  Dispatcher second(db(), clock_, *logger_);
  second.Subscribe("crm-sync", "", [&](const DomainEvent& e) -> Result<void> {
    seen.push_back(e.sequence);
    return Ok();
  });
  ASSERT_TRUE(second.RunOnce().ok());
  ASSERT_EQ(seen.size(), 10u);
  for (size_t i = 1; i < seen.size(); ++i) EXPECT_LT(seen[i - 1], seen[i]);
  // Nothing is delivered twice once checkpointed.
  ASSERT_TRUE(second.RunOnce().ok());
  EXPECT_EQ(seen.size(), 10u);
}

TEST_P(DispatcherTest, FailingSubscriberIsRetriedWithBackoffAndNeverBlocksOthers) {
  for (int i = 0; i < 3; ++i) Append(Event("org-a", "contact.created", "c" + std::to_string(i)));
  DispatcherOptions options;
  options.retry_base = milliseconds(1000);
  options.max_attempts = 3;
  Dispatcher dispatcher(db(), clock_, *logger_, options);
  int broken_calls = 0;
  int healthy = 0;
  dispatcher.Subscribe("broken", "", [&](const DomainEvent& e) -> Result<void> {
    ++broken_calls;
    if (e.aggregate_id == "c0") return Unavailable("webhook down");
    return Ok();
  });
  dispatcher.Subscribe("healthy", "contact.", [&](const DomainEvent&) -> Result<void> {
    ++healthy;
    return Ok();
  });
  ASSERT_TRUE(dispatcher.RunOnce().ok());
  EXPECT_EQ(healthy, 3);
  EXPECT_EQ(broken_calls, 1);
  ASSERT_TRUE(dispatcher.RunOnce().ok());  // backoff not elapsed: not retried
  EXPECT_EQ(broken_calls, 1);
  clock_.Advance(milliseconds(1000));
  ASSERT_TRUE(dispatcher.RunOnce().ok());
  EXPECT_EQ(broken_calls, 2);
  clock_.Advance(milliseconds(1999));  // second backoff is 2 s
  ASSERT_TRUE(dispatcher.RunOnce().ok());
  EXPECT_EQ(broken_calls, 2);
  clock_.Advance(milliseconds(1));
  ASSERT_TRUE(dispatcher.RunOnce().ok());
  // Third failure parks c0; c1 and c2 are then delivered.
  EXPECT_EQ(broken_calls, 5);
  auto tx = db().Begin(db::Scope::System(), db::TxMode::kRead);
  ASSERT_TRUE(tx.ok());
  auto parked = store::CountParked(**tx, "broken");
  ASSERT_TRUE(parked.ok());
  EXPECT_EQ(*parked, 1);
}

TEST_P(DispatcherTest, OrderPerAggregateHoldsUnderConcurrentWriters) {
  ASSERT_TRUE(db::InTx(db(), db::Scope::System(), db::TxMode::kWrite, [](db::Tx& tx) {
                return tx.ExecScript(
                    "CREATE TABLE aggs (id TEXT PRIMARY KEY, version BIGINT NOT NULL);"
                    "INSERT INTO aggs VALUES ('a0', 0), ('a1', 0), ('a2', 0)");
              }).ok());
  DispatcherOptions options;
  options.poll_interval = milliseconds(5);
  Dispatcher dispatcher(db(), clock_, *logger_, options);
  std::mutex mu;
  std::map<std::string, std::vector<int64_t>> versions;
  std::atomic<int> received{0};
  dispatcher.Subscribe("order-check", "", [&](const DomainEvent& e) -> Result<void> {
    std::lock_guard lock(mu);
    versions[e.aggregate_id].push_back(std::stoll(e.payload.substr(5)));
    ++received;
    return Ok();
  });
  ASSERT_TRUE(dispatcher.Start().ok());

  constexpr int kThreads = 4, kPerThread = 40;
  std::vector<std::thread> writers;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    writers.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        std::string agg = "a" + std::to_string((t + i) % 3);
        auto r = db::InTx(db(), db::Scope::Tenant("org-a"), db::TxMode::kWrite,
                          [&](db::Tx& tx) -> Result<void> {
                            SYN_ASSIGN_OR_RETURN(
                                db::Rows rows,
                                tx.Query("UPDATE aggs SET version = version + 1 WHERE id = ? "
                                         "RETURNING version",
                                         {agg}));
                            std::string payload =
                                "{\"v\":" + std::to_string(rows[0].Int(0)) + "}";
                            return AppendEvent(tx, Event("org-a", "contact.updated", agg, payload));
                          });
        if (!r.ok()) ++failures;
      }
    });
  }
  for (auto& w : writers) w.join();
  ASSERT_EQ(failures.load(), 0);
  dispatcher.Notify();
  ASSERT_TRUE(WaitFor([&] { return received.load() >= kThreads * kPerThread; }));
  dispatcher.Stop();
  EXPECT_EQ(received.load(), kThreads * kPerThread);
  for (const auto& [agg, vs] : versions) {
    for (size_t i = 0; i < vs.size(); ++i) EXPECT_EQ(vs[i], static_cast<int64_t>(i + 1)) << agg;
  }
}

// PostgreSQL draws sequence numbers before commit: a transaction holding a lower number that
// commits later must still be delivered, before the higher one.
TEST_P(DispatcherTest, LateCommitWithLowerSequenceIsNotSkipped) {
  if (dialect() != db::Dialect::kPostgres) GTEST_SKIP() << "SQLite serialises writers";
  Dispatcher dispatcher(db(), clock_, *logger_);
  std::vector<std::string> seen;
  dispatcher.Subscribe("audit", "", [&](const DomainEvent& e) -> Result<void> {
    seen.push_back(e.aggregate_id);
    return Ok();
  });
  auto slow = db().Begin(db::Scope::Tenant("org-a"), db::TxMode::kWrite);
  ASSERT_TRUE(slow.ok());
  ASSERT_TRUE(AppendEvent(**slow, Event("org-a", "contact.created", "first")).ok());
  Append(Event("org-a", "contact.created", "second"));  // higher number, commits first

  ASSERT_TRUE(dispatcher.RunOnce().ok());
  ASSERT_TRUE(dispatcher.RunOnce().ok());
  EXPECT_TRUE(seen.empty()) << "delivered past an in-flight lower sequence";

  ASSERT_TRUE((*slow)->Commit().ok());
  slow->reset();
  ASSERT_TRUE(dispatcher.RunOnce().ok());
  ASSERT_TRUE(dispatcher.RunOnce().ok());
  EXPECT_EQ(seen, (std::vector<std::string>{"first", "second"}));

  // A rolled-back holder of a lower number leaves a gap that is skipped, not waited on.
  auto aborted = db().Begin(db::Scope::Tenant("org-a"), db::TxMode::kWrite);
  ASSERT_TRUE(aborted.ok());
  ASSERT_TRUE(AppendEvent(**aborted, Event("org-a", "contact.created", "never")).ok());
  Append(Event("org-a", "contact.created", "third"));
  ASSERT_TRUE(dispatcher.RunOnce().ok());
  EXPECT_EQ(seen.size(), 2u);
  aborted->reset();  // rollback
  ASSERT_TRUE(dispatcher.RunOnce().ok());
  ASSERT_TRUE(dispatcher.RunOnce().ok());
  EXPECT_EQ(seen, (std::vector<std::string>{"first", "second", "third"}));
}

TEST_P(DispatcherTest, StartedDispatcherDeliversNewEventsAndStopsCleanly) {
  DispatcherOptions options;
  options.poll_interval = milliseconds(10);
  Dispatcher dispatcher(db(), clock_, *logger_, options);
  std::atomic<int> got{0};
  dispatcher.Subscribe("rt", "deal.", [&](const DomainEvent&) -> Result<void> {
    ++got;
    return Ok();
  });
  EXPECT_THROW(dispatcher.Subscribe("rt", "", nullptr), std::logic_error);
  ASSERT_TRUE(dispatcher.Start().ok());
  Append(Event("org-a", "deal.created", "d1"));
  Append(Event("org-a", "contact.created", "c1"));
  Append(Event("org-a", "deal.stage_changed", "d1"));
  dispatcher.Notify();
  ASSERT_TRUE(WaitFor([&] { return got.load() == 2; }));
  dispatcher.Stop();
  dispatcher.Stop();
  EXPECT_EQ(got.load(), 2);
}

SYNTERA_INSTANTIATE_ENGINE_TEST(DispatcherTest);

}  // namespace
}  // namespace syntera::events
