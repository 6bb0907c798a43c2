#include "jobs/cron_scheduler.h"

#include <stdexcept>

namespace syntera::jobs {

CronScheduler::CronScheduler(JobQueue& queue, const Clock& clock, obs::Logger& logger,
                             CronOptions options)
    : queue_(queue), clock_(clock), logger_(logger), options_(options) {}

CronScheduler::~CronScheduler() { Stop(); }

void CronScheduler::Add(std::string name, std::string_view cron, std::string queue,
                        std::string payload, EnqueueOptions options) {
  if (started_) throw std::logic_error("cron: Add after Start");
  for (const Entry& e : entries_) {
    if (e.name == name) throw std::logic_error("cron: duplicate schedule " + name);
  }
  auto schedule = CronSchedule::Parse(cron);
  if (!schedule.ok()) throw std::invalid_argument(schedule.error().message + ": " + std::string(cron));
  entries_.push_back({std::move(name), *std::move(schedule), std::move(queue), std::move(payload),
                      std::move(options), std::nullopt});
}

Result<int> CronScheduler::RunDue() {
  Timestamp now = clock_.Now();
  int enqueued = 0;
  for (Entry& e : entries_) {
    Timestamp from = e.last_tick ? *e.last_tick : now - options_.catch_up;
    std::optional<Timestamp> due;
    for (auto t = e.schedule.Next(from); t && *t <= now; t = e.schedule.Next(*t)) due = t;
    if (!due) continue;
    EnqueueOptions o = e.options;
    o.idempotency_key = "cron:" + e.name + ":" + std::to_string(ToUnixMillis(*due));
    auto id = queue_.Enqueue(e.queue, e.payload, o);
    if (!id.ok()) {
      logger_.Warn("cron_enqueue_failed", {{"schedule", e.name}, {"error", id.error().message}});
      continue;  // retried at the next poll: last_tick unchanged
    }
    e.last_tick = due;
    ++enqueued;
  }
  return enqueued;
}

Result<void> CronScheduler::Start() {
  if (started_) return FailedPrecondition("cron: already started");
  started_ = true;
  thread_ = std::thread([this] { Loop(); });
  return Ok();
}

void CronScheduler::Stop() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void CronScheduler::Loop() {
  std::unique_lock lock(mu_);
  while (!stop_) {
    lock.unlock();
    (void)RunDue();
    lock.lock();
    cv_.wait_for(lock, options_.poll_interval, [&] { return stop_; });
  }
}

}  // namespace syntera::jobs
