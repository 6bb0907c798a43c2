#include "events/dispatcher.h"

#include <algorithm>
#include <exception>
#include <limits>
#include <stdexcept>
#include <utility>

#include "events/event_store.h"
#include "events/lease_owner.h"

namespace syntera::events {

struct Dispatcher::Subscriber {
  std::string name;
  std::string type_prefix;
  EventHandler handler;
  // Used only by the subscriber's thread (or RunOnce).
  std::optional<int64_t> checkpoint;  // loaded on first use, after the lease was taken
  int attempts = 0;                   // failed attempts of the event at the cursor
  Timestamp next_try{};
  bool leased = false;                // this dispatcher holds the subscriber's lease
  Timestamp lease_until{};
};

Dispatcher::Dispatcher(db::Database& db, const Clock& clock, obs::Logger& logger,
                       DispatcherOptions options)
    : db_(db), clock_(clock), logger_(logger), options_(options),
      owner_(options.lease_owner.empty() ? NewLeaseOwnerId() : options.lease_owner) {}

Dispatcher::~Dispatcher() { Stop(); }

void Dispatcher::Subscribe(std::string name, std::string type_prefix, EventHandler handler) {
  if (started_) throw std::logic_error("events: Subscribe after Start");
  if (name.empty()) throw std::logic_error("events: subscriber name must not be empty");
  for (const auto& s : subscribers_) {
    if (s->name == name) throw std::logic_error("events: duplicate subscriber " + name);
  }
  auto sub = std::make_unique<Subscriber>();
  sub->name = std::move(name);
  sub->type_prefix = std::move(type_prefix);
  sub->handler = std::move(handler);
  subscribers_.push_back(std::move(sub));
}

Result<void> Dispatcher::Start() {
  if (started_) return FailedPrecondition("events: dispatcher already started");
  started_ = true;
  {
    std::lock_guard lock(mu_);
    stop_ = false;
  }
  threads_.emplace_back([this] { PumpLoop(); });
  for (auto& sub : subscribers_) {
    Subscriber* s = sub.get();
    threads_.emplace_back([this, s] { SubscriberLoop(*s); });
  }
  return Ok();
}

void Dispatcher::Stop() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  for (auto& t : threads_) {
    if (t.joinable()) t.join();
  }
  threads_.clear();
  ReleaseLeases();
}

void Dispatcher::ReleaseLeases() {
  for (auto& sub : subscribers_) {
    if (!sub->leased) continue;
    auto released = db::InTx(db_, db::Scope::System(), db::TxMode::kWrite, [&](db::Tx& tx) {
      return store::ReleaseLease(tx, sub->name, owner_);
    });
    if (!released.ok()) {  // it then expires by itself
      logger_.Warn("event_lease_release_failed",
                   {{"subscriber", sub->name}, {"error", released.error().message}});
    }
    sub->leased = false;
    sub->checkpoint.reset();
  }
}

Result<bool> Dispatcher::HoldLease(Subscriber& sub) {
  Timestamp now = clock_.Now();
  if (sub.leased && now + options_.subscriber_lease / 2 < sub.lease_until) return true;
  Timestamp until = now + options_.subscriber_lease;
  std::string dead_holder;
  if (!sub.leased) {
    // A standby looks first, so waiting for another process's lease costs no write.
    SYN_ASSIGN_OR_RETURN(auto tx, db_.Begin(db::Scope::System(), db::TxMode::kRead));
    SYN_ASSIGN_OR_RETURN(std::optional<store::SubscriberLease> current,
                         store::LoadLease(*tx, sub.name));
    if (current && current->owner != owner_ && current->until > now) {
      if (!LeaseOwnerIsDeadHere(current->owner)) return false;
      dead_holder = current->owner;  // e.g. this process before a kill -9: no need to wait
    }
  }
  SYN_ASSIGN_OR_RETURN(bool got,
                       db::InTx(db_, db::Scope::System(), db::TxMode::kWrite, [&](db::Tx& tx) {
                         return dead_holder.empty()
                                    ? store::AcquireLease(tx, sub.name, owner_, now, until)
                                    : store::TakeOverLease(tx, sub.name, dead_holder, owner_,
                                                           until);
                       }));
  if (!got) {
    LoseLease(sub);
    return false;
  }
  if (!sub.leased) sub.checkpoint.reset();  // another process may have moved it meanwhile
  sub.leased = true;
  sub.lease_until = until;
  return true;
}

