#pragma once
// Admin HTTP routes of the job queue (admin+, the caller's organization only; system jobs
// without an organization are never visible here):
//   GET    /api/v1/admin/jobs?queue=&status=&limit=&cursor=
//   GET    /api/v1/admin/jobs/{id}
//   POST   /api/v1/admin/jobs/{id}/retry    (dead or cancelled → queued)
//   POST   /api/v1/admin/jobs/{id}/cancel   (queued or running → cancelled)
//   DELETE /api/v1/admin/jobs/dead?queue=   (purge dead jobs; 200 {"deleted": n})

#include "http/router.h"
#include "jobs/job_queue.h"

namespace syntera::jobs {

// Adds the routes; `queue` must outlive the router.
void AddJobRoutes(http::Router& router, JobQueue& queue);

}  // namespace syntera::jobs
