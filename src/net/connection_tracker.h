#pragma once
// Book-keeping shared by the listener and the sessions of one Server: how many connections
// are open, which sessions exist (so Stop can close them), and whether the server is
// stopping. Private to `net`; std only, so it knows sessions through `Connection`.

#include <atomic>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

namespace syntera::obs {
class Counter;
class Gauge;
class MetricsRegistry;
}  // namespace syntera::obs

namespace syntera::net {

enum class CloseMode {
  kIfIdle,  // close only if waiting for the first byte of a request
  kNow,     // close whatever the connection is doing (drain deadline passed)
};

// One live connection as seen by the tracker.
class Connection {
 public:
  virtual ~Connection() = default;
  // Asks the connection to close. Non-blocking and callable from any thread; the close
  // happens later on the connection's own executor. May be called after the connection
  // has started to shut down, in which case it does nothing.
  virtual void RequestClose(CloseMode mode) = 0;
};

// Thread-safe. Outlives every session it tracks.
class ConnectionTracker {
 public:
  ConnectionTracker(size_t max_connections, obs::MetricsRegistry& metrics);
  ConnectionTracker(const ConnectionTracker&) = delete;
  ConnectionTracker& operator=(const ConnectionTracker&) = delete;

  // Reserves a slot for a just-accepted socket. False (and the rejection is counted) when
  // max_connections are open or the server is stopping; the caller then closes the socket.
  // Every true result must be paired with exactly one Release().
  bool TryAcquire();
  // Records `c` as live so that BeginStop/CloseAll can reach it (the tracker keeps only a
  // weak reference). False when the server is already stopping: the caller must close
  // without serving.
  bool Register(const std::shared_ptr<Connection>& c);
  // Hands `old`'s slot to `now` (a session that became a WebSocket connection): `now` is
  // live from here on and must Release() the slot; `old` must not.
  void Replace(Connection* old, const std::shared_ptr<Connection>& now);
  // Gives back the slot taken by TryAcquire and forgets `c` (which may be unregistered or
  // null). When this empties a stopping server, runs the drained callback.
  void Release(Connection* c);

  // Marks the server as stopping and asks idle connections to close. `on_drained` runs
  // (on the thread of the last Release, or right here) once no connection is open.
  void BeginStop(std::function<void()> on_drained);
  // Asks every remaining connection to close now.
  void CloseAll();

  bool stopping() const { return stopping_.load(std::memory_order_acquire); }
  size_t open() const;

 private:
  // Under mu_: strong references to the live connections, so that RequestClose can be
  // called (and a last reference dropped) after mu_ is released.
  std::vector<std::shared_ptr<Connection>> SnapshotLocked() const;
  static void RequestClose(const std::vector<std::shared_ptr<Connection>>& live, CloseMode mode);

  const size_t max_connections_;
  obs::Gauge& open_gauge_;
  obs::Counter& rejected_counter_;
  std::atomic<bool> stopping_{false};  // written under mu_, read anywhere
  mutable std::mutex mu_;
  size_t open_ = 0;                                                  // guarded by mu_
  std::unordered_map<Connection*, std::weak_ptr<Connection>> live_;  // guarded by mu_
  std::function<void()> on_drained_;                                 // guarded by mu_
};

}  // namespace syntera::net