Result<bool> Dispatcher::SaveProgress(Subscriber& sub, int64_t done) {
  Timestamp now = clock_.Now();
  Timestamp until = now + options_.subscriber_lease;
  SYN_ASSIGN_OR_RETURN(
      bool held,
      db::InTx(db_, db::Scope::System(), db::TxMode::kWrite, [&](db::Tx& tx) -> Result<bool> {
        SYN_ASSIGN_OR_RETURN(bool renewed, store::RenewLease(tx, sub.name, owner_, until));
        if (!renewed) return false;
        SYN_RETURN_IF_ERROR(store::SaveCheckpoint(tx, sub.name, done, now));
        return true;
      }));
  if (!held) {
    LoseLease(sub);
    return false;
  }
  sub.checkpoint = done;
  sub.lease_until = until;
  return true;
}

void Dispatcher::LoseLease(Subscriber& sub) {
  if (sub.leased) {
    logger_.Warn("event_lease_lost", {{"subscriber", sub.name}, {"owner", owner_}});
  }
  sub.leased = false;
  sub.checkpoint.reset();
  sub.attempts = 0;
  sub.next_try = {};
}

void Dispatcher::Notify() {
  {
    std::lock_guard lock(mu_);
    ++wake_seq_;
  }
  cv_.notify_all();
}

Result<int64_t> Dispatcher::AdvanceWatermark() {
  if (db_.dialect() == db::Dialect::kSqlite) {
    SYN_ASSIGN_OR_RETURN(auto tx, db_.Begin(db::Scope::System(), db::TxMode::kRead));
    SYN_ASSIGN_OR_RETURN(int64_t max, store::MaxSequence(*tx));
    watermark_.store(std::max(watermark_.load(), max));
    return watermark_.load();
  }
  // Each read in its own transaction, in this order (see the header).
  auto read = [this](auto fn) -> Result<int64_t> {
    SYN_ASSIGN_OR_RETURN(auto tx, db_.Begin(db::Scope::System(), db::TxMode::kRead));
    return fn(*tx);
  };
  if (!pending_) {
    SYN_ASSIGN_OR_RETURN(int64_t high, read(store::PgSequenceHighWater));
    if (high > watermark_.load()) {
      SYN_ASSIGN_OR_RETURN(int64_t xmax, read(store::PgSnapshotXmax));
      pending_ = Pending{high, xmax};
    }
  }
  if (pending_) {
    SYN_ASSIGN_OR_RETURN(int64_t xmin, read(store::PgSnapshotXmin));
    if (xmin >= pending_->xmax) {
      watermark_.store(std::max(watermark_.load(), pending_->high));
      pending_.reset();
    }
  }
  return watermark_.load();
}

std::chrono::milliseconds Dispatcher::Backoff(int attempts) const {
  auto d = options_.retry_base;
  for (int i = 1; i < attempts && d < options_.retry_max; ++i) d *= 2;
  return std::min(d, options_.retry_max);
}

void Dispatcher::Park(Subscriber& sub, const DomainEvent& event, const Error& error) {
  auto parked = db::InTx(db_, db::Scope::System(), db::TxMode::kWrite, [&](db::Tx& tx) {
    return store::ParkDelivery(tx, sub.name, event, error.message, sub.attempts, clock_.Now());
  });
  logger_.Error("event_delivery_parked",
                {{"subscriber", sub.name}, {"event_id", event.id}, {"type", event.type},
                 {"attempts", sub.attempts}, {"error", error.message},
                 {"parked", parked.ok()}});
}

