#include "jobs/amqp_topology.h"

#include <vector>

namespace syntera::jobs::amqp {
namespace {

constexpr int32_t kTestExpiryMs = 10 * 60 * 1000;
constexpr int32_t kDeadTtlMs = 7 * 24 * 3600 * 1000;

}  // namespace

Result<void> Topology::DeclareQueue(Connection& c, std::string_view queue) const {
  SYN_RETURN_IF_ERROR(c.DeclareExchange(Dlx(), "direct"));
  std::vector<Arg> dead_args = {{"x-message-ttl", kDeadTtlMs}};
  if (expiring) dead_args.push_back({"x-expires", kTestExpiryMs});
  SYN_RETURN_IF_ERROR(c.DeclareQueue(Dead(queue), dead_args));
  SYN_RETURN_IF_ERROR(c.Bind(Dead(queue), Dlx(), Dead(queue)));
  std::vector<Arg> main_args = {{"x-dead-letter-exchange", Dlx()},
                                {"x-dead-letter-routing-key", Dead(queue)},
                                {"x-max-priority", int32_t{9}}};
  if (expiring) main_args.push_back({"x-expires", kTestExpiryMs});
  return c.DeclareQueue(Main(queue), main_args);
}

Result<void> Topology::DeclareDelay(Connection& c, std::string_view queue,
                                    std::chrono::milliseconds d) const {
  int64_t expires = 2 * d.count() + 60'000;
  std::vector<Arg> args = {{"x-message-ttl", static_cast<int32_t>(d.count())},
                           {"x-dead-letter-exchange", std::string()},
                           {"x-dead-letter-routing-key", Main(queue)},
                           {"x-expires", static_cast<int32_t>(std::min<int64_t>(expires, INT32_MAX))}};
  return c.DeclareQueue(Delay(queue, d), args);
}

std::chrono::milliseconds QuantizeDelay(std::chrono::milliseconds d) {
  using std::chrono::milliseconds;
  int64_t ms = d.count();
  if (ms <= 0) return milliseconds(0);
  auto up = [](int64_t v, int64_t step) { return (v + step - 1) / step * step; };
  if (ms < 10'000) return milliseconds(up(ms, 100));
  if (ms < 600'000) return milliseconds(up(ms, 1000));
  if (ms < 36'000'000) return milliseconds(up(ms, 60'000));
  return milliseconds(std::min<int64_t>(up(ms, 600'000), 20LL * 24 * 3600 * 1000));
}

}  // namespace syntera::jobs::amqp
