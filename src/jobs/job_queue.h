#pragma once
// The producer and admin side of the durable job queue. Implementations: SqlJobQueue (SQLite,
// PostgreSQL) and RabbitMqJobQueue. The worker side is JobBackend (job_backend.h), driven by
// JobRunner. All methods are thread-safe.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "jobs/job_types.h"

namespace syntera::jobs {

class JobQueue {
 public:
  virtual ~JobQueue() = default;

  // Adds a job and returns its id only once the job is durable (SQL: committed; RabbitMQ:
  // state row committed and the broker confirmed the persistent message). With an
  // idempotency key already used on this queue, returns the earlier job's id.
  // Errors: kInvalidArgument (ValidateEnqueue); kUnavailable when storage or broker cannot be
  // reached (the job may or may not exist: retry with the same idempotency key).
  virtual Result<std::string> Enqueue(std::string_view queue, std::string payload,
                                      const EnqueueOptions& options) = 0;
  // Adds several jobs in one durable write; ids in request order. All or nothing.
  virtual Result<std::vector<std::string>> EnqueueBatch(std::vector<EnqueueRequest> requests) = 0;

  // Admin, tenant-scoped: `org` must not be empty; jobs of other organizations and system
  // jobs answer kNotFound. Errors: kInvalidArgument for an empty org.
  virtual Result<Job> Get(const OrgId& org, std::string_view id) = 0;
  virtual Result<JobPage> List(const OrgId& org, const JobFilter& filter) = 0;
  // Requeues a dead or cancelled job with fresh attempts. kFailedPrecondition otherwise.
  virtual Result<Job> Retry(const OrgId& org, std::string_view id) = 0;
  // Cancels a queued or running job (a running handler sees it at its next ReportProgress and
  // its result is discarded). kFailedPrecondition when already finished.
  virtual Result<Job> Cancel(const OrgId& org, std::string_view id) = 0;
  // Deletes the organization's dead jobs (of `queue`, or all when empty); returns the count.
  virtual Result<int64_t> PurgeDead(const OrgId& org, std::string_view queue) = 0;

  // System use (tests, tools, crash checks): any job by id. kNotFound when unknown.
  virtual Result<Job> Inspect(std::string_view id) = 0;
  // Jobs of `queue` queued or running (for /metrics).
  virtual Result<int64_t> Depth(std::string_view queue) = 0;
};

}  // namespace syntera::jobs
