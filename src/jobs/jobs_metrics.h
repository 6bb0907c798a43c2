#pragma once
// Queue depth in /metrics: `syntera_jobs_queue_depth{queue}` (queued + running), computed
// when /metrics is rendered. Processed/failed/dead counters and the handler duration
// histogram are registered by JobRunner.

#include <string>
#include <vector>

#include "jobs/job_queue.h"
#include "obs/metrics.h"

namespace syntera::jobs {

// `queue` must outlive `metrics` (or at least its last Render()).
void AddQueueDepthGauges(obs::MetricsRegistry& metrics, JobQueue& queue,
                         const std::vector<std::string>& queues);

}  // namespace syntera::jobs
