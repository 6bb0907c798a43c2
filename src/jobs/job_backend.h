#pragma once
// The worker side of a queue implementation, driven by JobRunner. A lease is one attempt of
// one job; `fence` (the attempt number) makes every later call of a worker whose lease was
// lost (expired and handed to another worker, or the job cancelled) a no-op.
// Thread-safe.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "jobs/job_types.h"

namespace syntera::jobs {

struct LeasedJob {
  Job job;        // as leased: status running, attempts = this attempt's number
  int fence = 0;  // == job.attempts
  // Backend-specific handle (RabbitMQ: connection generation and delivery tag).
  uint64_t handle_a = 0;
  uint64_t handle_b = 0;
};

class JobBackend {
 public:
  virtual ~JobBackend() = default;
  // Up to `max` due jobs of `queue`, each now leased until now + its timeout. Empty when none
  // are due. Errors: kUnavailable when storage or broker is unreachable.
  virtual Result<std::vector<LeasedJob>> Lease(std::string_view queue, int max) = 0;
  // Records success. May be asynchronous: Flush() waits until it is durable. A completion
  // lost in a crash means the job runs again after its lease (at least once).
  virtual void Complete(const LeasedJob& lease) = 0;
  // Records a failed attempt: requeued for `retry_at`, or dead (with `error`) when nullopt.
  virtual void Fail(const LeasedJob& lease, std::string error,
                    std::optional<Timestamp> retry_at) = 0;
  // Gives back a lease that was never started (shutdown); the attempt does not count.
  virtual void Release(const LeasedJob& lease) = 0;
  // Records progress (percent clamped to 0..100) and extends the lease by the job's timeout.
  // Errors: kFailedPrecondition when the lease is lost or the job was cancelled (stop work).
  virtual Result<void> ReportProgress(const LeasedJob& lease, int percent,
                                      std::string_view message) = 0;
  // Makes running jobs whose lease expired due again (or dead when out of attempts); returns
  // how many. A no-op where the broker redelivers by itself.
  virtual Result<int64_t> ReapExpired() = 0;
  // Waits until every Complete/Fail/Release issued before the call is durable.
  virtual Result<void> Flush() = 0;
  // `fn(queue)` is called after a local enqueue of `queue` commits, so workers need not wait
  // for their next poll. Set once before workers start.
  virtual void SetWakeup(std::function<void(std::string_view queue)> fn) = 0;
};

}  // namespace syntera::jobs
