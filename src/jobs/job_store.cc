#include "jobs/job_store.h"

#include <algorithm>
#include <iterator>
#include <string>

namespace syntera::jobs::store {
namespace {

constexpr char kCols[] =
    "id, queue, org_id, payload, status, priority, attempts, max_attempts, timeout_ms, run_at, "
    "lease_until, idempotency_key, last_error, progress, progress_message, created_at, "
    "updated_at, finished_at";

Job JobFromRow(const db::Row& r) {
  Job j;
  j.id = r.Text(0);
  j.queue = r.Text(1);
  j.org_id = OrgId(r.OptText(2).value_or(""));
  j.payload = r.Text(3);
  j.status = ParseJobStatus(r.Text(4)).value_or(JobStatus::kQueued);
  j.priority = static_cast<int>(r.Int(5));
  j.attempts = static_cast<int>(r.Int(6));
  j.max_attempts = static_cast<int>(r.Int(7));
  j.timeout = std::chrono::milliseconds(r.Int(8));
  j.run_at = FromUnixMillis(r.Int(9));
  if (auto l = r.OptInt(10)) j.lease_until = FromUnixMillis(*l);
  j.idempotency_key = r.OptText(11).value_or("");
  j.last_error = r.Text(12);
  j.progress = static_cast<int>(r.Int(13));
  j.progress_message = r.Text(14);
  j.created_at = FromUnixMillis(r.Int(15));
  j.updated_at = FromUnixMillis(r.Int(16));
  if (auto f = r.OptInt(17)) j.finished_at = FromUnixMillis(*f);
  return j;
}

std::vector<Job> JobsFromRows(const db::Rows& rows) {
  std::vector<Job> out;
  out.reserve(rows.size());
  for (const db::Row& r : rows) out.push_back(JobFromRow(r));
  return out;
}

// " AND org_id = ?" when `org` is set.
void AddOrgFilter(const OrgId& org, std::string& sql, std::vector<db::Value>& params) {
  if (org.empty()) return;
  sql += " AND org_id = ?";
  params.push_back(org.str());
}

std::string Sel() { return std::string("SELECT ") + kCols + " FROM jobs"; }

}  // namespace

Result<std::string> InsertJob(db::Tx& tx, const Job& j) {
  SYN_ASSIGN_OR_RETURN(
      int64_t inserted,
      tx.Exec("INSERT INTO jobs (id, queue, org_id, payload, status, priority, attempts, "
              "max_attempts, timeout_ms, run_at, idempotency_key, last_error, progress, "
              "progress_message, created_at, updated_at) "
              "VALUES (?, ?, ?, ?, 'queued', ?, 0, ?, ?, ?, ?, '', 0, '', ?, ?) "
              "ON CONFLICT (queue, idempotency_key) DO NOTHING",
              {j.id, j.queue, j.org_id.empty() ? db::Null() : db::Text(j.org_id.str()),
               j.payload, int64_t{j.priority}, int64_t{j.max_attempts},
               static_cast<int64_t>(j.timeout.count()), ToUnixMillis(j.run_at),
               j.idempotency_key.empty() ? db::Null() : db::Text(j.idempotency_key),
               ToUnixMillis(j.created_at), ToUnixMillis(j.created_at)}));
  if (inserted == 1) return j.id;
  SYN_ASSIGN_OR_RETURN(db::Rows rows,
                       tx.Query("SELECT id FROM jobs WHERE queue = ? AND idempotency_key = ?",
                                {j.queue, j.idempotency_key}));
  if (rows.empty()) return Internal("jobs: idempotency conflict without a row");
  return rows[0].Text(0);
}

Result<std::vector<Job>> LeaseDue(db::Tx& tx, std::string_view queue, Timestamp now, int max) {
  std::string sql =
      "UPDATE jobs SET status = 'running', attempts = attempts + 1, "
      "lease_until = ? + timeout_ms, updated_at = ? WHERE id IN (SELECT id FROM jobs "
      "WHERE queue = ? AND status = 'queued' AND run_at <= ? ORDER BY priority DESC, run_at "
      "LIMIT ?";
  if (tx.dialect() == db::Dialect::kPostgres) sql += " FOR UPDATE SKIP LOCKED";
  sql += std::string(") RETURNING ") + kCols;
  int64_t t = ToUnixMillis(now);
  SYN_ASSIGN_OR_RETURN(db::Rows rows,
                       tx.Query(sql, {t, t, std::string(queue), t, int64_t{max}}));
  std::vector<Job> jobs = JobsFromRows(rows);
  std::sort(jobs.begin(), jobs.end(), [](const Job& a, const Job& b) {
    if (a.priority != b.priority) return a.priority > b.priority;
    return a.run_at < b.run_at;
  });
  return jobs;
}

Result<std::optional<Job>> StartJob(db::Tx& tx, std::string_view id, Timestamp now,
                                    Delivery delivery) {
  int64_t t = ToUnixMillis(now);
  const char* states = delivery == Delivery::kRedelivered ? "('queued', 'running')" : "('queued')";
  SYN_ASSIGN_OR_RETURN(
      db::Rows rows,
      tx.Query(std::string("UPDATE jobs SET status = 'running', attempts = attempts + 1, "
                           "lease_until = ? + timeout_ms, updated_at = ? WHERE id = ? AND "
                           "status IN ") + states + " RETURNING " + kCols,
               {t, t, std::string(id)}));
  if (rows.empty()) return std::optional<Job>();
  return std::optional<Job>(JobFromRow(rows[0]));
}

Result<void> DeleteUnstarted(db::Tx& tx, std::string_view id) {
  SYN_RETURN_IF_ERROR(tx.Exec("DELETE FROM jobs WHERE id = ? AND status = 'queued' AND attempts = 0",
                              {std::string(id)}));
  return Ok();
}

Result<bool> CompleteJob(db::Tx& tx, std::string_view id, int fence, Timestamp now) {
  int64_t t = ToUnixMillis(now);
  SYN_ASSIGN_OR_RETURN(
      int64_t n, tx.Exec("UPDATE jobs SET status = 'succeeded', progress = 100, lease_until = NULL, "
                         "updated_at = ?, finished_at = ? WHERE id = ? AND attempts = ? AND "
                         "status = 'running'",
                         {t, t, std::string(id), int64_t{fence}}));
  return n == 1;
}

Result<int64_t> CompleteJobs(db::Tx& tx, const std::vector<Completion>& done, Timestamp now) {
  // Statement sizes come from a fixed set (the last job repeats to fill one), so only a few
  // statements are ever prepared. The fence of each id is picked by a CASE.
  static constexpr size_t kSizes[] = {1, 4, 16, 64, 256};
  int64_t t = ToUnixMillis(now);
  int64_t completed = 0;
  for (size_t start = 0; start < done.size();) {
    size_t left = done.size() - start;
    size_t size = kSizes[std::size(kSizes) - 1];
    for (size_t s : kSizes) {
      if (s >= left) {
        size = s;
        break;
      }
    }
    size_t n = std::min(size, left);
    std::string in, fences;
    std::vector<db::Value> params(2 + 3 * size);
    params[0] = t;
    params[1] = t;
    for (size_t i = 0; i < size; ++i) {
      const Completion& c = done[start + std::min(i, n - 1)];
      in += i == 0 ? "?" : ", ?";
      fences += " WHEN ? THEN ?";
      params[2 + i] = c.id;
      params[2 + size + 2 * i] = c.id;
      params[2 + size + 2 * i + 1] = static_cast<int64_t>(c.fence);
    }
    SYN_ASSIGN_OR_RETURN(
        int64_t changed,
        tx.Exec("UPDATE jobs SET status = 'succeeded', progress = 100, lease_until = NULL, "
                "updated_at = ?, finished_at = ? WHERE id IN (" + in + ") AND "
                "status = 'running' AND attempts = CASE id" + fences + " END",
                params));
    completed += changed;
    start += n;
  }
  return completed;
}

Result<bool> FailJob(db::Tx& tx, std::string_view id, int fence, std::string_view error,
                     std::optional<Timestamp> retry_at, Timestamp now) {
  int64_t t = ToUnixMillis(now);
  std::string err(error.substr(0, 4000));
  int64_t n = 0;
  if (retry_at) {
    SYN_ASSIGN_OR_RETURN(n, tx.Exec("UPDATE jobs SET status = 'queued', run_at = ?, "
                                    "lease_until = NULL, last_error = ?, updated_at = ? WHERE "
                                    "id = ? AND attempts = ? AND status = 'running'",
                                    {ToUnixMillis(*retry_at), err, t, std::string(id),
                                     int64_t{fence}}));
  } else {
    SYN_ASSIGN_OR_RETURN(n, tx.Exec("UPDATE jobs SET status = 'dead', lease_until = NULL, "
                                    "last_error = ?, updated_at = ?, finished_at = ? WHERE "
                                    "id = ? AND attempts = ? AND status = 'running'",
                                    {err, t, t, std::string(id), int64_t{fence}}));
  }
  return n == 1;
}

Result<bool> ReleaseJob(db::Tx& tx, std::string_view id, int fence, Timestamp now) {
  int64_t t = ToUnixMillis(now);
  SYN_ASSIGN_OR_RETURN(
      int64_t n, tx.Exec("UPDATE jobs SET status = 'queued', attempts = attempts - 1, run_at = ?, "
                         "lease_until = NULL, updated_at = ? WHERE id = ? AND attempts = ? AND "
                         "status = 'running'",
                         {t, t, std::string(id), int64_t{fence}}));
  return n == 1;
}

Result<bool> UpdateProgress(db::Tx& tx, std::string_view id, int fence, int percent,
                            std::string_view message, Timestamp now) {
  int64_t t = ToUnixMillis(now);
  SYN_ASSIGN_OR_RETURN(
      int64_t n,
      tx.Exec("UPDATE jobs SET progress = ?, progress_message = ?, lease_until = ? + timeout_ms, "
              "updated_at = ? WHERE id = ? AND attempts = ? AND status = 'running'",
              {int64_t{std::clamp(percent, 0, 100)}, std::string(message.substr(0, 500)), t, t,
               std::string(id), int64_t{fence}}));
  return n == 1;
}

Result<int64_t> ReapExpired(db::Tx& tx, Timestamp now) {
  int64_t t = ToUnixMillis(now);
  return tx.Exec(
      "UPDATE jobs SET status = CASE WHEN attempts >= max_attempts THEN 'dead' ELSE 'queued' END, "
      "finished_at = CASE WHEN attempts >= max_attempts THEN ? ELSE NULL END, run_at = ?, "
      "lease_until = NULL, last_error = 'lease expired: the worker died or exceeded the timeout', "
      "updated_at = ? WHERE status = 'running' AND lease_until <= ?",
      {t, t, t, t});
}

Result<std::optional<Job>> GetJob(db::Tx& tx, const OrgId& org, std::string_view id) {
  std::string sql = Sel() + " WHERE id = ?";
  std::vector<db::Value> params = {std::string(id)};
  AddOrgFilter(org, sql, params);
  SYN_ASSIGN_OR_RETURN(db::Rows rows, tx.Query(sql, params));
  if (rows.empty()) return std::optional<Job>();
  return std::optional<Job>(JobFromRow(rows[0]));
}

Result<std::vector<Job>> ListJobs(db::Tx& tx, const OrgId& org, const JobFilter& f) {
  std::string sql = Sel() + " WHERE 1 = 1";
  std::vector<db::Value> params;
  AddOrgFilter(org, sql, params);
  if (!f.queue.empty()) {
    sql += " AND queue = ?";
    params.push_back(f.queue);
  }
  if (f.status) {
    sql += " AND status = ?";
    params.push_back(std::string(JobStatusName(*f.status)));
  }
  if (!f.after_id.empty()) {
    sql += " AND id < ?";
    params.push_back(f.after_id);
  }
  sql += " ORDER BY id DESC LIMIT ?";
  params.push_back(int64_t{f.limit});
  SYN_ASSIGN_OR_RETURN(db::Rows rows, tx.Query(sql, params));
  return JobsFromRows(rows);
}

Result<bool> RetryJob(db::Tx& tx, const OrgId& org, std::string_view id, Timestamp now) {
  int64_t t = ToUnixMillis(now);
  std::string sql =
      "UPDATE jobs SET status = 'queued', attempts = 0, run_at = ?, finished_at = NULL, "
      "progress = 0, progress_message = '', updated_at = ? WHERE id = ? AND "
      "status IN ('dead', 'cancelled')";
  std::vector<db::Value> params = {t, t, std::string(id)};
  AddOrgFilter(org, sql, params);
  SYN_ASSIGN_OR_RETURN(int64_t n, tx.Exec(sql, params));
  return n == 1;
}

Result<bool> CancelJob(db::Tx& tx, const OrgId& org, std::string_view id, Timestamp now) {
  int64_t t = ToUnixMillis(now);
  std::string sql =
      "UPDATE jobs SET status = 'cancelled', lease_until = NULL, updated_at = ?, finished_at = ? "
      "WHERE id = ? AND status IN ('queued', 'running')";
  std::vector<db::Value> params = {t, t, std::string(id)};
  AddOrgFilter(org, sql, params);
  SYN_ASSIGN_OR_RETURN(int64_t n, tx.Exec(sql, params));
  return n == 1;
}

Result<int64_t> PurgeDead(db::Tx& tx, const OrgId& org, std::string_view queue) {
  std::string sql = "DELETE FROM jobs WHERE status = 'dead'";
  std::vector<db::Value> params;
  AddOrgFilter(org, sql, params);
  if (!queue.empty()) {
    sql += " AND queue = ?";
    params.push_back(std::string(queue));
  }
  return tx.Exec(sql, params);
}

Result<int64_t> CountActive(db::Tx& tx, std::string_view queue) {
  SYN_ASSIGN_OR_RETURN(
      db::Rows rows,
      tx.Query("SELECT COUNT(*) FROM jobs WHERE queue = ? AND status IN ('queued', 'running')",
               {std::string(queue)}));
  return rows[0].Int(0);
}

}  // namespace syntera::jobs::store
