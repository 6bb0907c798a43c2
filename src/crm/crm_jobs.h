#pragma once
// Job glue of the CRM module (library syntera_crm_jobs, so syntera_crm does not depend on
// syntera_jobs): CSV imports run as jobs on queue "crm.import" with payload {"import_id": …};
// the task.due sweep and CRM housekeeping run every minute on queue "crm.task_due".
//
// Wiring (composition root), before the runner and the cron scheduler start:
//   importer.set_enqueue(crm::JobQueueImportEnqueue(job_queue));
//   crm::RegisterCrmJobs(job_runner, importer);
//   crm::RegisterCrmTaskDue(job_runner, cron, crm_service);

#include "crm/crm_import.h"
#include "crm/crm_service.h"
#include "jobs/cron_scheduler.h"
#include "jobs/job_queue.h"
#include "jobs/job_runner.h"

namespace syntera::crm {

inline constexpr char kImportQueue[] = "crm.import";
inline constexpr char kTaskDueQueue[] = "crm.task_due";

// Registers the kTaskDueQueue handler and its schedule "crm.task_due" (every minute). The
// handler calls CrmService::NotifyDueTasks in batches until none are left (at most 20
// batches per run; the next tick continues).
// A failing run is retried by the runner; task.due stays exactly-once per due time because
// a task is marked in the transaction of its event.
void RegisterCrmTaskDue(jobs::JobRunner& runner, jobs::CronScheduler& cron, CrmService& service);

// Enqueues the import on kImportQueue, org-scoped, idempotency key "crm.import:<id>".
ImportEnqueue JobQueueImportEnqueue(jobs::JobQueue& queue);

// Registers the kImportQueue handler: RunImport, reporting progress through
// JobContext::ReportProgress after every batch (stops when the job was cancelled).
void RegisterCrmJobs(jobs::JobRunner& runner, CrmImporter& importer,
                     jobs::QueueOptions options = {.concurrency = 1, .prefetch = 0});

}  // namespace syntera::crm
