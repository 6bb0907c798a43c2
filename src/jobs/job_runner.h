#pragma once
// Runs jobs: one handler per queue with a concurrency limit, leases with redelivery when a
// worker dies, retries with exponential backoff and jitter, dead-lettering after max attempts,
// progress reporting, and a graceful Stop() that drains running jobs within a deadline.
//
// Threads: per registered queue, one fetcher thread (leases jobs when workers are free) and
// `concurrency` worker threads; one reaper thread makes expired leases due again.
// Handlers run on worker threads and must be safe to run concurrently with themselves.
//
// Semantics: at least once. A job runs again when its worker crashed or overran its timeout
// (the lease expired) or when its completion was lost in a crash; a handler with external
// effects makes them idempotent with JobContext::idempotency_key() (or the job id).
// Timeouts are cooperative: a handler is never interrupted, but after job.timeout without a
// ReportProgress its lease expires, another worker may take the job, and the late result of
// the first attempt is ignored (fenced by the attempt number).

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "base/clock.h"
#include "base/random.h"
#include "base/result.h"
#include "jobs/job_backend.h"
#include "jobs/retry_policy.h"
#include "obs/logger.h"
#include "obs/metrics.h"

namespace syntera::jobs {

// What a handler sees of its job. Valid only during the handler call; not thread-safe.
class JobContext {
 public:
  JobContext(JobBackend& backend, const LeasedJob& lease, const std::atomic<bool>& stopping)
      : backend_(backend), lease_(lease), stopping_(stopping) {}
  const Job& job() const { return lease_.job; }
  const std::string& payload() const { return lease_.job.payload; }
  // The key given at enqueue ("" when none); stable across attempts.
  const std::string& idempotency_key() const { return lease_.job.idempotency_key; }
  int attempt() const { return lease_.fence; }
  // Records progress (visible in the admin API) and extends the lease by the job's timeout.
  // Errors: kFailedPrecondition when the job was cancelled or its lease lost — stop and
  // return; kUnavailable when storage is unreachable (progress not recorded).
  Result<void> ReportProgress(int percent, std::string_view message = {});
  // True once the runner is stopping: finish soon, or return an error to be retried later.
  bool stopping() const { return stopping_.load(); }

 private:
  JobBackend& backend_;
  const LeasedJob& lease_;
  const std::atomic<bool>& stopping_;
};

// Returns ok when the job succeeded; an error fails this attempt (retried with backoff, or
// dead after max_attempts with the error's message as last_error). kInvalidArgument and
// kFailedPrecondition are permanent: the job is dead at once. Exceptions count as errors.
using JobHandler = std::function<Result<void>(JobContext&)>;

struct QueueOptions {
  int concurrency = 4;     // handlers running at once in this process
  int prefetch = 0;        // extra jobs leased ahead of free workers (0: concurrency)
};

struct RunnerOptions {
  std::chrono::milliseconds poll_interval{250};   // idle wait between lease attempts
  std::chrono::milliseconds reap_interval{1000};  // how often expired leases are looked for
  RetryPolicy retry;
};

class JobRunner {
 public:
  // Everything must outlive the runner. `metrics` may be null.
  JobRunner(JobBackend& backend, const Clock& clock, Random& random, obs::Logger& logger,
            obs::MetricsRegistry* metrics, RunnerOptions options = {});
  ~JobRunner();  // Stop(0) if still running
  JobRunner(const JobRunner&) = delete;
  JobRunner& operator=(const JobRunner&) = delete;

  // Registers the handler of `queue` before Start(). Throws std::logic_error for a duplicate
  // queue, a concurrency < 1 or after Start() (wiring bugs).
  void Register(std::string queue, QueueOptions options, JobHandler handler);

  // Starts the threads. Errors: kFailedPrecondition when already started.
  Result<void> Start();
  // Stops leasing, gives back leased jobs not yet started, waits up to `deadline` for running
  // handlers, then releases the jobs of handlers still running (they will run again) and
  // waits for their threads. Flushes completions. Returns true when everything drained in
  // time. Idempotent.
  bool Stop(std::chrono::milliseconds deadline);

  // Synchronous (tests, tools; not while started): leases up to `max` due jobs of `queue` and
  // runs them on the calling thread. Returns how many ran.
  Result<int> RunOnce(std::string_view queue, int max = 100);

 private:
  struct Worker;
  void Execute(Worker& w, const LeasedJob& lease);
  void FetchLoop(Worker& w);
  void WorkLoop(Worker& w);
  void ReapLoop();
  void Wake(std::string_view queue);

  JobBackend& backend_;
  const Clock& clock_;
  Random& random_;
  obs::Logger& logger_;
  obs::MetricsRegistry* metrics_;
  RunnerOptions options_;
  std::vector<std::unique_ptr<Worker>> workers_;  // one per queue; fixed after Start()
  std::atomic<bool> stopping_{false};
  bool started_ = false;
  bool stopped_ = false;
  std::mutex reap_mu_;  // with reap_cv_
  std::condition_variable reap_cv_;
  std::thread reaper_;
};

}  // namespace syntera::jobs
