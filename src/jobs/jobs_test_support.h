#pragma once
// Test support for the jobs tests: one behavioural suite, three implementations.
//   SQLite always; PostgreSQL when SYNTERA_TEST_PG_URL is set; RabbitMQ (job state on SQLite)
//   when SYNTERA_TEST_AMQP_URL is set (scripts/rabbitmq-test-server start prints one).

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <thread>

#include "base/clock.h"
#include "base/random.h"
#include "db/test_database.h"
#include "jobs/job_backend.h"
#include "jobs/job_queue.h"
#include "obs/logger.h"

namespace syntera::jobs {

inline constexpr const char kTestAmqpUrlEnv[] = "SYNTERA_TEST_AMQP_URL";

enum class Backend { kSqlite, kPostgres, kRabbitMq };
std::string BackendName(const ::testing::TestParamInfo<Backend>& info);

// Deterministic randomness. Thread-safe.
class SeededRandom final : public Random {
 public:
  void Fill(std::span<uint8_t> out) override {
    std::lock_guard lock(mu_);
    for (auto& b : out) b = static_cast<uint8_t>(engine_() >> 56);
  }

 private:
  std::mutex mu_;
  std::mt19937_64 engine_{7};
};

// A database with the jobs schema and a queue on it.
struct QueueUnderTest {
  std::unique_ptr<db::TestDatabase> database;
  std::unique_ptr<obs::Logger> logger;
  std::shared_ptr<void> owner;  // the implementation object
  JobQueue* queue = nullptr;
  JobBackend* backend = nullptr;
  bool broker = false;  // time passes for real in the broker (TTL delays)
};

// Builds the implementation for `backend`; GTEST_SKIP-worthy conditions return
// kFailedPrecondition with the message to show.
Result<QueueUnderTest> MakeQueueUnderTest(Backend backend, const Clock& clock, Random& random);

class JobQueueTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override;
  JobQueue& queue() { return *q_.queue; }
  JobBackend& backend() { return *q_.backend; }
  db::Database& db() { return q_.database->db(); }
  obs::Logger& logger() { return *q_.logger; }
  bool broker() const { return q_.broker; }
  // Lets `d` pass: advances the manual clock, and on a broker also waits for real (its TTLs).
  void Pass(std::chrono::milliseconds d) {
    clock_.Advance(d);
    if (broker()) std::this_thread::sleep_for(d);
  }

  ManualClock clock_{FromUnixMillis(1'800'000'000'000)};
  SeededRandom random_;
  QueueUnderTest q_;
};

#define SYNTERA_INSTANTIATE_JOBS_TEST(suite)                                         \
  INSTANTIATE_TEST_SUITE_P(Backends, suite,                                          \
                           ::testing::Values(::syntera::jobs::Backend::kSqlite,      \
                                             ::syntera::jobs::Backend::kPostgres,    \
                                             ::syntera::jobs::Backend::kRabbitMq),   \
                           ::syntera::jobs::BackendName)

}  // namespace syntera::jobs
