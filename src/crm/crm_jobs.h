#pragma once
// Job glue of the CRM module (library syntera_crm_jobs, so syntera_crm does not depend on
// syntera_jobs): CSV imports run as jobs on queue "crm.import" with payload {"import_id": …}.
//
// Wiring (composition root), before the runner starts:
//   importer.set_enqueue(crm::JobQueueImportEnqueue(job_queue));
//   crm::RegisterCrmJobs(job_runner, importer);

#include "crm/crm_import.h"
#include "jobs/job_queue.h"
#include "jobs/job_runner.h"

namespace syntera::crm {

inline constexpr char kImportQueue[] = "crm.import";

// Enqueues the import on kImportQueue, org-scoped, idempotency key "crm.import:<id>".
ImportEnqueue JobQueueImportEnqueue(jobs::JobQueue& queue);

// Registers the kImportQueue handler: RunImport, reporting progress through
// JobContext::ReportProgress after every batch (stops when the job was cancelled).
void RegisterCrmJobs(jobs::JobRunner& runner, CrmImporter& importer,
                     jobs::QueueOptions options = {.concurrency = 1, .prefetch = 0});

}  // namespace syntera::crm
