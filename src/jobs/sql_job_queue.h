#pragma once
// The job queue on the application database (SQLite, the embedded default, or PostgreSQL):
// the `jobs` table is the queue. Every write goes through group commit (WriteBatcher):
//  - an Enqueue returns after the transaction holding it committed (on SQLite with
//    synchronous=FULL: after its fsync), so an acknowledged job is durable, while many
//    concurrent enqueues share one commit;
//  - a Lease claims up to `max` due jobs in one statement inside the same kind of shared
//    transaction (FOR UPDATE SKIP LOCKED on PostgreSQL so several processes can work one
//    queue), so claims add no commits of their own under load;
//  - completions, failures and releases are queued without waiting (Flush() waits for them)
//    and committed with whatever else is pending. A completion lost in a crash (or power loss)
//    leaves the job running until its lease expires, and it then runs again: at least once.

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/random.h"
#include "db/database.h"
#include "jobs/job_backend.h"
#include "jobs/job_queue.h"
#include "jobs/write_batcher.h"

namespace syntera::jobs {

namespace store {
struct Completion;  // job_store.h (private to the module)
}  // namespace store

struct SqlQueueOptions {
  int max_batch = 4096;  // operations per group-commit transaction
};

class SqlJobQueue final : public JobQueue, public JobBackend {
 public:
  // `db`, `clock` and `random` must outlive the queue. Thread-safe.
  SqlJobQueue(db::Database& db, const Clock& clock, Random& random, SqlQueueOptions options = {});
  ~SqlJobQueue() override;

  Result<std::string> Enqueue(std::string_view queue, std::string payload,
                              const EnqueueOptions& options) override;
  Result<std::vector<std::string>> EnqueueBatch(std::vector<EnqueueRequest> requests) override;
  Result<Job> Get(const OrgId& org, std::string_view id) override;
  Result<JobPage> List(const OrgId& org, const JobFilter& filter) override;
  Result<Job> Retry(const OrgId& org, std::string_view id) override;
  Result<Job> Cancel(const OrgId& org, std::string_view id) override;
  Result<int64_t> PurgeDead(const OrgId& org, std::string_view queue) override;
  Result<Job> Inspect(std::string_view id) override;
  Result<int64_t> Depth(std::string_view queue) override;

  Result<std::vector<LeasedJob>> Lease(std::string_view queue, int max) override;
  void Complete(const LeasedJob& lease) override;
  void Fail(const LeasedJob& lease, std::string error, std::optional<Timestamp> retry_at) override;
  void Release(const LeasedJob& lease) override;
  Result<void> ReportProgress(const LeasedJob& lease, int percent,
                              std::string_view message) override;
  Result<int64_t> ReapExpired() override;
  Result<void> Flush() override;
  void SetWakeup(std::function<void(std::string_view queue)> fn) override;

  int64_t commits() const { return batcher_.batches(); }

 private:
  Result<Job> NewJob(const EnqueueRequest& request);
  void Wake(std::string_view queue);
  // Runs in the batcher: completes every job in `taken`, first moving the pending
  // completions into it (a rerun of the operation keeps what it took).
  Result<void> CompletePending(db::Tx& tx, std::vector<store::Completion>& taken);

  db::Database& db_;
  const Clock& clock_;
  Random& random_;
  // Completions waiting for the batcher operation that commits them all at once; whoever adds
  // to an empty list submits that operation. Declared before batcher_, whose destructor still
  // runs pending operations.
  std::mutex done_mu_;  // guards done_
  std::vector<store::Completion> done_;
  WriteBatcher batcher_;
  std::mutex wake_mu_;  // guards wake_
  std::function<void(std::string_view)> wake_;
};

// Shared by the SQL and RabbitMQ queues: tenant-scoped admin operations on the jobs table.
namespace admin {
Result<Job> Get(db::Database& db, const OrgId& org, std::string_view id);
Result<JobPage> List(db::Database& db, const OrgId& org, const JobFilter& filter);
Result<Job> Retry(db::Database& db, const Clock& clock, const OrgId& org, std::string_view id);
Result<Job> Cancel(db::Database& db, const Clock& clock, const OrgId& org, std::string_view id);
Result<int64_t> PurgeDead(db::Database& db, const OrgId& org, std::string_view queue);
Result<Job> Inspect(db::Database& db, std::string_view id);
Result<int64_t> Depth(db::Database& db, std::string_view queue);
// A Job for the request with a new UUID v7 id and run_at resolved. kInvalidArgument when invalid.
Result<Job> BuildJob(const Clock& clock, Random& random, const EnqueueRequest& request);
}  // namespace admin

}  // namespace syntera::jobs
