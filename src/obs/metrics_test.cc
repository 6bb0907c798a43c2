#include "obs/metrics.h"

#include <gtest/gtest.h>

namespace syntera::obs {
namespace {

TEST(Metrics, RendersPrometheusText) {
  MetricsRegistry r;
  r.GetCounter("req_total", "Requests", {{"route", "/a\"b"}}).Inc(3);
  r.GetGauge("in_flight", "In flight").Set(2);
  auto& h = r.GetHistogram("lat_seconds", "Latency", {{"route", "/x"}}, {0.1, 1});
  h.Observe(0.05);
  h.Observe(0.5);
  h.Observe(5);
  r.AddCallbackGauge("cb", "Callback", {}, [] { return 7.0; });
  std::string text = r.Render();
  EXPECT_NE(text.find("# TYPE req_total counter\nreq_total{route=\"/a\\\"b\"} 3\n"), std::string::npos);
  EXPECT_NE(text.find("in_flight 2\n"), std::string::npos);
  EXPECT_NE(text.find("lat_seconds_bucket{route=\"/x\",le=\"0.10000000000000001\"} 1\n"), std::string::npos) << text;
  EXPECT_NE(text.find("lat_seconds_bucket{route=\"/x\",le=\"+Inf\"} 3\n"), std::string::npos);
  EXPECT_NE(text.find("lat_seconds_count{route=\"/x\"} 3\n"), std::string::npos);
  EXPECT_NE(text.find("cb 7\n"), std::string::npos);
}

TEST(Metrics, SameSeriesIsShared) {
  MetricsRegistry r;
  r.GetCounter("c", "C", {{"a", "1"}}).Inc();
  r.GetCounter("c", "C", {{"a", "1"}}).Inc();
  r.GetCounter("c", "C", {{"a", "2"}}).Inc();
  EXPECT_EQ(r.GetCounter("c", "C", {{"a", "1"}}).value(), 2);
}

}  // namespace
}  // namespace syntera::obs
