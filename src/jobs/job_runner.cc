#include "jobs/job_runner.h"

#include <exception>
#include <map>
#include <stdexcept>
#include <utility>

namespace syntera::jobs {

Result<void> JobContext::ReportProgress(int percent, std::string_view message) {
  return backend_.ReportProgress(lease_, percent, message);
}

struct JobRunner::Worker {
  std::string queue;
  QueueOptions options;
  JobHandler handler;
  obs::Counter* processed = nullptr;
  obs::Counter* failed = nullptr;
  obs::Counter* dead = nullptr;
  obs::Histogram* duration = nullptr;

  std::mutex mu;                      // guards everything below
  std::condition_variable work_cv;    // workers: a job arrived or exit
  std::condition_variable fetch_cv;   // fetcher: capacity freed, wake-up or draining
  std::condition_variable idle_cv;    // Stop: a running job finished
  std::deque<LeasedJob> buffer;       // leased, not started
  std::map<std::string, LeasedJob> in_flight;  // started, by job id
  bool wake = false;
  bool draining = false;
  bool exit = false;
  std::thread fetcher;
  std::vector<std::thread> threads;
};

JobRunner::JobRunner(JobBackend& backend, const Clock& clock, Random& random,
                     obs::Logger& logger, obs::MetricsRegistry* metrics, RunnerOptions options)
    : backend_(backend),
      clock_(clock),
      random_(random),
      logger_(logger),
      metrics_(metrics),
      options_(options) {}

JobRunner::~JobRunner() {
  if (started_) Stop(std::chrono::milliseconds(0));
}

void JobRunner::Register(std::string queue, QueueOptions options, JobHandler handler) {
  if (started_) throw std::logic_error("jobs: Register after Start");
  if (options.concurrency < 1) throw std::logic_error("jobs: concurrency must be >= 1");
  for (const auto& w : workers_) {
    if (w->queue == queue) throw std::logic_error("jobs: duplicate handler for queue " + queue);
  }
  auto w = std::make_unique<Worker>();
  w->queue = std::move(queue);
  w->options = options;
  if (w->options.prefetch <= 0) w->options.prefetch = w->options.concurrency;
  w->handler = std::move(handler);
  if (metrics_) {
    obs::Labels labels = {{"queue", w->queue}};
    w->processed = &metrics_->GetCounter("syntera_jobs_processed_total",
                                         "Jobs that succeeded", labels);
    w->failed = &metrics_->GetCounter("syntera_jobs_failed_total",
                                      "Job attempts that failed (retried or dead)", labels);
    w->dead = &metrics_->GetCounter("syntera_jobs_dead_total",
                                    "Jobs dead-lettered after their last attempt", labels);
    w->duration = &metrics_->GetHistogram("syntera_job_duration_seconds",
                                          "Time a handler ran", labels, obs::LatencyBuckets());
  }
  workers_.push_back(std::move(w));
}

Result<void> JobRunner::Start() {
  if (started_) return FailedPrecondition("jobs: runner already started");
  started_ = true;
  backend_.SetWakeup([this](std::string_view queue) { Wake(queue); });
  for (auto& up : workers_) {
    Worker* w = up.get();
    w->fetcher = std::thread([this, w] { FetchLoop(*w); });
    for (int i = 0; i < w->options.concurrency; ++i) {
      w->threads.emplace_back([this, w] { WorkLoop(*w); });
    }
  }
  reaper_ = std::thread([this] { ReapLoop(); });
  return Ok();
}

void JobRunner::Wake(std::string_view queue) {
  for (auto& w : workers_) {
    if (w->queue != queue) continue;
    {
      std::lock_guard lock(w->mu);
      w->wake = true;
    }
    w->fetch_cv.notify_one();
  }
}

void JobRunner::Execute(Worker& w, const LeasedJob& lease) {
  auto start = std::chrono::steady_clock::now();
  JobContext ctx(backend_, lease, stopping_);
  Result<void> r = Internal("handler threw");
  try {
    r = w.handler(ctx);
  } catch (const std::exception& e) {
    r = Internal(std::string("handler threw: ") + e.what());
  }
  if (w.duration) {
    w.duration->Observe(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  if (r.ok()) {
    backend_.Complete(lease);
    if (w.processed) w.processed->Inc();
    return;
  }
  const Error& e = r.error();
  if (w.failed) w.failed->Inc();
  bool permanent = e.code == ErrorCode::kInvalidArgument || e.code == ErrorCode::kFailedPrecondition;
  if (permanent || lease.fence >= lease.job.max_attempts) {
    backend_.Fail(lease, e.message, std::nullopt);
    if (w.dead) w.dead->Inc();
    logger_.Warn("job_dead", {{"queue", w.queue}, {"job_id", lease.job.id},
                              {"attempts", lease.fence}, {"error", e.message}});
    return;
  }
  auto delay = RetryDelay(options_.retry, lease.fence, random_);
  backend_.Fail(lease, e.message, clock_.Now() + delay);
  logger_.Info("job_retry", {{"queue", w.queue}, {"job_id", lease.job.id},
                             {"attempt", lease.fence}, {"delay_ms", static_cast<int64_t>(delay.count())},
                             {"error", e.message}});
}

void JobRunner::FetchLoop(Worker& w) {
  std::unique_lock lock(w.mu);
  while (!w.draining) {
    int capacity = w.options.concurrency + w.options.prefetch -
                   static_cast<int>(w.in_flight.size() + w.buffer.size());
    if (capacity <= 0) {
      w.fetch_cv.wait(lock);
      continue;
    }
    w.wake = false;
    lock.unlock();
    auto leased = backend_.Lease(w.queue, capacity);
    lock.lock();
    if (!leased.ok()) {
      logger_.Warn("job_lease_failed", {{"queue", w.queue}, {"error", leased.error().message}});
    }
    if (!leased.ok() || leased->empty()) {
      w.fetch_cv.wait_for(lock, options_.poll_interval, [&] { return w.draining || w.wake; });
      continue;
    }
    for (LeasedJob& l : *leased) w.buffer.push_back(std::move(l));
    w.work_cv.notify_all();
  }
}

void JobRunner::WorkLoop(Worker& w) {
  std::unique_lock lock(w.mu);
  while (true) {
    w.work_cv.wait(lock, [&] { return w.exit || (!w.draining && !w.buffer.empty()); });
    if (w.exit) return;
    LeasedJob lease = std::move(w.buffer.front());
    w.buffer.pop_front();
    std::string id = lease.job.id;
    const LeasedJob& running = w.in_flight.emplace(id, std::move(lease)).first->second;
    lock.unlock();
    Execute(w, running);
    lock.lock();
    w.in_flight.erase(id);
    w.fetch_cv.notify_one();
    w.idle_cv.notify_all();
  }
}

void JobRunner::ReapLoop() {
  std::unique_lock lock(reap_mu_);
  while (!stopping_.load()) {
    reap_cv_.wait_for(lock, options_.reap_interval, [&] { return stopping_.load(); });
    if (stopping_.load()) return;
    lock.unlock();
    auto n = backend_.ReapExpired();
    if (!n.ok()) {
      logger_.Warn("job_reap_failed", {{"error", n.error().message}});
    } else if (*n > 0) {
      logger_.Info("job_leases_expired", {{"jobs", *n}});
      for (auto& w : workers_) Wake(w->queue);
    }
    lock.lock();
  }
}

bool JobRunner::Stop(std::chrono::milliseconds deadline) {
  if (!started_ || stopped_) return true;
  stopped_ = true;
  auto until = std::chrono::steady_clock::now() + deadline;
  {
    std::lock_guard lock(reap_mu_);
    stopping_.store(true);
  }
  reap_cv_.notify_all();
  for (auto& w : workers_) {
    {
      std::lock_guard lock(w->mu);
      w->draining = true;
    }
    w->fetch_cv.notify_all();
    w->fetcher.join();
    std::lock_guard lock(w->mu);
    for (const LeasedJob& l : w->buffer) backend_.Release(l);
    w->buffer.clear();
  }
  bool drained = true;
  for (auto& w : workers_) {
    std::unique_lock lock(w->mu);
    if (!w->idle_cv.wait_until(lock, until, [&] { return w->in_flight.empty(); })) {
      drained = false;
      // Counted as an attempt so a late result of the stuck handler stays fenced off.
      for (const auto& [id, lease] : w->in_flight) {
        backend_.Fail(lease, "shutdown deadline exceeded", clock_.Now());
      }
      logger_.Warn("job_runner_stop_deadline",
                   {{"queue", w->queue}, {"running", static_cast<int64_t>(w->in_flight.size())}});
    }
    w->exit = true;
    w->work_cv.notify_all();
  }
  for (auto& w : workers_) {
    for (auto& t : w->threads) t.join();
  }
  reaper_.join();
  if (auto f = backend_.Flush(); !f.ok()) {
    logger_.Warn("job_flush_failed", {{"error", f.error().message}});
  }
  return drained;
}

Result<int> JobRunner::RunOnce(std::string_view queue, int max) {
  for (auto& w : workers_) {
    if (w->queue != queue) continue;
    SYN_ASSIGN_OR_RETURN(std::vector<LeasedJob> leases, backend_.Lease(queue, max));
    for (const LeasedJob& l : leases) Execute(*w, l);
    SYN_RETURN_IF_ERROR(backend_.Flush());
    return static_cast<int>(leases.size());
  }
  return NotFound("no handler registered for queue " + std::string(queue));
}

}  // namespace syntera::jobs
