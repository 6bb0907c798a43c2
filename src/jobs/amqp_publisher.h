#pragma once
// Publishes job messages with publisher confirms (private to the jobs module). Messages
// submitted from many threads are published by one thread in batches, and each submitter is
// answered only after the broker confirmed its message (persistent, on a durable queue).
// On a lost connection it reconnects and republishes the batch until `timeout` after the
// batch started; a message may then reach the broker twice (consumers drop duplicates by job
// state). Thread-safe.

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "base/result.h"
#include "jobs/amqp_connection.h"
#include "jobs/amqp_topology.h"
#include "obs/logger.h"

namespace syntera::jobs::amqp {

struct OutMessage {
  std::string queue;                  // job queue name (not prefixed)
  std::string job_id;                 // the body and message id
  int priority = 0;                   // clamped to 0..9
  std::chrono::milliseconds delay{0}; // > 0: through a delay queue
};

struct PublisherOptions {
  std::chrono::milliseconds timeout{10'000};
  std::chrono::milliseconds reconnect_delay{250};
  int max_batch = 1000;
};

class Publisher {
 public:
  Publisher(Target target, Topology topology, obs::Logger& logger, PublisherOptions options);
  ~Publisher();  // finishes submitted batches, then stops
  Publisher(const Publisher&) = delete;
  Publisher& operator=(const Publisher&) = delete;

  // Ready when every message is confirmed, or with kUnavailable after the timeout.
  std::future<Result<void>> Publish(std::vector<OutMessage> messages);
  // As Publish, calling `then` on the publisher thread instead.
  void PublishAsync(std::vector<OutMessage> messages, std::function<void(const Result<void>&)> then);
  // Connects now (start-up check). Errors: kUnavailable.
  Result<void> Connect();

 private:
  struct Item {
    std::vector<OutMessage> messages;
    std::promise<Result<void>> done;
    std::function<void(const Result<void>&)> then;
  };
  void Loop();
  Result<void> PublishOnce(const std::vector<Item*>& items);
  Result<void> EnsureConnected();

  Target target_;
  Topology topology_;
  obs::Logger& logger_;
  PublisherOptions options_;
  // Used only by the publisher thread (and Connect() before it has work).
  std::mutex conn_mu_;
  std::unique_ptr<Connection> conn_;
  std::set<std::string> declared_;  // queues declared on conn_

  std::mutex mu_;  // guards queue_, stop_
  std::condition_variable cv_;
  std::deque<Item> queue_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace syntera::jobs::amqp
