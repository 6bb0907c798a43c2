#pragma once
// A fixed-size pool of connections shared by the engines (private to db). Connections are
// opened on demand up to `size` by the factory; a caller that finds none free waits up to its
// timeout. A leased connection belongs to one caller until it is released or discarded.
// Thread-safe.

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <utility>

#include "base/result.h"
#include "db/database.h"

namespace syntera::db {

template <typename Conn>
class ConnectionPool {
 public:
  using Factory = std::function<Result<std::unique_ptr<Conn>>()>;

  ConnectionPool(int size, Factory factory) : size_(size), factory_(std::move(factory)) {}
  ConnectionPool(const ConnectionPool&) = delete;
  ConnectionPool& operator=(const ConnectionPool&) = delete;

  // Adds an open connection as idle; it takes one of the `size` slots.
  void AddIdle(std::unique_ptr<Conn> conn) {
    std::lock_guard lock(mu_);
    ++created_;
    idle_.push_back(std::move(conn));
    cv_.notify_one();
  }

  // Returns an idle connection, opens a new one while fewer than `size` exist, or waits up to
  // `timeout`. Errors: kUnavailable on timeout (the message names `what`) or the factory's
  // error when opening fails.
  Result<std::unique_ptr<Conn>> Acquire(std::chrono::milliseconds timeout, std::string_view what) {
    std::unique_lock lock(mu_);
    auto available = [&] { return !idle_.empty() || created_ < size_; };
    if (!available()) {
      ++waits_;
      if (!cv_.wait_for(lock, timeout, available)) {
        return Unavailable(std::string(what) + ": no connection free within " +
                           std::to_string(timeout.count()) + " ms");
      }
    }
    ++in_use_;
    if (!idle_.empty()) {
      std::unique_ptr<Conn> conn = std::move(idle_.front());
      idle_.pop_front();
      return conn;
    }
    ++created_;
    lock.unlock();
    Result<std::unique_ptr<Conn>> conn = factory_();
    if (!conn.ok()) Discard();
    return conn;
  }

  // Gives back a healthy connection leased by Acquire.
  void Release(std::unique_ptr<Conn> conn) {
    std::lock_guard lock(mu_);
    --in_use_;
    idle_.push_back(std::move(conn));
    cv_.notify_one();
  }

  // Frees the slot of a leased connection that the caller destroyed (it was broken).
  void Discard() {
    std::lock_guard lock(mu_);
    --in_use_;
    --created_;
    cv_.notify_one();
  }

  Database::PoolStats Stats() const {
    std::lock_guard lock(mu_);
    return {size_, in_use_, waits_};
  }

 private:
  const int size_;
  const Factory factory_;
  mutable std::mutex mu_;
  std::condition_variable cv_;              // signalled when a slot or connection frees
  std::deque<std::unique_ptr<Conn>> idle_;  // guarded by mu_
  int created_ = 0;                         // guarded by mu_; open or being opened
  int in_use_ = 0;                          // guarded by mu_
  int64_t waits_ = 0;                       // guarded by mu_
};

}  // namespace syntera::db
