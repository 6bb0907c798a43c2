// Tenant-scoped admin operations on the jobs table, shared by every queue implementation.

#include "base/ids.h"
#include "jobs/job_store.h"
#include "jobs/sql_job_queue.h"

namespace syntera::jobs::admin {
namespace {

Result<void> RequireOrg(const OrgId& org) {
  if (org.empty()) return InvalidArgument("an organization is required");
  return Ok();
}

Result<Job> Load(db::Tx& tx, const OrgId& org, std::string_view id) {
  SYN_ASSIGN_OR_RETURN(std::optional<Job> job, store::GetJob(tx, org, id));
  if (!job) return NotFound("job not found");
  return *std::move(job);
}

}  // namespace

Result<Job> Get(db::Database& db, const OrgId& org, std::string_view id) {
  SYN_RETURN_IF_ERROR(RequireOrg(org));
  SYN_ASSIGN_OR_RETURN(auto tx, db.Begin(db::Scope::Tenant(org.str()), db::TxMode::kRead));
  return Load(*tx, org, id);
}

Result<JobPage> List(db::Database& db, const OrgId& org, const JobFilter& filter) {
  SYN_RETURN_IF_ERROR(RequireOrg(org));
  if (filter.limit < 1 || filter.limit > 200) {
    return InvalidArgument("invalid limit", {{"limit", "must be between 1 and 200"}});
  }
  JobFilter f = filter;
  f.limit = filter.limit + 1;
  SYN_ASSIGN_OR_RETURN(auto tx, db.Begin(db::Scope::Tenant(org.str()), db::TxMode::kRead));
  SYN_ASSIGN_OR_RETURN(std::vector<Job> jobs, store::ListJobs(*tx, org, f));
  JobPage page;
  if (jobs.size() > static_cast<size_t>(filter.limit)) {
    jobs.pop_back();
    page.next_after = jobs.back().id;
  }
  page.items = std::move(jobs);
  return page;
}

Result<Job> Retry(db::Database& db, const Clock& clock, const OrgId& org, std::string_view id) {
  SYN_RETURN_IF_ERROR(RequireOrg(org));
  return db::InTx(db, db::Scope::Tenant(org.str()), db::TxMode::kWrite,
                  [&](db::Tx& tx) -> Result<Job> {
                    SYN_ASSIGN_OR_RETURN(Job before, Load(tx, org, id));
                    SYN_ASSIGN_OR_RETURN(bool done, store::RetryJob(tx, org, id, clock.Now()));
                    if (!done) {
                      return FailedPrecondition("only dead or cancelled jobs can be retried (job is " +
                                                std::string(JobStatusName(before.status)) + ")");
                    }
                    return Load(tx, org, id);
                  });
}

Result<Job> Cancel(db::Database& db, const Clock& clock, const OrgId& org, std::string_view id) {
  SYN_RETURN_IF_ERROR(RequireOrg(org));
  return db::InTx(db, db::Scope::Tenant(org.str()), db::TxMode::kWrite,
                  [&](db::Tx& tx) -> Result<Job> {
                    SYN_ASSIGN_OR_RETURN(Job before, Load(tx, org, id));
                    SYN_ASSIGN_OR_RETURN(bool done, store::CancelJob(tx, org, id, clock.Now()));
                    if (!done) {
                      return FailedPrecondition("only queued or running jobs can be cancelled (job is " +
                                                std::string(JobStatusName(before.status)) + ")");
                    }
                    return Load(tx, org, id);
                  });
}

Result<int64_t> PurgeDead(db::Database& db, const OrgId& org, std::string_view queue) {
  SYN_RETURN_IF_ERROR(RequireOrg(org));
  return db::InTx(db, db::Scope::Tenant(org.str()), db::TxMode::kWrite,
                  [&](db::Tx& tx) { return store::PurgeDead(tx, org, queue); });
}

Result<Job> Inspect(db::Database& db, std::string_view id) {
  SYN_ASSIGN_OR_RETURN(auto tx, db.Begin(db::Scope::System(), db::TxMode::kRead));
  return Load(*tx, OrgId(), id);
}

Result<int64_t> Depth(db::Database& db, std::string_view queue) {
  SYN_ASSIGN_OR_RETURN(auto tx, db.Begin(db::Scope::System(), db::TxMode::kRead));
  return store::CountActive(*tx, queue);
}

Result<Job> BuildJob(const Clock& clock, Random& random, const EnqueueRequest& r) {
  if (auto bad = ValidateEnqueue(r)) return InvalidArgument("invalid job", {*bad});
  Job j;
  Timestamp now = clock.Now();
  j.id = NewUuidV7(clock, random);
  j.queue = r.queue;
  j.org_id = r.options.org_id;
  j.payload = r.payload.empty() ? "{}" : r.payload;
  j.priority = r.options.priority;
  j.max_attempts = r.options.max_attempts;
  j.timeout = r.options.timeout;
  j.run_at = r.options.run_at ? *r.options.run_at : now + r.options.delay;
  j.idempotency_key = r.options.idempotency_key;
  j.created_at = j.updated_at = now;
  return j;
}

}  // namespace syntera::jobs::admin
