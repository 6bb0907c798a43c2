#pragma once
// SQL of the `jobs` table (private to the jobs module), shared by the SQLite and PostgreSQL
// queues and by the RabbitMQ queue's job-state table. Every function runs inside the caller's
// transaction. `fence` is the job's attempt number at lease time: a worker whose lease was
// lost (expired and re-leased, or cancelled) no longer matches and changes nothing.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "db/database.h"
#include "jobs/job_types.h"

namespace syntera::jobs::store {

// Inserts `job` (status queued) unless (queue, idempotency_key) exists. Returns the id of the
// job that now holds the key: `job.id`, or the earlier job's id.
Result<std::string> InsertJob(db::Tx& tx, const Job& job);

// Leases up to `max` due jobs of `queue` (status queued, run_at <= now), best priority first:
// status running, attempts + 1, lease_until = now + timeout. PostgreSQL uses
// FOR UPDATE SKIP LOCKED so concurrent workers take different jobs.
Result<std::vector<Job>> LeaseDue(db::Tx& tx, std::string_view queue, Timestamp now, int max);
// RabbitMQ deliveries: marks one job running (attempts + 1, leased) if it is queued — or, for
// a redelivered message (its worker died), still running. Returns the updated job, or nullopt
// when it is finished, cancelled, unknown or (first delivery) already running: the message is
// then a duplicate to drop.
enum class Delivery { kFirst, kRedelivered };
Result<std::optional<Job>> StartJob(db::Tx& tx, std::string_view id, Timestamp now,
                                    Delivery delivery);
// Removes a job that was never started (an enqueue whose publish failed).
Result<void> DeleteUnstarted(db::Tx& tx, std::string_view id);

// Returns false when the fence no longer matches (lease lost or job cancelled).
Result<bool> CompleteJob(db::Tx& tx, std::string_view id, int fence, Timestamp now);
// CompleteJob for many jobs in a few statements (up to 256 jobs each); jobs whose fence no
// longer matches are left alone. Returns how many were completed.
struct Completion {
  std::string id;
  int fence = 0;
};
Result<int64_t> CompleteJobs(db::Tx& tx, const std::vector<Completion>& done, Timestamp now);
// Failure of an attempt: back to queued at `retry_at`, or dead when it is nullopt.
Result<bool> FailJob(db::Tx& tx, std::string_view id, int fence, std::string_view error,
                     std::optional<Timestamp> retry_at, Timestamp now);
// Gives an unstarted lease back (attempts - 1, queued, due now).
Result<bool> ReleaseJob(db::Tx& tx, std::string_view id, int fence, Timestamp now);
// Records progress and extends the lease by the job's timeout.
Result<bool> UpdateProgress(db::Tx& tx, std::string_view id, int fence, int percent,
                            std::string_view message, Timestamp now);
// Running jobs whose lease expired: back to queued (due now) or dead when out of attempts.
Result<int64_t> ReapExpired(db::Tx& tx, Timestamp now);

// `org` empty = any organization (system use); otherwise only that organization's jobs.
Result<std::optional<Job>> GetJob(db::Tx& tx, const OrgId& org, std::string_view id);
Result<std::vector<Job>> ListJobs(db::Tx& tx, const OrgId& org, const JobFilter& filter);
// dead/cancelled → queued with attempts 0, due now. Returns false when not in those states.
Result<bool> RetryJob(db::Tx& tx, const OrgId& org, std::string_view id, Timestamp now);
// queued/running → cancelled. Returns false otherwise.
Result<bool> CancelJob(db::Tx& tx, const OrgId& org, std::string_view id, Timestamp now);
Result<int64_t> PurgeDead(db::Tx& tx, const OrgId& org, std::string_view queue);
// Jobs of `queue` that are queued or running.
Result<int64_t> CountActive(db::Tx& tx, std::string_view queue);

}  // namespace syntera::jobs::store
