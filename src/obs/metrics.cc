#include "obs/metrics.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <variant>

namespace syntera::obs {

void Gauge::Add(double d) {
  double cur = bits_.load(std::memory_order_relaxed);
  while (!bits_.compare_exchange_weak(cur, cur + d, std::memory_order_relaxed)) {
  }
}

Histogram::Histogram(std::vector<double> bounds)
    : bounds_(std::move(bounds)), counts_(new std::atomic<int64_t>[bounds_.size() + 1]) {
  for (size_t i = 0; i <= bounds_.size(); ++i) counts_[i].store(0);
}

void Histogram::Observe(double v) {
  size_t i = std::lower_bound(bounds_.begin(), bounds_.end(), v) - bounds_.begin();
  counts_[i].fetch_add(1, std::memory_order_relaxed);
  double cur = sum_.load(std::memory_order_relaxed);
  while (!sum_.compare_exchange_weak(cur, cur + v, std::memory_order_relaxed)) {
  }
  count_.fetch_add(1, std::memory_order_relaxed);
}

std::vector<int64_t> Histogram::Buckets() const {
  std::vector<int64_t> out(bounds_.size() + 1);
  int64_t acc = 0;
  for (size_t i = 0; i <= bounds_.size(); ++i) {
    acc += counts_[i].load(std::memory_order_relaxed);
    out[i] = acc;
  }
  return out;
}

struct MetricsRegistry::Family {
  std::string name, help, type;
  // Keyed by rendered label set, e.g. {method="GET",route="/healthz"}.
  std::map<std::string, std::unique_ptr<Counter>> counters;
  std::map<std::string, std::unique_ptr<Gauge>> gauges;
  std::map<std::string, std::unique_ptr<Histogram>> histograms;
  std::map<std::string, std::function<double()>> callbacks;
};

namespace {

void AppendEscaped(std::string& out, std::string_view v) {
  for (char c : v) {
    if (c == '\\') out += "\\\\";
    else if (c == '"') out += "\\\"";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
}

std::string RenderLabels(const Labels& labels, std::string_view extra_key = {},
                         std::string_view extra_value = {}) {
  if (labels.empty() && extra_key.empty()) return "";
  std::string out = "{";
  bool first = true;
  for (const auto& [k, v] : labels) {
    if (!first) out += ',';
    first = false;
    out += k;
    out += "=\"";
    AppendEscaped(out, v);
    out += '"';
  }
  if (!extra_key.empty()) {
    if (!first) out += ',';
    out += extra_key;
    out += "=\"";
    out += extra_value;
    out += '"';
  }
  out += '}';
  return out;
}

std::string FormatNumber(double v) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

// Inserts `extra` into an already rendered label set.
std::string WithLabel(const std::string& rendered, const std::string& extra) {
  if (rendered.empty()) return "{" + extra + "}";
  return rendered.substr(0, rendered.size() - 1) + "," + extra + "}";
}

}  // namespace

MetricsRegistry::MetricsRegistry() = default;
MetricsRegistry::~MetricsRegistry() = default;

MetricsRegistry::Family& MetricsRegistry::GetFamily(std::string_view name, std::string_view help,
                                                    std::string_view type) {
  for (auto& f : families_)
    if (f->name == name) return *f;
  families_.push_back(std::make_unique<Family>());
  Family& f = *families_.back();
  f.name = name;
  f.help = help;
  f.type = type;
  return f;
}

Counter& MetricsRegistry::GetCounter(std::string_view name, std::string_view help,
                                     const Labels& labels) {
  std::string key = RenderLabels(labels);
  std::lock_guard lock(mu_);
  auto& slot = GetFamily(name, help, "counter").counters[key];
  if (!slot) slot = std::make_unique<Counter>();
  return *slot;
}

Gauge& MetricsRegistry::GetGauge(std::string_view name, std::string_view help,
                                 const Labels& labels) {
  std::string key = RenderLabels(labels);
  std::lock_guard lock(mu_);
  auto& slot = GetFamily(name, help, "gauge").gauges[key];
  if (!slot) slot = std::make_unique<Gauge>();
  return *slot;
}

Histogram& MetricsRegistry::GetHistogram(std::string_view name, std::string_view help,
                                         const Labels& labels, const std::vector<double>& bounds) {
  std::string key = RenderLabels(labels);
  std::lock_guard lock(mu_);
  auto& slot = GetFamily(name, help, "histogram").histograms[key];
  if (!slot) slot = std::make_unique<Histogram>(bounds);
  return *slot;
}

void MetricsRegistry::AddCallbackGauge(std::string_view name, std::string_view help,
                                       const Labels& labels, std::function<double()> fn) {
  std::string key = RenderLabels(labels);
  std::lock_guard lock(mu_);
  GetFamily(name, help, "gauge").callbacks[key] = std::move(fn);
}

std::string MetricsRegistry::Render() const {
  std::lock_guard lock(mu_);
  std::string out;
  for (const auto& f : families_) {
    out += "# HELP " + f->name + " " + f->help + "\n";
    out += "# TYPE " + f->name + " " + f->type + "\n";
    for (const auto& [labels, c] : f->counters)
      out += f->name + labels + " " + std::to_string(c->value()) + "\n";
    for (const auto& [labels, g] : f->gauges)
      out += f->name + labels + " " + FormatNumber(g->value()) + "\n";
    for (const auto& [labels, fn] : f->callbacks)
      out += f->name + labels + " " + FormatNumber(fn()) + "\n";
    for (const auto& [labels, h] : f->histograms) {
      auto buckets = h->Buckets();
      for (size_t i = 0; i < buckets.size(); ++i) {
        std::string le = i < h->bounds().size() ? FormatNumber(h->bounds()[i]) : "+Inf";
        out += f->name + "_bucket" + WithLabel(labels, "le=\"" + le + "\"") + " " +
               std::to_string(buckets[i]) + "\n";
      }
      out += f->name + "_sum" + labels + " " + FormatNumber(h->sum()) + "\n";
      out += f->name + "_count" + labels + " " + std::to_string(h->count()) + "\n";
    }
  }
  return out;
}

const std::vector<double>& LatencyBuckets() {
  static const std::vector<double> kBuckets = {0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01,
                                               0.025,   0.05,   0.1,   0.25,   0.5,   1,
                                               2.5,     5,      10};
  return kBuckets;
}

}  // namespace syntera::obs
