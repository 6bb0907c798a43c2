#pragma once
// A small Prometheus registry: counters, gauges and histograms with label values fixed at
// registration of each series. Lock-free on the hot path once a series exists.
// Text exposition format 0.0.4 by Render().

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace syntera::obs {

using Labels = std::vector<std::pair<std::string, std::string>>;

class Counter {
 public:
  void Inc(int64_t n = 1) { v_.fetch_add(n, std::memory_order_relaxed); }
  int64_t value() const { return v_.load(std::memory_order_relaxed); }

 private:
  std::atomic<int64_t> v_{0};
};

class Gauge {
 public:
  void Set(double v) { bits_.store(v, std::memory_order_relaxed); }
  void Add(double d);
  double value() const { return bits_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> bits_{0};
};

class Histogram {
 public:
  explicit Histogram(std::vector<double> bounds);
  void Observe(double v);
  const std::vector<double>& bounds() const { return bounds_; }
  // Cumulative bucket counts (size bounds()+1, last is +Inf), sum and count.
  std::vector<int64_t> Buckets() const;
  double sum() const { return sum_.load(std::memory_order_relaxed); }
  int64_t count() const { return count_.load(std::memory_order_relaxed); }

 private:
  std::vector<double> bounds_;
  std::unique_ptr<std::atomic<int64_t>[]> counts_;
  std::atomic<double> sum_{0};
  std::atomic<int64_t> count_{0};
};

// Thread-safe. Returned references live as long as the registry.
class MetricsRegistry {
 public:
  MetricsRegistry();
  ~MetricsRegistry();
  Counter& GetCounter(std::string_view name, std::string_view help, const Labels& labels = {});
  Gauge& GetGauge(std::string_view name, std::string_view help, const Labels& labels = {});
  Histogram& GetHistogram(std::string_view name, std::string_view help, const Labels& labels,
                          const std::vector<double>& bounds);
  // A gauge computed when rendering (pool sizes, RSS, queue depth).
  void AddCallbackGauge(std::string_view name, std::string_view help, const Labels& labels,
                        std::function<double()> fn);
  std::string Render() const;

 private:
  struct Family;
  Family& GetFamily(std::string_view name, std::string_view help, std::string_view type);
  mutable std::mutex mu_;  // guards families_
  std::vector<std::unique_ptr<Family>> families_;
};

// Default latency buckets in seconds (0.25 ms … 10 s).
const std::vector<double>& LatencyBuckets();

}  // namespace syntera::obs
