#pragma once
// Recurring jobs: enqueues one job per tick of each registered cron schedule. Every process
// may run a scheduler: the job of a tick carries the idempotency key
// "cron:<name>:<tick unix ms>" on its queue, so however many processes see the tick, exactly
// one job exists for it. A tick missed while no scheduler ran is not replayed, except the
// most recent one within the last `catch_up` (a restart a few seconds after a tick still
// runs that tick).

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "base/clock.h"
#include "jobs/cron.h"
#include "jobs/job_queue.h"
#include "obs/logger.h"

namespace syntera::jobs {

struct CronOptions {
  std::chrono::milliseconds poll_interval{1000};
  std::chrono::milliseconds catch_up{std::chrono::minutes(1)};
};

class CronScheduler {
 public:
  // Everything must outlive the scheduler.
  CronScheduler(JobQueue& queue, const Clock& clock, obs::Logger& logger, CronOptions options = {});
  ~CronScheduler();  // Stop()
  CronScheduler(const CronScheduler&) = delete;
  CronScheduler& operator=(const CronScheduler&) = delete;

  // Registers a schedule before Start(). `name` must be unique and stable (it is part of the
  // idempotency key). Throws std::invalid_argument for a bad expression and std::logic_error
  // for a duplicate name or after Start() (wiring bugs).
  void Add(std::string name, std::string_view cron, std::string queue, std::string payload,
           EnqueueOptions options = {});

  Result<void> Start();
  void Stop();  // idempotent

  // Enqueues the job of the latest due tick of each schedule not yet enqueued by this
  // scheduler. Returns how many enqueue calls succeeded (including ones another process made
  // first). Not concurrently with a started scheduler.
  Result<int> RunDue();

 private:
  struct Entry {
    std::string name;
    CronSchedule schedule;
    std::string queue;
    std::string payload;
    EnqueueOptions options;
    std::optional<Timestamp> last_tick;  // latest tick enqueued (or considered)
  };
  void Loop();

  JobQueue& queue_;
  const Clock& clock_;
  obs::Logger& logger_;
  CronOptions options_;
  std::vector<Entry> entries_;
  std::mutex mu_;  // guards stop_
  std::condition_variable cv_;
  bool stop_ = false;
  bool started_ = false;
  std::thread thread_;
};

}  // namespace syntera::jobs
