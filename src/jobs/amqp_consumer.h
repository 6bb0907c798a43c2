#pragma once
// Consumes one job queue (private to the jobs module): a thread that owns its own connection
// (manual acks, prefetch), buffers deliveries for Take(), and sends the acks and rejects the
// workers ask for — rabbitmq-c connections are not thread-safe, so only this thread touches
// its connection. After a connection loss it reconnects by itself; deliveries of the old
// connection (buffered or in flight) are forgotten, since the broker redelivers them.
// Thread-safe.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "base/clock.h"
#include "jobs/amqp_connection.h"
#include "jobs/amqp_topology.h"
#include "obs/logger.h"

namespace syntera::jobs::amqp {

struct Received {
  uint64_t generation = 0;  // connection it arrived on
  uint64_t tag = 0;
  bool redelivered = false;
  std::string job_id;
};

enum class Settlement { kAck, kRequeue, kDeadLetter };

class Consumer {
 public:
  // `on_message` is called (on the consumer thread) after deliveries were buffered.
  Consumer(Target target, Topology topology, std::string queue, int prefetch,
           std::chrono::milliseconds reconnect_delay, obs::Logger& logger,
           std::function<void()> on_message);
  ~Consumer();  // stops the thread and closes the connection (unacked messages are redelivered)
  Consumer(const Consumer&) = delete;
  Consumer& operator=(const Consumer&) = delete;

  // Up to `max` buffered deliveries; they are then in flight until settled.
  std::vector<Received> Take(int max);
  // The lease deadline of an in-flight delivery (for RequeueExpired).
  void SetDeadline(const Received& r, Timestamp deadline);
  // Acks, requeues or dead-letters an in-flight delivery; ignored when it is no longer in
  // flight (already settled, expired, or its connection is gone).
  void Settle(uint64_t generation, uint64_t tag, Settlement how);
  // Requeues in-flight deliveries whose deadline passed; returns how many.
  int RequeueExpired(Timestamp now);

 private:
  void Loop();
  void Drop(const std::string& why);

  Target target_;
  Topology topology_;
  std::string queue_;
  int prefetch_;
  std::chrono::milliseconds reconnect_delay_;
  obs::Logger& logger_;
  std::function<void()> on_message_;
  std::unique_ptr<Connection> conn_;  // consumer thread only

  std::mutex mu_;  // guards everything below
  std::condition_variable cv_;
  uint64_t generation_ = 0;
  std::deque<Received> buffer_;
  std::map<uint64_t, Timestamp> in_flight_;  // tag → deadline, current generation only
  std::vector<std::pair<uint64_t, Settlement>> to_settle_;  // current generation only
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace syntera::jobs::amqp
