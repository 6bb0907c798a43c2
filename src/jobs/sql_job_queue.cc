#include "jobs/sql_job_queue.h"

#include <memory>
#include <set>
#include <utility>

#include "jobs/job_store.h"

namespace syntera::jobs {

SqlJobQueue::SqlJobQueue(db::Database& db, const Clock& clock, Random& random,
                         SqlQueueOptions options)
    : db_(db), clock_(clock), random_(random), batcher_(db, options.max_batch) {}

SqlJobQueue::~SqlJobQueue() = default;

void SqlJobQueue::SetWakeup(std::function<void(std::string_view)> fn) {
  std::lock_guard lock(wake_mu_);
  wake_ = std::move(fn);
}

void SqlJobQueue::Wake(std::string_view queue) {
  std::function<void(std::string_view)> fn;
  {
    std::lock_guard lock(wake_mu_);
    fn = wake_;
  }
  if (fn) fn(queue);
}

Result<std::string> SqlJobQueue::Enqueue(std::string_view queue, std::string payload,
                                         const EnqueueOptions& options) {
  SYN_ASSIGN_OR_RETURN(Job job, admin::BuildJob(clock_, random_,
                                                {std::string(queue), std::move(payload), options}));
  std::string id;
  SYN_RETURN_IF_ERROR(batcher_
                          .Submit([&job, &id](db::Tx& tx) -> Result<void> {
                            SYN_ASSIGN_OR_RETURN(id, store::InsertJob(tx, job));
                            return Ok();
                          })
                          .get());
  Wake(queue);
  return id;
}

Result<std::vector<std::string>> SqlJobQueue::EnqueueBatch(std::vector<EnqueueRequest> requests) {
  std::vector<Job> jobs;
  jobs.reserve(requests.size());
  for (const EnqueueRequest& r : requests) {
    SYN_ASSIGN_OR_RETURN(Job job, admin::BuildJob(clock_, random_, r));
    jobs.push_back(std::move(job));
  }
  std::vector<std::string> ids;
  SYN_RETURN_IF_ERROR(batcher_
                          .Submit([&jobs, &ids](db::Tx& tx) -> Result<void> {
                            ids.clear();
                            for (const Job& j : jobs) {
                              SYN_ASSIGN_OR_RETURN(std::string id, store::InsertJob(tx, j));
                              ids.push_back(std::move(id));
                            }
                            return Ok();
                          })
                          .get());
  std::set<std::string> queues;
  for (const Job& j : jobs) queues.insert(j.queue);
  for (const std::string& q : queues) Wake(q);
  return ids;
}

Result<Job> SqlJobQueue::Get(const OrgId& org, std::string_view id) {
  return admin::Get(db_, org, id);
}
Result<JobPage> SqlJobQueue::List(const OrgId& org, const JobFilter& filter) {
  return admin::List(db_, org, filter);
}
Result<Job> SqlJobQueue::Retry(const OrgId& org, std::string_view id) {
  SYN_ASSIGN_OR_RETURN(Job job, admin::Retry(db_, clock_, org, id));
  Wake(job.queue);
  return job;
}
Result<Job> SqlJobQueue::Cancel(const OrgId& org, std::string_view id) {
  return admin::Cancel(db_, clock_, org, id);
}
Result<int64_t> SqlJobQueue::PurgeDead(const OrgId& org, std::string_view queue) {
  return admin::PurgeDead(db_, org, queue);
}
Result<Job> SqlJobQueue::Inspect(std::string_view id) { return admin::Inspect(db_, id); }
Result<int64_t> SqlJobQueue::Depth(std::string_view queue) { return admin::Depth(db_, queue); }

Result<std::vector<LeasedJob>> SqlJobQueue::Lease(std::string_view queue, int max) {
  // Through the group commit: the claim shares its transaction (and its fsync) with the
  // enqueues and completions of the same moment, instead of a commit of its own.
  std::vector<Job> jobs;
  SYN_RETURN_IF_ERROR(batcher_
                          .Submit([this, &jobs, queue, max](db::Tx& tx) -> Result<void> {
                            SYN_ASSIGN_OR_RETURN(jobs,
                                                 store::LeaseDue(tx, queue, clock_.Now(), max));
                            return Ok();
                          })
                          .get());
  std::vector<LeasedJob> leases;
  leases.reserve(jobs.size());
  for (Job& j : jobs) {
    int fence = j.attempts;
    leases.push_back(LeasedJob{std::move(j), fence});
  }
  return leases;
}

namespace {
// Completions, failures and releases are not waited for (Flush() does).
void Ignore(const Result<void>&) {}
}  // namespace

void SqlJobQueue::Complete(const LeasedJob& lease) {
  // Completions coalesce: one statement per up to 256 jobs instead of one per job.
  {
    std::lock_guard lock(done_mu_);
    bool first = done_.empty();
    done_.push_back({lease.job.id, lease.fence});
    if (!first) return;  // the operation submitted for the first one will take it
  }
  auto taken = std::make_shared<std::vector<store::Completion>>();
  batcher_.SubmitAsync(
      [this, taken](db::Tx& tx) -> Result<void> { return CompletePending(tx, *taken); }, Ignore);
}

Result<void> SqlJobQueue::CompletePending(db::Tx& tx, std::vector<store::Completion>& taken) {
  if (taken.empty()) {
    std::lock_guard lock(done_mu_);
    taken.swap(done_);
  }
  SYN_RETURN_IF_ERROR(store::CompleteJobs(tx, taken, clock_.Now()));
  return Ok();
}

void SqlJobQueue::Fail(const LeasedJob& lease, std::string error,
                       std::optional<Timestamp> retry_at) {
  Timestamp now = clock_.Now();
  batcher_.SubmitAsync(
      [id = lease.job.id, fence = lease.fence, error = std::move(error), retry_at,
       now](db::Tx& tx) -> Result<void> {
        SYN_RETURN_IF_ERROR(store::FailJob(tx, id, fence, error, retry_at, now));
        return Ok();
      },
      Ignore);
}

void SqlJobQueue::Release(const LeasedJob& lease) {
  Timestamp now = clock_.Now();
  batcher_.SubmitAsync(
      [id = lease.job.id, fence = lease.fence, now](db::Tx& tx) -> Result<void> {
        SYN_RETURN_IF_ERROR(store::ReleaseJob(tx, id, fence, now));
        return Ok();
      },
      Ignore);
}

Result<void> SqlJobQueue::ReportProgress(const LeasedJob& lease, int percent,
                                         std::string_view message) {
  SYN_ASSIGN_OR_RETURN(bool held,
                       db::InTx(db_, db::Scope::System(), db::TxMode::kWrite, [&](db::Tx& tx) {
                         return store::UpdateProgress(tx, lease.job.id, lease.fence, percent,
                                                      message, clock_.Now());
                       }));
  if (!held) return FailedPrecondition("job was cancelled or its lease was lost");
  return Ok();
}

Result<int64_t> SqlJobQueue::ReapExpired() {
  return db::InTx(db_, db::Scope::System(), db::TxMode::kWrite,
                  [&](db::Tx& tx) { return store::ReapExpired(tx, clock_.Now()); });
}

Result<void> SqlJobQueue::Flush() { return batcher_.Flush(); }

}  // namespace syntera::jobs
