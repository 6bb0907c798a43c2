#pragma once
// The job queue on RabbitMQ (rabbitmq-c 0.11), with job state in the application database.
//
// Enqueue: the job's state row is committed (group commit), then a persistent message (body =
// job id) is published to the durable queue P.<queue> — or to a TTL delay queue that
// dead-letters into it — and Enqueue returns only after the broker's publisher confirm. If
// publishing fails within the publish timeout (reconnecting meanwhile), the row is removed and
// kUnavailable returned. Workers consume with manual acks: a delivery becomes a lease when its
// row moves to running (attempts + 1); success updates the row, then acks; a failed attempt
// updates the row and republishes through a delay queue (retry backoff), then acks; a dead
// job is rejected into the dead-letter exchange (P.<queue>.dead). A worker that dies leaves
// its messages unacked: the broker redelivers them. Duplicates (a message for a job that is
// finished, cancelled or running) are acked and dropped. Connections reconnect by themselves
// after a broker restart. Priority: 0..9 (x-max-priority). See amqp_topology.h for names.
// Status, attempts, last error and progress are read from the database as in SQL mode.

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "base/clock.h"
#include "base/random.h"
#include "db/database.h"
#include "jobs/amqp_connection.h"
#include "jobs/amqp_consumer.h"
#include "jobs/amqp_publisher.h"
#include "jobs/amqp_topology.h"
#include "jobs/job_backend.h"
#include "jobs/job_queue.h"
#include "jobs/write_batcher.h"
#include "obs/logger.h"

namespace syntera::jobs {

struct AmqpOptions {
  std::string url;                  // amqp://user:pass@host:port/vhost
  std::string prefix = "syntera";   // queue and exchange name prefix
  int prefetch = 64;                // unacked deliveries per consumer
  std::chrono::milliseconds publish_timeout{10'000};
  std::chrono::milliseconds reconnect_delay{250};
  bool auto_delete_queues = false;  // tests: queues expire 10 minutes after last use
};

class RabbitMqJobQueue final : public JobQueue, public JobBackend {
 public:
  // Everything must outlive the queue. Throws std::invalid_argument for a malformed URL
  // (start-up misconfiguration). Connects lazily; Connect() checks the broker now.
  RabbitMqJobQueue(db::Database& db, const Clock& clock, Random& random, obs::Logger& logger,
                   AmqpOptions options);
  ~RabbitMqJobQueue() override;

  // Errors: kUnavailable when the broker cannot be reached.
  Result<void> Connect();

  Result<std::string> Enqueue(std::string_view queue, std::string payload,
                              const EnqueueOptions& options) override;
  Result<std::vector<std::string>> EnqueueBatch(std::vector<EnqueueRequest> requests) override;
  Result<Job> Get(const OrgId& org, std::string_view id) override;
  Result<JobPage> List(const OrgId& org, const JobFilter& filter) override;
  Result<Job> Retry(const OrgId& org, std::string_view id) override;
  Result<Job> Cancel(const OrgId& org, std::string_view id) override;
  Result<int64_t> PurgeDead(const OrgId& org, std::string_view queue) override;
  Result<Job> Inspect(std::string_view id) override;
  Result<int64_t> Depth(std::string_view queue) override;

  Result<std::vector<LeasedJob>> Lease(std::string_view queue, int max) override;
  void Complete(const LeasedJob& lease) override;
  void Fail(const LeasedJob& lease, std::string error, std::optional<Timestamp> retry_at) override;
  void Release(const LeasedJob& lease) override;
  Result<void> ReportProgress(const LeasedJob& lease, int percent,
                              std::string_view message) override;
  Result<int64_t> ReapExpired() override;
  Result<void> Flush() override;
  void SetWakeup(std::function<void(std::string_view queue)> fn) override;

 private:
  amqp::Consumer& ConsumerFor(std::string_view queue);
  void Settle(const LeasedJob& lease, amqp::Settlement how);
  Result<std::vector<std::string>> InsertAndPublish(std::vector<Job> jobs);

  db::Database& db_;
  const Clock& clock_;
  Random& random_;
  obs::Logger& logger_;
  AmqpOptions options_;
  amqp::Target target_;
  amqp::Topology topology_;
  WriteBatcher batcher_;
  std::unique_ptr<amqp::Publisher> publisher_;

  std::mutex mu_;  // guards consumers_, wake_
  std::map<std::string, std::unique_ptr<amqp::Consumer>, std::less<>> consumers_;
  std::function<void(std::string_view)> wake_;
};

}  // namespace syntera::jobs
