// Durable job queue throughput and latency per backend (issue 3; method in docs/PERFORMANCE.md).
//
//   jobs_bench --backend sqlite|postgres|rabbitmq [--mode phases|concurrent] [--db URL]
//              [--amqp URL] [--jobs N] [--producers P] [--batch B] [--concurrency C]
//              [--prefetch F]
//
// Every acknowledged enqueue is durable (SQLite synchronous=FULL with group commit;
// PostgreSQL commit; RabbitMQ state row committed + publisher confirm). Handlers are no-ops.
//
// --mode phases (default), one summary line per phase:
//   1. enqueue: P threads call Enqueue (or EnqueueBatch with B jobs per call) until N jobs
//      are acknowledged;
//   2. process: a JobRunner with C workers runs them until all N succeeded and their
//      completions are flushed;
//   3. latency: 2000 jobs enqueued one at a time (~1000/s) while the runner is started;
//      enqueue→handler-start percentiles.
// --mode concurrent: the JobRunner is started first, then the P producers enqueue N jobs
//   while it works. Reports end-to-end jobs/s (first enqueue until the last completion is
//   durable) and enqueue→finish latency percentiles (Enqueue call until the handler returned).

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
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

using Steady = std::chrono::steady_clock;
double Seconds(Steady::duration d) { return std::chrono::duration<double>(d).count(); }
int64_t NowNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(Steady::now().time_since_epoch())
      .count();
}

struct Args {
  std::string backend = "sqlite", mode = "phases", db, amqp;
  int jobs = 50000, producers = 64, batch = 0, concurrency = 8, prefetch = 512;
};

// The queue under test and everything it needs.
struct Bench {
  std::string url;
  std::unique_ptr<db::Database> database;
  SystemClock clock;
  crypto::SecureRandom random;
  std::unique_ptr<obs::Logger> logger = obs::NullLogger();
  std::unique_ptr<SqlJobQueue> sql;
  std::unique_ptr<RabbitMqJobQueue> rmq;
  JobQueue* queue = nullptr;
  JobBackend* backend = nullptr;
};

std::unique_ptr<Bench> Open(const Args& a) {
  auto b = std::make_unique<Bench>();
  b->url = a.db.empty()
               ? "sqlite:///tmp/syntera-jobs-bench-" + std::to_string(::getpid()) + ".db"
               : a.db;
  auto opened = db::OpenDatabase(b->url);
  if (!opened.ok()) {
    std::fprintf(stderr, "open: %s\n", opened.error().message.c_str());
    return nullptr;
  }
  b->database = std::move(*opened);
  if (auto m = db::ApplyMigrations(*b->database, {db::DbMigrations(), JobsMigrations()}); !m.ok()) {
    std::fprintf(stderr, "migrate: %s\n", m.error().message.c_str());
    return nullptr;
  }
  if (a.backend == "rabbitmq") {
    AmqpOptions o;
    o.url = a.amqp;
    o.prefix = "bench" + std::to_string(::getpid());
    o.auto_delete_queues = true;
    o.prefetch = 512;
    b->rmq = std::make_unique<RabbitMqJobQueue>(*b->database, b->clock, b->random, *b->logger, o);
    if (auto c = b->rmq->Connect(); !c.ok()) {
      std::fprintf(stderr, "amqp: %s\n", c.error().message.c_str());
      return nullptr;
    }
    b->queue = b->rmq.get();
    b->backend = b->rmq.get();
  } else {
    b->sql = std::make_unique<SqlJobQueue>(*b->database, b->clock, b->random);
    b->queue = b->sql.get();
    b->backend = b->sql.get();
  }
  return b;
}

// P threads enqueue jobs 0..N-1 on queue "bench"; payload(i) gives each job's payload.
// Returns the number of failed calls.
template <typename Payload>
int Produce(JobQueue& queue, const Args& a, Payload payload) {
  std::atomic<int> next{0}, failures{0};
  std::vector<std::thread> producers;
  for (int p = 0; p < a.producers; ++p) {
    producers.emplace_back([&] {
      if (a.batch > 0) {
        for (int i = next.fetch_add(a.batch); i < a.jobs; i = next.fetch_add(a.batch)) {
          std::vector<EnqueueRequest> reqs;
          for (int k = i; k < std::min(a.jobs, i + a.batch); ++k) {
            reqs.push_back({"bench", payload(k), {}});
          }
          if (!queue.EnqueueBatch(std::move(reqs)).ok()) ++failures;
        }
      } else {
        for (int i = next++; i < a.jobs; i = next++) {
          if (!queue.Enqueue("bench", payload(i), {}).ok()) ++failures;
        }
      }
    });
  }
  for (auto& t : producers) t.join();
  return failures.load();
}

// Percentile p (0..1) of sorted `v`.
double Pct(const std::vector<double>& v, double p) {
  return v.empty() ? 0.0 : v[static_cast<size_t>(p * static_cast<double>(v.size() - 1))];
}

RunnerOptions BenchRunnerOptions() {
  RunnerOptions ro;
  ro.poll_interval = std::chrono::milliseconds(20);
  return ro;
}

void RemoveScratch(const Args& a, const Bench& b) {
  if (a.db.empty()) {
    std::string path = b.url.substr(9);
    for (const char* suffix : {"", "-wal", "-shm"}) std::remove((path + suffix).c_str());
  }
}

