#include "crm/task_due_store.h"

#include "crm/record_store.h"
#include "crm/store_util.h"

namespace syntera::crm::store {
namespace {

// Same predicate as the partial index crm_tasks_due_pending_idx (migration 4), so both
// engines use it.
constexpr std::string_view kPending =
    "due_at IS NOT NULL AND done_at IS NULL AND due_notified_at IS NULL AND due_at <= ?";

}  // namespace

Result<std::vector<std::pair<OrgId, TaskId>>> FindDueTasks(db::Tx& tx, Timestamp now, int limit) {
  SYN_ASSIGN_OR_RETURN(db::Rows rows,
                       tx.Query("SELECT org_id, id FROM crm_tasks WHERE " + std::string(kPending) +
                                    " ORDER BY due_at, id LIMIT ?",
                                {TimeValue(now), db::Int(limit)}));
  std::vector<std::pair<OrgId, TaskId>> out;
  for (const auto& r : rows) out.emplace_back(OrgId(r.Text(0)), TaskId(r.Text(1)));
  return out;
}

Result<std::optional<Task>> ClaimDueTask(db::Tx& tx, const OrgId& org, const TaskId& id,
                                         Timestamp now) {
  SYN_ASSIGN_OR_RETURN(int64_t n, tx.Exec("UPDATE crm_tasks SET due_notified_at = ? WHERE "
                                          "org_id = ? AND id = ? AND " + std::string(kPending),
                                          {TimeValue(now), db::Text(org.str()),
                                           db::Text(id.str()), TimeValue(now)}));
  if (n == 0) return std::optional<Task>();
  return FindTask(tx, org, id);
}

Result<void> ResetTaskDue(db::Tx& tx, const OrgId& org, const TaskId& id) {
  SYN_RETURN_IF_ERROR(
      tx.Exec("UPDATE crm_tasks SET due_notified_at = NULL WHERE org_id = ? AND id = ?",
              {db::Text(org.str()), db::Text(id.str())}));
  return Ok();
}

}  // namespace syntera::crm::store