Result<int64_t> Dispatcher::DeliverBatch(Subscriber& sub) {
  if (clock_.Now() < sub.next_try) return int64_t{0};
  SYN_ASSIGN_OR_RETURN(bool leased, HoldLease(sub));
  if (!leased) return int64_t{0};
  if (!sub.checkpoint) {
    SYN_ASSIGN_OR_RETURN(auto tx, db_.Begin(db::Scope::System(), db::TxMode::kRead));
    SYN_ASSIGN_OR_RETURN(int64_t c, store::LoadCheckpoint(*tx, sub.name));
    sub.checkpoint = c;
  }
  int64_t upto = watermark_.load();
  if (upto <= *sub.checkpoint) return int64_t{0};
  std::vector<DomainEvent> events;
  {
    SYN_ASSIGN_OR_RETURN(auto tx, db_.Begin(db::Scope::System(), db::TxMode::kRead));
    SYN_ASSIGN_OR_RETURN(events,
                         store::ReadRange(*tx, *sub.checkpoint, upto, options_.batch_size));
  }
  int64_t done = *sub.checkpoint;
  int64_t delivered = 0;
  bool caught_up = events.size() < static_cast<size_t>(options_.batch_size);
  for (const DomainEvent& e : events) {
    if (clock_.Now() + options_.subscriber_lease / 2 >= sub.lease_until) {
      // Slow handlers: save what is done and renew before going on.
      SYN_ASSIGN_OR_RETURN(bool held, SaveProgress(sub, done));
      if (!held) return delivered;
    }
    if (!e.type.starts_with(sub.type_prefix)) {
      done = e.sequence;
      continue;
    }
    Result<void> r = Internal("handler threw");
    try {
      r = sub.handler(e);
    } catch (const std::exception& ex) {
      r = Internal(std::string("handler threw: ") + ex.what());
    }
    if (r.ok()) {
      done = e.sequence;
      sub.attempts = 0;
      ++delivered;
      continue;
    }
    ++sub.attempts;
    if (options_.max_attempts > 0 && sub.attempts >= options_.max_attempts) {
      Park(sub, e, r.error());
      done = e.sequence;
      sub.attempts = 0;
      continue;
    }
    sub.next_try = clock_.Now() + Backoff(sub.attempts);
    logger_.Warn("event_delivery_failed",
                 {{"subscriber", sub.name}, {"event_id", e.id}, {"type", e.type},
                  {"attempts", sub.attempts}, {"error", r.error().message}});
    caught_up = true;
    break;
  }
  if (done != *sub.checkpoint) {
    SYN_ASSIGN_OR_RETURN(bool held, SaveProgress(sub, done));
    if (!held) return delivered;
  }
  // A full batch means there may be more: report progress so callers loop.
  return caught_up ? delivered : std::max<int64_t>(delivered, 1);
}

Result<int64_t> Dispatcher::RunOnce() {
  SYN_RETURN_IF_ERROR(AdvanceWatermark());
  int64_t total = 0;
  for (auto& sub : subscribers_) {
    while (true) {
      int64_t before = sub->checkpoint.value_or(-1);
      SYN_ASSIGN_OR_RETURN(int64_t n, DeliverBatch(*sub));
      total += n;
      if (sub->checkpoint.value_or(-1) == before || sub->attempts > 0) break;
    }
  }
  return total;
}

Result<int64_t> Dispatcher::PurgeExpired() {
  if (options_.retention.count() == 0) return int64_t{0};
  std::vector<std::string> names;
  for (const auto& s : subscribers_) names.push_back(s->name);
  return db::InTx(db_, db::Scope::System(), db::TxMode::kWrite, [&](db::Tx& tx) -> Result<int64_t> {
    SYN_ASSIGN_OR_RETURN(int64_t min_checkpoint, store::MinCheckpoint(tx, names));
    return store::DeleteOlderThan(tx, clock_.Now() - options_.retention, min_checkpoint);
  });
}

void Dispatcher::PumpLoop() {
  std::unique_lock lock(mu_);
  while (!stop_) {
    lock.unlock();
    int64_t before = watermark_.load();
    if (auto w = AdvanceWatermark(); !w.ok()) {
      logger_.Warn("event_watermark_failed", {{"error", w.error().message}});
    }
    if (clock_.Now() >= next_retention_) {
      next_retention_ = clock_.Now() + options_.retention_interval;
      if (auto n = PurgeExpired(); !n.ok()) {
        logger_.Warn("event_retention_failed", {{"error", n.error().message}});
      } else if (*n > 0) {
        logger_.Info("event_retention", {{"deleted", *n}});
      }
    }
    bool moved = watermark_.load() != before;
    lock.lock();
    if (moved) {
      ++wake_seq_;
      cv_.notify_all();
    }
    uint64_t seen = wake_seq_;
    // With a candidate pending, look again soon: it resolves as soon as older writers end.
    auto wait = pending_ ? std::min(options_.poll_interval, std::chrono::milliseconds(20))
                         : options_.poll_interval;
    cv_.wait_for(lock, wait, [&] { return stop_ || wake_seq_ != seen; });
  }
}

void Dispatcher::SubscriberLoop(Subscriber& sub) {
  std::unique_lock lock(mu_);
  while (!stop_) {
    uint64_t seen = wake_seq_;
    lock.unlock();
    bool more = false;
    auto n = DeliverBatch(sub);
    if (!n.ok()) {
      logger_.Warn("event_dispatch_failed", {{"subscriber", sub.name},
                                             {"error", n.error().message}});
    } else {
      more = *n > 0 && sub.attempts == 0;
    }
    lock.lock();
    if (more) continue;
    cv_.wait_for(lock, options_.poll_interval, [&] { return stop_ || wake_seq_ != seen; });
  }
}

}  // namespace syntera::events