int RunPhases(const Args& a, Bench& b) {
  auto t0 = Steady::now();
  int failures = Produce(*b.queue, a, [](int) { return std::string("{}"); });
  double enqueue_s = Seconds(Steady::now() - t0);
  std::printf("%-9s enqueue  jobs=%d producers=%d batch=%d  %.0f jobs/s  (%.2f s, failures=%d)\n",
              a.backend.c_str(), a.jobs, a.producers, a.batch, a.jobs / enqueue_s, enqueue_s,
              failures);

  JobRunner runner(*b.backend, b.clock, b.random, *b.logger, nullptr, BenchRunnerOptions());
  std::atomic<int> done{0};
  std::mutex lat_mu;
  std::vector<double> latencies;
  std::atomic<bool> measure{false};
  runner.Register("bench", {.concurrency = a.concurrency, .prefetch = a.prefetch},
                  [&](JobContext& ctx) -> Result<void> {
                    if (measure.load()) {
                      double ms = static_cast<double>(ToUnixMillis(b.clock.Now()) -
                                                      ToUnixMillis(ctx.job().created_at));
                      std::lock_guard lock(lat_mu);
                      latencies.push_back(ms);
                    }
                    ++done;
                    return Ok();
                  });
  t0 = Steady::now();
  if (!runner.Start().ok()) return 2;
  while (done.load() < a.jobs) std::this_thread::sleep_for(std::chrono::milliseconds(2));
  (void)b.backend->Flush();
  double process_s = Seconds(Steady::now() - t0);
  std::printf("%-9s process  jobs=%d concurrency=%d  %.0f jobs/s  (%.2f s)\n", a.backend.c_str(),
              a.jobs, a.concurrency, a.jobs / process_s, process_s);

  measure = true;
  int base = done.load();
  const int kLatencyJobs = 2000;
  for (int i = 0; i < kLatencyJobs; ++i) {
    (void)b.queue->Enqueue("bench", "{}", {});
    std::this_thread::sleep_for(std::chrono::microseconds(500));
  }
  while (done.load() < base + kLatencyJobs) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  runner.Stop(std::chrono::seconds(10));
  std::sort(latencies.begin(), latencies.end());
  std::printf("%-9s latency  enqueue->start (ms, 1 ms clock): p50=%.0f p90=%.0f p99=%.0f max=%.0f\n",
              a.backend.c_str(), Pct(latencies, 0.5), Pct(latencies, 0.9), Pct(latencies, 0.99),
              Pct(latencies, 1.0));
  return 0;
}

int RunConcurrent(const Args& a, Bench& b) {
  // The payload carries the job's index and the steady-clock time its Enqueue was called.
  std::vector<int64_t> enqueued_ns(static_cast<size_t>(a.jobs), 0);
  std::vector<double> latency_ms(static_cast<size_t>(a.jobs), -1.0);
  std::atomic<int> done{0};
  JobRunner runner(*b.backend, b.clock, b.random, *b.logger, nullptr, BenchRunnerOptions());
  runner.Register("bench", {.concurrency = a.concurrency, .prefetch = a.prefetch},
                  [&](JobContext& ctx) -> Result<void> {
                    size_t i = std::strtoull(ctx.payload().c_str() + 5, nullptr, 10);
                    if (i < latency_ms.size()) {
                      latency_ms[i] = static_cast<double>(NowNs() - enqueued_ns[i]) / 1e6;
                    }
                    ++done;
                    return Ok();
                  });
  if (!runner.Start().ok()) return 2;
  auto t0 = Steady::now();
  int failures = Produce(*b.queue, a, [&](int i) {
    enqueued_ns[static_cast<size_t>(i)] = NowNs();
    return "{\"i\":" + std::to_string(i) + "}";
  });
  double acked_s = Seconds(Steady::now() - t0);
  while (done.load() < a.jobs - failures) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  (void)b.backend->Flush();
  double total_s = Seconds(Steady::now() - t0);
  runner.Stop(std::chrono::seconds(10));
  std::vector<double> lat;
  for (double ms : latency_ms) {
    if (ms >= 0) lat.push_back(ms);
  }
  std::sort(lat.begin(), lat.end());
  std::printf("%-9s concurrent jobs=%d producers=%d batch=%d concurrency=%d  end-to-end %.0f jobs/s "
              "(%.2f s; all acked after %.2f s, failures=%d)\n",
              a.backend.c_str(), a.jobs, a.producers, a.batch, a.concurrency, a.jobs / total_s,
              total_s, acked_s, failures);
  std::printf("%-9s concurrent enqueue->finish (ms): p50=%.1f p90=%.1f p99=%.1f max=%.1f\n",
              a.backend.c_str(), Pct(lat, 0.5), Pct(lat, 0.9), Pct(lat, 0.99), Pct(lat, 1.0));
  return failures == 0 ? 0 : 1;
}

int Run(const Args& a) {
  auto b = Open(a);
  if (!b) return 2;
  int rc = a.mode == "concurrent" ? RunConcurrent(a, *b) : RunPhases(a, *b);
  b->rmq.reset();
  b->sql.reset();
  b->database.reset();
  RemoveScratch(a, *b);
  return rc;
}

}  // namespace
}  // namespace syntera::jobs

int main(int argc, char** argv) {
  syntera::jobs::Args a;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string k = argv[i], v = argv[i + 1];
    if (k == "--backend") a.backend = v;
    else if (k == "--mode") a.mode = v;
    else if (k == "--db") a.db = v;
    else if (k == "--amqp") a.amqp = v;
    else if (k == "--jobs") a.jobs = std::stoi(v);
    else if (k == "--producers") a.producers = std::stoi(v);
    else if (k == "--batch") a.batch = std::stoi(v);
    else if (k == "--concurrency") a.concurrency = std::stoi(v);
    else if (k == "--prefetch") a.prefetch = std::stoi(v);
    else {
      std::fprintf(stderr, "unknown flag %s\n", k.c_str());
      return 2;
    }
  }
  if (a.mode != "phases" && a.mode != "concurrent") {
    std::fprintf(stderr, "--mode must be phases or concurrent\n");
    return 2;
  }
  return syntera::jobs::Run(a);
}
