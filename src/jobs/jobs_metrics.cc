#include "jobs/jobs_metrics.h"

namespace syntera::jobs {

void AddQueueDepthGauges(obs::MetricsRegistry& metrics, JobQueue& queue,
                         const std::vector<std::string>& queues) {
  for (const std::string& name : queues) {
    JobQueue* q = &queue;
    metrics.AddCallbackGauge("syntera_jobs_queue_depth", "Jobs queued or running", {{"queue", name}},
                             [q, name] {
                               auto d = q->Depth(name);
                               return d.ok() ? static_cast<double>(*d) : -1.0;
                             });
  }
}

}  // namespace syntera::jobs
