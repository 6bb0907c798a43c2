#pragma once
// Value types of the job queue: what a job is, how it is enqueued and how it is listed.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/error.h"
#include "base/ids.h"

namespace syntera::jobs {

// queued: waiting for run_at (first run or a retry); running: leased by a worker;
// succeeded; dead: gave up after max_attempts (last_error says why); cancelled.
enum class JobStatus { kQueued, kRunning, kSucceeded, kDead, kCancelled };
std::string_view JobStatusName(JobStatus s);
std::optional<JobStatus> ParseJobStatus(std::string_view name);

inline constexpr size_t kMaxQueueNameLength = 64;
inline constexpr size_t kMaxPayloadBytes = 1 << 20;
inline constexpr size_t kMaxIdempotencyKeyLength = 200;

struct EnqueueOptions {
  // When to run first: run_at if set, else now + delay.
  std::optional<Timestamp> run_at;
  std::chrono::milliseconds delay{0};
  int priority = 0;                 // higher runs first among due jobs (SQL backends)
  // Enqueueing the same (queue, key) again returns the first job's id and adds nothing.
  // Handlers can also use it to make their effect idempotent (JobContext::idempotency_key()).
  std::string idempotency_key;
  int max_attempts = 5;             // 1..100; then the job is dead
  std::chrono::milliseconds timeout{std::chrono::minutes(5)};  // lease per attempt
  OrgId org_id;                     // the tenant; empty for system jobs (invisible to tenants)
};

struct Job {
  std::string id;
  std::string queue;
  OrgId org_id;
  std::string payload;              // JSON text
  JobStatus status = JobStatus::kQueued;
  int priority = 0;
  int attempts = 0;                 // attempts started so far
  int max_attempts = 5;
  std::chrono::milliseconds timeout{0};
  Timestamp run_at{};
  std::optional<Timestamp> lease_until;
  std::string idempotency_key;
  std::string last_error;
  int progress = 0;                 // percent 0..100
  std::string progress_message;
  Timestamp created_at{};
  Timestamp updated_at{};
  std::optional<Timestamp> finished_at;
};

struct JobFilter {
  std::string queue;                   // "" = any
  std::optional<JobStatus> status;
  std::string after_id;                // cursor: ids are UUID v7, listed newest first
  int limit = 50;
};

struct JobPage {
  std::vector<Job> items;
  std::optional<std::string> next_after;
};

struct EnqueueRequest {
  std::string queue;
  std::string payload;
  EnqueueOptions options;
};
// Checks the queue name ([a-z0-9_.-], 1..64), payload size and options; returns the first
// bad field, or nullopt when the request is valid.
std::optional<FieldError> ValidateEnqueue(const EnqueueRequest& request);

}  // namespace syntera::jobs
