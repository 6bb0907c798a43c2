// CrmService: system work run by jobs (no principal): the task.due sweep.

#include <map>

#include "crm/crm_service.h"
#include "crm/task_due_store.h"

namespace syntera::crm {

Result<int> CrmService::NotifyDueTasks(int max_tasks) {
  const Timestamp now = Now();
  // Which tasks are due is a cross-tenant question (system scope, read only); each
  // organization's tasks are then claimed and announced in its own tenant transaction.
  SYN_ASSIGN_OR_RETURN(auto due, db::InTx(db_, db::Scope::System(), db::TxMode::kRead,
                                          [&](db::Tx& tx) {
                                            return store::FindDueTasks(tx, now, max_tasks);
                                          }));
  std::map<std::string, std::vector<TaskId>> by_org;
  for (auto& [org, task] : due) by_org[org.str()].push_back(std::move(task));
  int emitted = 0;
  for (const auto& [org, tasks] : by_org) {
    Principal system;
    system.org_id = OrgId(org);
    SYN_ASSIGN_OR_RETURN(int n, db::InTx(db_, ScopeOf(system), db::TxMode::kWrite,
                                         [&](db::Tx& tx) -> Result<int> {
      int count = 0;
      for (const TaskId& id : tasks) {
        SYN_ASSIGN_OR_RETURN(auto task, store::ClaimDueTask(tx, system.org_id, id, now));
        if (!task) continue;
        auto opt_id = [](const auto& v) -> std::optional<std::string> {
          if (!v) return std::nullopt;
          return v->str();
        };
        SYN_RETURN_IF_ERROR(Emit(tx, system, "task.due", "task", id.str(),
                                 PayloadBuilder()
                                     .Str("task_id", id.str())
                                     .Str("title", task->title)
                                     .Str("due_at", FormatRfc3339(*task->due_at))
                                     .OptStr("assignee_id", opt_id(task->assignee_id))
                                     .OptStr("contact_id", opt_id(task->link.contact_id))
                                     .OptStr("company_id", opt_id(task->link.company_id))
                                     .OptStr("deal_id", opt_id(task->link.deal_id))
                                     .Build()));
        ++count;
      }
      return count;
    }));
    emitted += n;
  }
  return emitted;
}

}  // namespace syntera::crm
