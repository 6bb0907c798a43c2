// The dispatcher: at-least-once from a checkpoint, isolation of failing subscribers, order per
// aggregate under concurrent writers, and (PostgreSQL) no skipped late commits.

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <map>
#include <mutex>
#include <thread>

#include "events/dispatcher.h"
#include "events/event_store.h"
#include "events/events_test_support.h"
#include "events/lease_owner.h"
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

// Two processes sharing one database: two dispatchers, each with the same subscriber. The
// subscriber's lease lets only one deliver at a time, and the checkpoint it saves is the
// other's starting point.
TEST_P(DispatcherTest, TwoDispatchersNeverDeliverOneSubscriberConcurrently) {
  DispatcherOptions options;
  options.poll_interval = milliseconds(2);
  options.batch_size = 7;  // many small batches: many chances to interleave
  Dispatcher a(db(), clock_, *logger_, options);
  Dispatcher b(db(), clock_, *logger_, options);
  std::atomic<int> running{0}, overlaps{0};
  std::mutex mu;
  std::map<int64_t, int> deliveries;  // sequence → times delivered
  auto handler = [&](const DomainEvent& e) -> Result<void> {
    if (running.fetch_add(1) != 0) ++overlaps;
    std::this_thread::sleep_for(std::chrono::microseconds(200));  // widen the window
    {
      std::lock_guard lock(mu);
      ++deliveries[e.sequence];
    }
    running.fetch_sub(1);
    return Ok();
  };
  a.Subscribe("audit", "", handler);
  b.Subscribe("audit", "", handler);
  ASSERT_TRUE(a.Start().ok());
  ASSERT_TRUE(b.Start().ok());
  constexpr int kEvents = 150;
  for (int i = 0; i < kEvents; ++i) {
    Append(Event("org-a", "contact.created", "c" + std::to_string(i)));
    if (i % 10 == 0) {
      a.Notify();
      b.Notify();
    }
  }
  a.Notify();
  b.Notify();
  auto count = [&] {
    std::lock_guard lock(mu);
    return deliveries.size();
  };
  ASSERT_TRUE(WaitFor([&] { return count() == kEvents; }));
  a.Stop();
  b.Stop();
  EXPECT_EQ(overlaps.load(), 0);
  // The clock never passed a lease, so no takeover happened: each event exactly once.
  for (const auto& [seq, n] : deliveries) EXPECT_EQ(n, 1) << "sequence " << seq;
}

TEST_P(DispatcherTest, StandbyTakesOverWhenTheLeaseExpiresOrIsReleased) {
  DispatcherOptions options;
  options.subscriber_lease = milliseconds(10'000);
  Dispatcher a(db(), clock_, *logger_, options);
  Dispatcher b(db(), clock_, *logger_, options);
  std::vector<std::string> by_a, by_b;
  a.Subscribe("audit", "", [&](const DomainEvent& e) -> Result<void> {
    by_a.push_back(e.aggregate_id);
    return Ok();
  });
  b.Subscribe("audit", "", [&](const DomainEvent& e) -> Result<void> {
    by_b.push_back(e.aggregate_id);
    return Ok();
  });
  Append(Event("org-a", "contact.created", "e1"));
  ASSERT_TRUE(a.RunOnce().ok());
  Append(Event("org-a", "contact.created", "e2"));
  ASSERT_TRUE(b.RunOnce().ok());  // a holds the lease
  EXPECT_TRUE(by_b.empty());

  // a "crashes" (never runs again, never releases); b waits for the lease to expire.
  clock_.Advance(milliseconds(9'999));
  ASSERT_TRUE(b.RunOnce().ok());
  EXPECT_TRUE(by_b.empty());
  clock_.Advance(milliseconds(1));
  ASSERT_TRUE(b.RunOnce().ok());
  EXPECT_EQ(by_b, (std::vector<std::string>{"e2"}));  // from a's checkpoint: e1 not repeated

  // a comes back: it lost the lease, so it delivers nothing and cannot move the checkpoint.
  Append(Event("org-a", "contact.created", "e3"));
  ASSERT_TRUE(a.RunOnce().ok());
  EXPECT_EQ(by_a, (std::vector<std::string>{"e1"}));

  // A clean stop hands over at once, without waiting for the lease.
  b.Stop();
  ASSERT_TRUE(a.RunOnce().ok());
  EXPECT_EQ(by_a, (std::vector<std::string>{"e1", "e3"}));
  EXPECT_EQ(by_b, (std::vector<std::string>{"e2"}));
}

// A process restarted after kill -9 on the same machine need not wait for its predecessor's
// lease: that holder's process is gone.
TEST_P(DispatcherTest, LeaseOfAProcessThatIsGoneIsTakenOverAtOnce) {
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) _exit(0);
  ASSERT_EQ(waitpid(child, nullptr, 0), child);  // `child` is now a pid nobody uses
  DispatcherOptions gone_options;
  gone_options.lease_owner = LeaseOwnerId(child, "before-kill-9");
  Dispatcher gone(db(), clock_, *logger_, gone_options);
  Dispatcher restarted(db(), clock_, *logger_);
  std::vector<std::string> by_gone, by_restarted;
  gone.Subscribe("audit", "", [&](const DomainEvent& e) -> Result<void> {
    by_gone.push_back(e.aggregate_id);
    return Ok();
  });
  restarted.Subscribe("audit", "", [&](const DomainEvent& e) -> Result<void> {
    by_restarted.push_back(e.aggregate_id);
    return Ok();
  });
  Append(Event("org-a", "contact.created", "e1"));
  ASSERT_TRUE(gone.RunOnce().ok());
  Append(Event("org-a", "contact.created", "e2"));
  ASSERT_TRUE(restarted.RunOnce().ok());  // no clock advance: the lease has not expired
  EXPECT_EQ(by_gone, (std::vector<std::string>{"e1"}));
  EXPECT_EQ(by_restarted, (std::vector<std::string>{"e2"}));

  EXPECT_TRUE(LeaseOwnerIsDeadHere(LeaseOwnerId(child, "x")));
  EXPECT_FALSE(LeaseOwnerIsDeadHere(LeaseOwnerId(getpid(), "x")));
  EXPECT_FALSE(LeaseOwnerIsDeadHere("other-host:boot:ns:" + std::to_string(child) + ":x"));
  EXPECT_FALSE(LeaseOwnerIsDeadHere("garbage"));
}

SYNTERA_INSTANTIATE_ENGINE_TEST(DispatcherTest);

}  // namespace
}  // namespace syntera::events
