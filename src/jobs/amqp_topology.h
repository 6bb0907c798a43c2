#pragma once
// Names and declarations of the RabbitMQ objects behind one job queue `q` (private to the
// jobs module), for prefix P:
//   P.q            durable work queue; x-max-priority 9; dead-letters to exchange P.dlx
//                  with routing key P.q.dead
//   P.dlx          durable direct exchange for dead-lettered messages
//   P.q.dead       durable queue bound to P.dlx (dead jobs' messages, kept 7 days)
//   P.q.delay.N    durable queue with x-message-ttl N ms that dead-letters into P.q: delayed
//                  first runs and retries. N is quantised (QuantizeDelay) to bound the number
//                  of delay queues; each expires when unused for 2N + 60 s.
// `expiring` (tests) makes every queue expire after 10 minutes unused.

#include <chrono>
#include <string>
#include <string_view>

#include "base/result.h"
#include "jobs/amqp_connection.h"

namespace syntera::jobs::amqp {

struct Topology {
  std::string prefix = "syntera";
  bool expiring = false;

  std::string Main(std::string_view queue) const { return prefix + "." + std::string(queue); }
  std::string Dead(std::string_view queue) const { return Main(queue) + ".dead"; }
  std::string Dlx() const { return prefix + ".dlx"; }
  std::string Delay(std::string_view queue, std::chrono::milliseconds d) const {
    return Main(queue) + ".delay." + std::to_string(d.count());
  }

  // Declares P.dlx, P.q.dead (bound) and P.q. Idempotent.
  Result<void> DeclareQueue(Connection& c, std::string_view queue) const;
  // Declares (and so keeps alive) the delay queue for `d` (already quantised, > 0).
  Result<void> DeclareDelay(Connection& c, std::string_view queue,
                            std::chrono::milliseconds d) const;
};

// Rounds a delay up: to 100 ms below 10 s, to 1 s below 10 min, to 1 min below 10 h, else to
// 10 min; capped at 20 days (a longer delay runs after 20 days). <= 0 stays 0.
std::chrono::milliseconds QuantizeDelay(std::chrono::milliseconds d);

}  // namespace syntera::jobs::amqp
