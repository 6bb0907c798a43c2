// A small program for tests/crash/jobs-crash-test (built with the tests): drives the real job
// queue in a process the test can kill -9.
//
//   jobs_crash_harness enqueue --db URL [--amqp URL] --count N [--threads T] [--pace-ms MS]
//                      [--stop-file PATH]
//       enqueues jobs on queue "crash" with idempotency keys k<i>; prints "ACK <id> <key>"
//       (flushed) for each enqueue that returned success. Each thread waits --pace-ms after
//       each enqueue; the burst ends after N jobs or once PATH exists.
//   jobs_crash_harness work --db URL [--amqp URL] [--hold-ms MS] [--timeout-ms MS]
//       prints "READY" once its workers run, then runs them for "crash" until SIGTERM (or
//       killed). The handler counts its run in crash_runs, writes
//       its effect (crash_effects, keyed by the idempotency key, ON CONFLICT DO NOTHING), prints
//       "EFFECT <key>", then holds for --hold-ms before returning (a window for kill -9).
//   jobs_crash_harness check --db URL --acked FILE [--wait-s S]
//       polls until every acknowledged job succeeded; prints a summary; exit 1 on a lost job,
//       a double effect or the deadline.

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <set>
#include <sstream>
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

using std::chrono::milliseconds;

struct Args {
  std::string mode, db, amqp, acked, stop_file;
  int count = 1000, threads = 8, hold_ms = 0, timeout_ms = 3000, wait_s = 120, pace_ms = 0;
};

Args Parse(int argc, char** argv) {
  Args a;
  if (argc > 1) a.mode = argv[1];
  for (int i = 2; i + 1 < argc; i += 2) {
    std::string k = argv[i], v = argv[i + 1];
    if (k == "--db") a.db = v;
    else if (k == "--amqp") a.amqp = v;
    else if (k == "--acked") a.acked = v;
    else if (k == "--count") a.count = std::stoi(v);
    else if (k == "--threads") a.threads = std::stoi(v);
    else if (k == "--hold-ms") a.hold_ms = std::stoi(v);
    else if (k == "--timeout-ms") a.timeout_ms = std::stoi(v);
    else if (k == "--wait-s") a.wait_s = std::stoi(v);
    else if (k == "--pace-ms") a.pace_ms = std::stoi(v);
    else if (k == "--stop-file") a.stop_file = v;
    else throw std::invalid_argument("unknown flag " + k);
  }
  return a;
}

template <typename T>
T OrDie(Result<T> r, const char* what) {
  if (!r.ok()) {
    std::cerr << "jobs_crash_harness: " << what << ": " << r.error().message << std::endl;
    std::exit(2);
  }
  return std::move(r).value();
}
void OrDie(Result<void> r, const char* what) {
  if (!r.ok()) {
    std::cerr << "jobs_crash_harness: " << what << ": " << r.error().message << std::endl;
    std::exit(2);
  }
}

struct Env {
  std::unique_ptr<db::Database> db;
  SystemClock clock;
  crypto::SecureRandom random;
  // Warnings (reconnects, failed leases) on stderr: the test shows them when a case fails.
  std::unique_ptr<obs::Logger> logger =
      std::make_unique<obs::Logger>(obs::LogOptions{.level = obs::LogLevel::kWarn});
  std::unique_ptr<SqlJobQueue> sql;
  std::unique_ptr<RabbitMqJobQueue> rmq;
  JobQueue* queue = nullptr;
  JobBackend* backend = nullptr;
};

// Runs `fn` again while it fails with kUnavailable, for up to 30 s: the test starts several
// processes on one fresh database, and SQLite refuses a second connection's WAL switch or
// locks while the first one sets the file up.
template <typename Fn>
auto RetryUnavailable(Fn fn) -> decltype(fn()) {
  auto until = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (true) {
    auto r = fn();
    if (r.ok() || r.error().code != ErrorCode::kUnavailable ||
        std::chrono::steady_clock::now() > until) {
      return r;
    }
    std::this_thread::sleep_for(milliseconds(100));
  }
}

