#include "net/connection_tracker.h"

#include <utility>

#include "obs/metrics.h"

namespace syntera::net {

ConnectionTracker::ConnectionTracker(size_t max_connections, obs::MetricsRegistry& metrics)
    : max_connections_(max_connections),
      open_gauge_(
          metrics.GetGauge("syntera_http_connections_open", "HTTP connections currently open")),
      rejected_counter_(metrics.GetCounter(
          "syntera_http_connections_rejected_total",
          "HTTP connections closed on accept because max_connections were open or the "
          "server was stopping")) {}

bool ConnectionTracker::TryAcquire() {
  {
    std::lock_guard lock(mu_);
    if (!stopping_.load(std::memory_order_relaxed) && open_ < max_connections_) {
      ++open_;
      open_gauge_.Add(1);
      return true;
    }
  }
  rejected_counter_.Inc();
  return false;
}

bool ConnectionTracker::Register(const std::shared_ptr<Connection>& c) {
  std::lock_guard lock(mu_);
  if (stopping_.load(std::memory_order_relaxed)) return false;
  live_[c.get()] = c;
  return true;
}

void ConnectionTracker::Replace(Connection* old, const std::shared_ptr<Connection>& now) {
  std::lock_guard lock(mu_);
  live_.erase(old);
  live_[now.get()] = now;
}

void ConnectionTracker::Release(Connection* c) {
  std::function<void()> drained;
  {
    std::lock_guard lock(mu_);
    live_.erase(c);
    --open_;
    open_gauge_.Add(-1);
    if (open_ == 0 && stopping_.load(std::memory_order_relaxed)) drained = on_drained_;
  }
  if (drained) drained();
}

void ConnectionTracker::BeginStop(std::function<void()> on_drained) {
  bool already_drained = false;
  std::vector<std::shared_ptr<Connection>> live;
  {
    std::lock_guard lock(mu_);
    stopping_.store(true, std::memory_order_release);
    on_drained_ = on_drained;
    live = SnapshotLocked();
    already_drained = open_ == 0;
  }
  RequestClose(live, CloseMode::kIfIdle);
  if (already_drained) on_drained();
}

void ConnectionTracker::CloseAll() {
  std::vector<std::shared_ptr<Connection>> live;
  {
    std::lock_guard lock(mu_);
    live = SnapshotLocked();
  }
  RequestClose(live, CloseMode::kNow);
}

size_t ConnectionTracker::open() const {
  std::lock_guard lock(mu_);
  return open_;
}

std::vector<std::shared_ptr<Connection>> ConnectionTracker::SnapshotLocked() const {
  std::vector<std::shared_ptr<Connection>> out;
  out.reserve(live_.size());
  for (const auto& [key, weak] : live_) {
    if (auto c = weak.lock()) out.push_back(std::move(c));
  }
  return out;
}

void ConnectionTracker::RequestClose(const std::vector<std::shared_ptr<Connection>>& live,
                                     CloseMode mode) {
  for (const auto& c : live) c->RequestClose(mode);
}

}  // namespace syntera::net
