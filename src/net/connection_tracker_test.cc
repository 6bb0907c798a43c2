#include "net/connection_tracker.h"

#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "obs/metrics.h"

namespace syntera::net {
namespace {

// Records the close requests it receives.
class RecordingConnection : public Connection {
 public:
  void RequestClose(CloseMode mode) override { requests.push_back(mode); }
  std::vector<CloseMode> requests;
};

TEST(ConnectionTrackerTest, AdmitsUpToTheLimitAndCountsRejections) {
  obs::MetricsRegistry metrics;
  ConnectionTracker tracker(2, metrics);
  EXPECT_TRUE(tracker.TryAcquire());
  EXPECT_TRUE(tracker.TryAcquire());
  EXPECT_FALSE(tracker.TryAcquire());
  EXPECT_EQ(tracker.open(), 2u);
  tracker.Release(nullptr);
  EXPECT_TRUE(tracker.TryAcquire());
  EXPECT_EQ(metrics.GetCounter("syntera_http_connections_rejected_total", "").value(), 1);
  EXPECT_EQ(metrics.GetGauge("syntera_http_connections_open", "").value(), 2.0);
  tracker.Release(nullptr);
  tracker.Release(nullptr);
}

TEST(ConnectionTrackerTest, StopAsksLiveConnectionsToCloseAndReportsDrained) {
  obs::MetricsRegistry metrics;
  ConnectionTracker tracker(10, metrics);
  auto a = std::make_shared<RecordingConnection>();
  auto b = std::make_shared<RecordingConnection>();
  ASSERT_TRUE(tracker.TryAcquire());
  ASSERT_TRUE(tracker.Register(a));
  ASSERT_TRUE(tracker.TryAcquire());
  ASSERT_TRUE(tracker.Register(b));

  int drained = 0;
  tracker.BeginStop([&] { ++drained; });
  EXPECT_TRUE(tracker.stopping());
  EXPECT_EQ(a->requests, std::vector<CloseMode>{CloseMode::kIfIdle});
  EXPECT_FALSE(tracker.TryAcquire()) << "no admissions while stopping";
  auto late = std::make_shared<RecordingConnection>();
  EXPECT_FALSE(tracker.Register(late));

  tracker.Release(a.get());
  EXPECT_EQ(drained, 0);
  tracker.CloseAll();
  EXPECT_EQ(a->requests.size(), 1u) << "released connections are not asked again";
  EXPECT_EQ(b->requests, (std::vector<CloseMode>{CloseMode::kIfIdle, CloseMode::kNow}));
  tracker.Release(b.get());
  EXPECT_EQ(drained, 1);
}

TEST(ConnectionTrackerTest, StopWithNothingOpenIsDrainedAtOnce) {
  obs::MetricsRegistry metrics;
  ConnectionTracker tracker(10, metrics);
  int drained = 0;
  tracker.BeginStop([&] { ++drained; });
  EXPECT_EQ(drained, 1);
}

TEST(ConnectionTrackerTest, ExpiredConnectionsAreSkipped) {
  obs::MetricsRegistry metrics;
  ConnectionTracker tracker(10, metrics);
  ASSERT_TRUE(tracker.TryAcquire());
  {
    auto gone = std::make_shared<RecordingConnection>();
    ASSERT_TRUE(tracker.Register(gone));
  }                    // destroyed without Release: only a weak reference was kept
  tracker.CloseAll();  // must not touch it
  tracker.Release(nullptr);
}

}  // namespace
}  // namespace syntera::net
