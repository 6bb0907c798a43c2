#include "jobs/job_types.h"

namespace syntera::jobs {

std::string_view JobStatusName(JobStatus s) {
  switch (s) {
    case JobStatus::kQueued: return "queued";
    case JobStatus::kRunning: return "running";
    case JobStatus::kSucceeded: return "succeeded";
    case JobStatus::kDead: return "dead";
    case JobStatus::kCancelled: return "cancelled";
  }
  return "queued";
}

std::optional<JobStatus> ParseJobStatus(std::string_view name) {
  for (JobStatus s : {JobStatus::kQueued, JobStatus::kRunning, JobStatus::kSucceeded,
                      JobStatus::kDead, JobStatus::kCancelled}) {
    if (JobStatusName(s) == name) return s;
  }
  return std::nullopt;
}

std::optional<FieldError> ValidateEnqueue(const EnqueueRequest& r) {
  const std::string& q = r.queue;
  if (q.empty() || q.size() > kMaxQueueNameLength) {
    return FieldError{"queue", "must be 1 to 64 characters"};
  }
  for (char c : q) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
    if (!ok) return FieldError{"queue", "may contain only a-z, 0-9, '_', '.' and '-'"};
  }
  if (r.payload.size() > kMaxPayloadBytes) return FieldError{"payload", "must be at most 1 MiB"};
  const EnqueueOptions& o = r.options;
  if (o.max_attempts < 1 || o.max_attempts > 100) {
    return FieldError{"max_attempts", "must be between 1 and 100"};
  }
  if (o.timeout < std::chrono::milliseconds(1) || o.timeout > std::chrono::hours(24)) {
    return FieldError{"timeout", "must be between 1 ms and 24 h"};
  }
  if (o.delay.count() < 0) return FieldError{"delay", "must not be negative"};
  if (o.idempotency_key.size() > kMaxIdempotencyKeyLength) {
    return FieldError{"idempotency_key", "must be at most 200 characters"};
  }
  return std::nullopt;
}

}  // namespace syntera::jobs
