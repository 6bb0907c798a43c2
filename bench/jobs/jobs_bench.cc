// Durable job queue throughput and latency per backend (issue 3; method in docs/PERFORMANCE.md).
//
//   jobs_bench --backend sqlite|postgres|rabbitmq [--db URL] [--amqp URL] [--jobs N]
//              [--producers P] [--batch B] [--concurrency C]
//
// Phase 1 (enqueue): P threads call Enqueue (or EnqueueBatch with B jobs per call) until N
// jobs are acknowledged — each acknowledgement means durable (SQLite synchronous=FULL with
// group commit; PostgreSQL commit; RabbitMQ state row committed + publisher confirm).
// Phase 2 (process): a JobRunner with C workers runs a no-op handler until all N succeeded
// and their completions are flushed. Phase 3 (latency): 2000 jobs enqueued one at a time at a
// moderate rate while the runner is started; enqueue→handler-start latency percentiles.
// Prints one summary line per phase.

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "crypto/crypto.h"
#include "db/migrations.h"
#include "db/open.h"
#include "jobs/job_runner.h"
#include "jobs/jobs_migrations.h"
#include "jobs/rabbitmq_job_queue.h"
#include "jobs/sql_job_queue.h"
#include "obs/logger.h"

namespace syntera::jobs {
namespace {

using Clock = std::chrono::steady_clock;
double Seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

struct Args {
  std::string backend = "sqlite", db, amqp;
  int jobs = 50000, producers = 64, batch = 0, concurrency = 8;
};

int Run(const Args& a) {
  std::string url = a.db.empty() ? "sqlite:///tmp/syntera-jobs-bench-" + std::to_string(::getpid()) + ".db" : a.db;
  auto opened = db::OpenDatabase(url);
  if (!opened.ok()) { std::fprintf(stderr, "open: %s\n", opened.error().message.c_str()); return 2; }
  auto database = std::move(*opened);
  if (auto m = db::ApplyMigrations(*database, {db::DbMigrations(), JobsMigrations()}); !m.ok()) {
    std::fprintf(stderr, "migrate: %s\n", m.error().message.c_str());
    return 2;
  }
  SystemClock clock;
  crypto::SecureRandom random;
  auto logger = obs::NullLogger();
  std::unique_ptr<SqlJobQueue> sql;
  std::unique_ptr<RabbitMqJobQueue> rmq;
  JobQueue* queue;
  JobBackend* backend;
  if (a.backend == "rabbitmq") {
    AmqpOptions o;
    o.url = a.amqp;
    o.prefix = "bench" + std::to_string(::getpid());
    o.auto_delete_queues = true;
    o.prefetch = 512;
    rmq = std::make_unique<RabbitMqJobQueue>(*database, clock, random, *logger, o);
    if (auto c = rmq->Connect(); !c.ok()) { std::fprintf(stderr, "amqp: %s\n", c.error().message.c_str()); return 2; }
    queue = rmq.get();
    backend = rmq.get();
  } else {
    sql = std::make_unique<SqlJobQueue>(*database, clock, random);
    queue = sql.get();
    backend = sql.get();
  }

  // Phase 1: enqueue.
  std::atomic<int> next{0}, failures{0};
  auto t0 = Clock::now();
  std::vector<std::thread> producers;
  for (int p = 0; p < a.producers; ++p) {
    producers.emplace_back([&] {
      if (a.batch > 0) {
        for (int i = next.fetch_add(a.batch); i < a.jobs; i = next.fetch_add(a.batch)) {
          std::vector<EnqueueRequest> reqs;
          for (int k = i; k < std::min(a.jobs, i + a.batch); ++k) reqs.push_back({"bench", "{}", {}});
          if (!queue->EnqueueBatch(std::move(reqs)).ok()) ++failures;
        }
      } else {
        for (int i = next++; i < a.jobs; i = next++) {
          if (!queue->Enqueue("bench", "{}", {}).ok()) ++failures;
        }
      }
    });
  }
  for (auto& t : producers) t.join();
  double enqueue_s = Seconds(Clock::now() - t0);
  std::printf("%-9s enqueue  jobs=%d producers=%d batch=%d  %.0f jobs/s  (%.2f s, failures=%d)\n",
              a.backend.c_str(), a.jobs, a.producers, a.batch, a.jobs / enqueue_s, enqueue_s,
              failures.load());

  // Phase 2: process.
  RunnerOptions ro;
  ro.poll_interval = std::chrono::milliseconds(20);
  JobRunner runner(*backend, clock, random, *logger, nullptr, ro);
  std::atomic<int> done{0};
  std::mutex lat_mu;
  std::vector<double> latencies;
  std::atomic<bool> measure{false};
  runner.Register("bench", {.concurrency = a.concurrency, .prefetch = 512},
                  [&](JobContext& ctx) -> Result<void> {
                    if (measure.load()) {
                      double ms = static_cast<double>(ToUnixMillis(clock.Now()) - ToUnixMillis(ctx.job().created_at));
                      std::lock_guard lock(lat_mu);
                      latencies.push_back(ms);
                    }
                    ++done;
                    return Ok();
                  });
  t0 = Clock::now();
  if (!runner.Start().ok()) return 2;
  while (done.load() < a.jobs) std::this_thread::sleep_for(std::chrono::milliseconds(2));
  (void)backend->Flush();
  double process_s = Seconds(Clock::now() - t0);
  std::printf("%-9s process  jobs=%d concurrency=%d  %.0f jobs/s  (%.2f s)\n", a.backend.c_str(),
              a.jobs, a.concurrency, a.jobs / process_s, process_s);

  // Phase 3: end-to-end latency at a moderate rate (one producer, ~1000 jobs/s).
  measure = true;
  int base = done.load();
  const int kLatencyJobs = 2000;
  for (int i = 0; i < kLatencyJobs; ++i) {
    (void)queue->Enqueue("bench", "{}", {});
    std::this_thread::sleep_for(std::chrono::microseconds(500));
  }
  while (done.load() < base + kLatencyJobs) std::this_thread::sleep_for(std::chrono::milliseconds(2));
  runner.Stop(std::chrono::seconds(10));
  std::sort(latencies.begin(), latencies.end());
  auto pct = [&](double p) { return latencies.empty() ? 0.0 : latencies[static_cast<size_t>(p * (latencies.size() - 1))]; };
  std::printf("%-9s latency  enqueue->start (ms, 1 ms clock): p50=%.0f p90=%.0f p99=%.0f max=%.0f\n",
              a.backend.c_str(), pct(0.5), pct(0.9), pct(0.99), pct(1.0));
  if (a.db.empty()) std::remove(url.substr(9).c_str());
  return 0;
}

}  // namespace
}  // namespace syntera::jobs

int main(int argc, char** argv) {
  syntera::jobs::Args a;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string k = argv[i], v = argv[i + 1];
    if (k == "--backend") a.backend = v;
    else if (k == "--db") a.db = v;
    else if (k == "--amqp") a.amqp = v;
    else if (k == "--jobs") a.jobs = std::stoi(v);
    else if (k == "--producers") a.producers = std::stoi(v);
    else if (k == "--batch") a.batch = std::stoi(v);
    else if (k == "--concurrency") a.concurrency = std::stoi(v);
  }
  return syntera::jobs::Run(a);
}
