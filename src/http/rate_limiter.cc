#include "http/rate_limiter.h"

#include <array>
#include <cmath>
#include <functional>
#include <mutex>
#include <string>
#include <unordered_map>

namespace syntera::http {
namespace {

using SteadyClock = std::chrono::steady_clock;

class MemoryRateLimiter final : public RateLimiter {
 public:
  RateDecision Take(std::string_view key, const RateRule& rule) override {
    if (rule.capacity <= 0) return {};
    Shard& shard = shards_[std::hash<std::string_view>{}(key) % shards_.size()];
    auto now = SteadyClock::now();
    std::lock_guard lock(shard.mu);
    MaybeEvict(shard, now);
    auto [it, inserted] = shard.buckets.try_emplace(std::string(key));
    Bucket& b = it->second;
    if (inserted) {
      b.tokens = rule.capacity;
      b.updated = now;
    } else {
      double elapsed = std::chrono::duration<double>(now - b.updated).count();
      b.tokens = std::min(rule.capacity, b.tokens + elapsed * rule.refill_per_second);
      b.updated = now;
    }
    if (b.tokens >= 1.0) {
      b.tokens -= 1.0;
      return {};
    }
    RateDecision d;
    d.allowed = false;
    double wait = rule.refill_per_second > 0 ? (1.0 - b.tokens) / rule.refill_per_second : 3600;
    d.retry_after_seconds = std::max(1, static_cast<int>(std::ceil(wait)));
    return d;
  }

 private:
  struct Bucket {
    double tokens = 0;
    SteadyClock::time_point updated;
  };
  struct Shard {
    std::mutex mu;  // guards buckets and last_sweep
    std::unordered_map<std::string, Bucket> buckets;
    SteadyClock::time_point last_sweep = SteadyClock::now();
  };

  // Drops buckets idle for 10 minutes (by then any rule here has refilled them completely),
  // at most once a minute per shard, so memory stays bounded by active clients.
  static void MaybeEvict(Shard& shard, SteadyClock::time_point now) {
    if (now - shard.last_sweep < std::chrono::minutes(1)) return;
    shard.last_sweep = now;
    std::erase_if(shard.buckets,
                  [&](const auto& kv) { return now - kv.second.updated > std::chrono::minutes(10); });
  }

  std::array<Shard, 16> shards_;
};

}  // namespace

std::unique_ptr<RateLimiter> NewMemoryRateLimiter() { return std::make_unique<MemoryRateLimiter>(); }

}  // namespace syntera::http
