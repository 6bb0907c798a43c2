#pragma once
// A thin, synchronous wrapper of one rabbitmq-c 0.11 connection with one channel (private to
// the jobs module). Not thread-safe: one thread uses a connection at a time. Every broker
// or socket failure is kUnavailable; the caller then drops the connection and opens a new one
// (destroying a failed connection sends nothing). No call blocks for ever on a broker that
// stopped answering: the login handshake is bounded by rabbitmq-c's 12 s default, every other
// RPC by kRpcTimeout.

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "base/result.h"

namespace syntera::jobs::amqp {

struct Target {
  std::string host = "127.0.0.1";
  int port = 5672;
  std::string user = "guest";
  std::string password = "guest";
  std::string vhost = "/";
};

// amqp://user:pass@host:port/vhost. Errors: kInvalidArgument (never echoes the password).
Result<Target> ParseUrl(std::string_view url);

struct Arg {
  std::string key;
  std::variant<int32_t, std::string> value;
};

inline constexpr std::chrono::milliseconds kRpcTimeout{15'000};

struct Delivery {
  uint64_t tag = 0;
  bool redelivered = false;
  std::string body;
};

class Connection {
 public:
  // Connects, logs in, opens channel 1 and, with `confirms`, enables publisher confirms.
  static Result<std::unique_ptr<Connection>> Open(const Target& target, int heartbeat_seconds,
                                                  bool confirms,
                                                  std::chrono::milliseconds connect_timeout);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  Result<void> DeclareQueue(std::string_view name, const std::vector<Arg>& args);
  Result<void> DeclareExchange(std::string_view name, std::string_view type);
  Result<void> Bind(std::string_view queue, std::string_view exchange, std::string_view key);

  // Publishes a persistent message; returns its publish sequence number (for WaitConfirms).
  Result<uint64_t> Publish(std::string_view exchange, std::string_view routing_key,
                           std::string_view body, std::string_view message_id, int priority);
  // Waits until the broker confirmed every publish up to `seq`. Errors: kUnavailable on a nack,
  // a closed channel or the timeout.
  Result<void> WaitConfirms(uint64_t seq, std::chrono::milliseconds timeout);

  Result<void> Qos(int prefetch);
  Result<void> Consume(std::string_view queue);
  // The next delivery, or nullopt after `timeout` without one.
  Result<std::optional<Delivery>> Next(std::chrono::milliseconds timeout);
  Result<void> Ack(uint64_t tag);
  // requeue=false dead-letters the message through the queue's dead-letter exchange.
  Result<void> Reject(uint64_t tag, bool requeue);

 private:
  Connection() = default;
  Result<void> CheckRpc(const char* what);
  Error Lost(std::string what);  // marks the connection broken; returns kUnavailable
  struct State;
  std::unique_ptr<State> s_;
  uint64_t next_seq_ = 1;
  uint64_t confirmed_upto_ = 0;
  std::set<uint64_t> confirmed_single_;
  bool broken_ = false;  // a call failed: close without the polite RPCs
};

}  // namespace syntera::jobs::amqp
