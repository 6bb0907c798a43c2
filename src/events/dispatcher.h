#pragma once
// Delivers committed domain events from the outbox to subscribers registered at wiring time.
//
// Guarantees:
//  - at least once: a subscriber's checkpoint (table event_checkpoints) advances only after
//    its handler returned ok for the events up to it, so a crash or restart redelivers at most
//    the events after the last checkpoint and loses none;
//  - in outbox order (sequence order) per subscriber, hence in order per aggregate;
//  - isolation: each subscriber has its own cursor and thread; a failing subscriber is retried
//    with exponential backoff (retry_base * 2^(n-1), capped at retry_max) and, after
//    max_attempts, the event is parked in event_dead_letters and skipped — other subscribers
//    never wait for it.
// Completeness on PostgreSQL: sequence numbers are drawn before commit, so a row with a lower
// number can become visible after a higher one. The dispatcher only delivers up to a
// watermark W that is known final: it reads the highest number drawn so far, then the next
// xid to be assigned (snapshot xmax), and accepts W once no transaction older than that xmax
// is running (snapshot xmin >= xmax). AppendEvent assigns its transaction's xid before drawing
// a number, so every possible holder of a number <= W has then ended. A long-running
// transaction anywhere in the cluster therefore delays delivery, never loses an event.
// On SQLite writes are serialised, so the highest visible number is always final.
//
// Several processes: each may run a Dispatcher on one shared database. A subscriber is
// delivered by one of them at a time: before delivering, a dispatcher takes the subscriber's
// lease (table event_subscriber_leases, `subscriber_lease` long, renewed as it goes; the row
// lock orders competing processes on PostgreSQL), and a checkpoint is saved only in a
// transaction that still holds that lease, so a dispatcher that lost it can never move the
// checkpoint. Another process takes over when the holder stops (Stop() releases its leases),
// at once when the holder was a process of this host that is gone (a restart after kill -9,
// see lease_owner.h), otherwise once the lease has expired; it resumes from the last saved
// checkpoint.
// A handler running longer than half the lease (or a holder stalled longer than the whole
// lease) can let a second process start on the same subscriber — still at least once, but
// no longer one at a time; keep handlers short.
// Handlers must be idempotent (at least once) and should be quick; slow work belongs in a job.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "db/database.h"
#include "events/domain_event.h"
#include "obs/logger.h"

namespace syntera::events {

// Returns ok when the event was handled; an error makes the dispatcher retry it later.
// Exceptions are treated as errors. Called on the subscriber's own thread, one event at a time.
using EventHandler = std::function<Result<void>(const DomainEvent&)>;

struct DispatcherOptions {
  std::chrono::milliseconds poll_interval{200};   // how often new events are looked for
  int batch_size = 200;                           // events read per query
  std::chrono::milliseconds retry_base{1000};
  std::chrono::milliseconds retry_max{std::chrono::minutes(5)};
  int max_attempts = 10;                          // then park and skip; 0 = retry forever
  std::chrono::hours retention{24 * 30};          // events older than this are deleted; 0 keeps
  std::chrono::milliseconds retention_interval{std::chrono::hours(1)};
  // How long a subscriber's delivery lease lasts without renewal (renewed at half-life).
  std::chrono::milliseconds subscriber_lease{std::chrono::seconds(30)};
  // This instance's identity in the lease table (lease_owner.h); empty: a fresh one. Tests.
  std::string lease_owner;
};

class Dispatcher {
 public:
  // `db`, `clock` and `logger` must outlive the dispatcher. The clock decides retry and
  // retention times (tests pass a ManualClock); waiting uses real time.
  Dispatcher(db::Database& db, const Clock& clock, obs::Logger& logger,
             DispatcherOptions options = {});
  ~Dispatcher();  // calls Stop(), which releases this dispatcher's leases
  Dispatcher(const Dispatcher&) = delete;
  Dispatcher& operator=(const Dispatcher&) = delete;

  // Registers a subscriber before Start(). `name` identifies its checkpoint across restarts
  // (keep it stable); `type_prefix` filters events by type prefix ("" = all, "contact." …).
  // Throws std::logic_error for a duplicate or empty name or after Start() (wiring bugs).
  void Subscribe(std::string name, std::string type_prefix, EventHandler handler);

  // Starts one thread per subscriber plus one that advances the watermark and runs retention.
  // Errors: kFailedPrecondition when already started.
  Result<void> Start();
  // Stops the threads after the event each is handling, then releases the subscriber leases
  // it holds so another process can take over at once; idempotent. Call it from the owning
  // thread (not concurrently with itself or RunOnce()).
  void Stop();
  // Wakes the threads to look for new events now (e.g. after a local commit). Thread-safe.
  void Notify();

  // Synchronous delivery for tests and tools (not while started): advances the watermark once,
  // then delivers to every subscriber whose lease it holds or can take and that is not
  // waiting for a retry, until it is caught up or fails. Returns the number of events handed
  // to handlers successfully.
  Result<int64_t> RunOnce();
  // Deletes events older than the retention period that every subscriber has passed.
  // Returns the number deleted.
  Result<int64_t> PurgeExpired();
  // The highest sequence known final (see above).
  int64_t watermark() const { return watermark_.load(); }

 private:
  struct Subscriber;
  Result<int64_t> AdvanceWatermark();
  Result<int64_t> DeliverBatch(Subscriber& sub);
  // True when this dispatcher holds (or just took, or renewed) the subscriber's lease.
  Result<bool> HoldLease(Subscriber& sub);
  // Saves the checkpoint `done` and renews the lease in one transaction; false (nothing
  // saved) when the lease was lost.
  Result<bool> SaveProgress(Subscriber& sub, int64_t done);
  void LoseLease(Subscriber& sub);
  void ReleaseLeases();
  void Park(Subscriber& sub, const DomainEvent& event, const Error& error);
  void SubscriberLoop(Subscriber& sub);
  void PumpLoop();
  std::chrono::milliseconds Backoff(int attempts) const;

  db::Database& db_;
  const Clock& clock_;
  obs::Logger& logger_;
  DispatcherOptions options_;
  const std::string owner_;  // this instance in event_subscriber_leases (lease_owner.h)
  std::vector<std::unique_ptr<Subscriber>> subscribers_;  // fixed after Start()

  std::atomic<int64_t> watermark_{0};
  // PostgreSQL: a candidate watermark waiting for every older transaction to end.
  struct Pending {
    int64_t high = 0;
    int64_t xmax = 0;
  };
  std::optional<Pending> pending_;  // used only by the pump thread (or RunOnce)
  Timestamp next_retention_{};

  std::mutex mu_;  // guards stop_, wake_seq_; with cv_
  std::condition_variable cv_;
  bool stop_ = false;
  uint64_t wake_seq_ = 0;
  bool started_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace syntera::events