std::unique_ptr<Env> Open(const Args& a) {
  auto env = std::make_unique<Env>();
  env->db = OrDie(RetryUnavailable([&] { return db::OpenDatabase(a.db); }), "open database");
  (void)OrDie(RetryUnavailable([&] {
                return db::ApplyMigrations(*env->db, {db::DbMigrations(), JobsMigrations()});
              }),
              "migrate");
  OrDie(RetryUnavailable([&] {
          return db::InTx(*env->db, db::Scope::System(), db::TxMode::kWrite, [](db::Tx& tx) {
            return tx.ExecScript(
                "CREATE TABLE IF NOT EXISTS crash_effects (key TEXT PRIMARY KEY, job_id TEXT NOT NULL);"
                "CREATE TABLE IF NOT EXISTS crash_runs (key TEXT PRIMARY KEY, runs BIGINT NOT NULL)");
          });
        }),
        "create effect tables");
  if (!a.amqp.empty()) {
    AmqpOptions o;
    o.url = a.amqp;
    o.prefix = "crash";
    o.publish_timeout = milliseconds(60'000);
    env->rmq = std::make_unique<RabbitMqJobQueue>(*env->db, env->clock, env->random, *env->logger, o);
    OrDie(env->rmq->Connect(), "connect to RabbitMQ");
    env->queue = env->rmq.get();
    env->backend = env->rmq.get();
  } else {
    env->sql = std::make_unique<SqlJobQueue>(*env->db, env->clock, env->random);
    env->queue = env->sql.get();
    env->backend = env->sql.get();
  }
  return env;
}

int Enqueue(const Args& a) {
  auto env = Open(a);
  std::atomic<int> next{0};
  std::mutex out_mu;
  std::vector<std::thread> threads;
  for (int t = 0; t < a.threads; ++t) {
    threads.emplace_back([&] {
      for (int i = next++; i < a.count; i = next++) {
        if (!a.stop_file.empty() && std::filesystem::exists(a.stop_file)) return;
        std::string key = "k" + std::to_string(i);
        EnqueueOptions o;
        o.idempotency_key = key;
        o.timeout = milliseconds(a.timeout_ms);
        o.max_attempts = 20;
        auto id = env->queue->Enqueue("crash", "{\"i\":" + std::to_string(i) + "}", o);
        if (id.ok()) {  // otherwise not acknowledged: the test does not expect it
          std::lock_guard lock(out_mu);
          std::printf("ACK %s %s\n", id->c_str(), key.c_str());
          std::fflush(stdout);
        }
        if (a.pace_ms > 0) std::this_thread::sleep_for(milliseconds(a.pace_ms));
      }
    });
  }
  for (auto& t : threads) t.join();
  return 0;
}

int Work(const Args& a) {
  auto env = Open(a);
  db::Database& database = *env->db;
  RunnerOptions ro;
  ro.poll_interval = milliseconds(50);
  ro.reap_interval = milliseconds(250);
  ro.retry.base = milliseconds(100);
  JobRunner runner(*env->backend, env->clock, env->random, *env->logger, nullptr, ro);
  std::mutex out_mu;
  runner.Register("crash", {.concurrency = 4}, [&](JobContext& ctx) -> Result<void> {
    const std::string& key = ctx.idempotency_key();
    SYN_RETURN_IF_ERROR(db::InTx(database, db::Scope::System(), db::TxMode::kWrite,
                                 [&](db::Tx& tx) -> Result<void> {
      SYN_RETURN_IF_ERROR(tx.Exec(
          "INSERT INTO crash_runs (key, runs) VALUES (?, 1) "
          "ON CONFLICT (key) DO UPDATE SET runs = crash_runs.runs + 1", {key}));
      // The effect, made idempotent by the job's idempotency key.
      SYN_RETURN_IF_ERROR(tx.Exec(
          "INSERT INTO crash_effects (key, job_id) VALUES (?, ?) ON CONFLICT (key) DO NOTHING",
          {key, ctx.job().id}));
      return Ok();
    }));
    {
      std::lock_guard lock(out_mu);
      std::printf("EFFECT %s\n", key.c_str());
      std::fflush(stdout);
    }
    if (a.hold_ms > 0) std::this_thread::sleep_for(milliseconds(a.hold_ms));
    return Ok();
  });
  OrDie(runner.Start(), "start runner");
  {
    std::lock_guard lock(out_mu);
    std::printf("READY\n");
    std::fflush(stdout);
  }
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  int sig = 0;
  sigwait(&set, &sig);
  runner.Stop(milliseconds(5000));
  return 0;
}

int Check(const Args& a) {
  auto database = OrDie(db::OpenDatabase(a.db), "open database");
  std::ifstream in(a.acked);
  std::map<std::string, std::string> acked;  // id -> key
  std::string tag, id, key;
  while (in >> tag >> id >> key) {
    if (tag == "ACK") acked[id] = key;
  }
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(a.wait_s);
  std::vector<std::string> missing;
  int64_t doubled = 0, max_runs = 0, rerun = 0;
  while (true) {
    missing.clear();
    auto tx = OrDie(database->Begin(db::Scope::System(), db::TxMode::kRead), "begin");
    std::set<std::string> done;
    for (const auto& r : OrDie(tx->Query("SELECT id FROM jobs WHERE status = 'succeeded'"), "query"))
      done.insert(r.Text(0));
    for (const auto& [job_id, k] : acked) {
      if (!done.count(job_id)) missing.push_back(job_id);
    }
    auto effects = OrDie(tx->Query("SELECT COUNT(*), COUNT(DISTINCT key) FROM crash_effects"), "effects");
    doubled = effects[0].Int(0) - effects[0].Int(1);
    auto runs = OrDie(tx->Query("SELECT COALESCE(MAX(runs), 0), "
                                "COALESCE(SUM(CASE WHEN runs > 1 THEN 1 ELSE 0 END), 0) FROM crash_runs"),
                      "runs");
    max_runs = runs[0].Int(0);
    rerun = runs[0].Int(1);
    if (missing.empty() || std::chrono::steady_clock::now() > deadline) break;
    tx.reset();
    std::this_thread::sleep_for(milliseconds(200));
  }
  std::printf("acknowledged=%zu processed=%zu lost=%zu jobs_run_more_than_once=%lld "
              "max_runs=%lld double_effects=%lld\n",
              acked.size(), acked.size() - missing.size(), missing.size(),
              static_cast<long long>(rerun), static_cast<long long>(max_runs),
              static_cast<long long>(doubled));
  for (size_t i = 0; i < missing.size() && i < 10; ++i) std::printf("LOST %s\n", missing[i].c_str());
  return (missing.empty() && doubled == 0 && !acked.empty()) ? 0 : 1;
}

}  // namespace
}  // namespace syntera::jobs

int main(int argc, char** argv) {
  using namespace syntera::jobs;
  Args a = Parse(argc, argv);
  if (a.db.empty()) {
    std::cerr << "usage: jobs_crash_harness enqueue|work|check --db URL [...]" << std::endl;
    return 2;
  }
  if (a.mode == "enqueue") return Enqueue(a);
  if (a.mode == "work") return Work(a);
  if (a.mode == "check") return Check(a);
  std::cerr << "unknown mode " << a.mode << std::endl;
  return 2;
}
