#pragma once
// pubsub: fire-and-forget messages between the processes of one deployment (realtime fan-out,
// presence, cache invalidation). Not durable: a message published while nobody listens, or
// while the link to the broker is down, is gone — durable work goes through jobs and events.
//
// Two implementations behind one interface:
//   - InProcessPubSub (embedded default): delivers to the subscribers of this process; two
//     components sharing one instance behave like two processes sharing a broker.
//   - RedisPubSub: Redis PUBLISH/SUBSCRIBE (hiredis). Publishing never blocks the caller: a
//     bounded queue feeds one writer thread that pipelines PUBLISH commands; one reader thread
//     holds the SUBSCRIBE connection. Both reconnect by themselves with backoff.
//
// Threading: Publish is thread-safe and non-blocking. Handlers run on one delivery thread per
// implementation (never concurrently with each other), in publish order per publisher.

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "base/result.h"

namespace syntera::obs {
class Logger;
}  // namespace syntera::obs

namespace syntera::pubsub {

using Handler = std::function<void(std::string_view channel, std::string_view payload)>;

class PubSub {
 public:
  virtual ~PubSub() = default;
  // Registers `handler` for messages on `channel`. Only before Start().
  virtual void Subscribe(std::string channel, Handler handler) = 0;
  // Starts delivery (and connects, for Redis). Errors: kUnavailable when the broker cannot be
  // reached at start (it keeps retrying in the background and the error is only reported).
  virtual Result<void> Start() = 0;
  // Stops the threads; messages still queued are dropped. Idempotent.
  virtual void Stop() = 0;
  // Queues `payload` for `channel`. Returns false when the outgoing queue is full (the message
  // is dropped and counted) — the caller never waits for the broker.
  virtual bool Publish(std::string_view channel, std::string_view payload) = 0;
  // Messages dropped so far (full queue or broker down).
  virtual size_t dropped() const = 0;
};

struct RedisOptions {
  std::string host = "127.0.0.1";
  int port = 6379;
  std::string password;  // empty: no AUTH
  int db = 0;
  size_t max_queue = 100000;  // outgoing messages waiting for the writer thread
};

// Parses redis://[:password@]host[:port][/db]. Errors: kInvalidArgument naming the problem.
Result<RedisOptions> ParseRedisUrl(std::string_view url);

std::unique_ptr<PubSub> NewInProcessPubSub();
// `logger` must outlive the result.
std::unique_ptr<PubSub> NewRedisPubSub(RedisOptions options, obs::Logger& logger);

}  // namespace syntera::pubsub
