#pragma once
// SQL of the task.due sweep (CrmService::NotifyDueTasks). A task is pending while it has a
// due time, is not done and its task.due event was not emitted for that due time
// (crm_tasks.due_notified_at IS NULL; a partial index keeps the sweep cheap).

#include <optional>
#include <utility>
#include <vector>

#include "base/result.h"
#include "crm/crm_types.h"
#include "db/database.h"

namespace syntera::crm::store {

// (organization, task) of up to `limit` pending tasks due at or before `now`, earliest due
// first, across organizations: call in a system-scope transaction.
Result<std::vector<std::pair<OrgId, TaskId>>> FindDueTasks(db::Tx& tx, Timestamp now, int limit);
// Marks the task notified when it is still pending and due at or before `now`, and returns
// it; nullopt when another sweep took it, it was done or rescheduled meanwhile.
Result<std::optional<Task>> ClaimDueTask(db::Tx& tx, const OrgId& org, const TaskId& id,
                                         Timestamp now);
// Makes the task pending again (its due time changed).
Result<void> ResetTaskDue(db::Tx& tx, const OrgId& org, const TaskId& id);

}  // namespace syntera::crm::store
