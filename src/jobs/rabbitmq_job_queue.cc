#include "jobs/rabbitmq_job_queue.h"

#include <stdexcept>
#include <utility>

#include "jobs/job_store.h"
#include "jobs/sql_job_queue.h"

namespace syntera::jobs {
namespace {

amqp::Target TargetOrThrow(const std::string& url) {
  auto t = amqp::ParseUrl(url);
  if (!t.ok()) throw std::invalid_argument(t.error().message);
  return *t;
}

}  // namespace

RabbitMqJobQueue::RabbitMqJobQueue(db::Database& db, const Clock& clock, Random& random,
                                   obs::Logger& logger, AmqpOptions options)
    : db_(db),
      clock_(clock),
      random_(random),
      logger_(logger),
      options_(std::move(options)),
      target_(TargetOrThrow(options_.url)),
      topology_{options_.prefix, options_.auto_delete_queues},
      batcher_(db, 4096),
      publisher_(std::make_unique<amqp::Publisher>(
          target_, topology_, logger,
          amqp::PublisherOptions{options_.publish_timeout, options_.reconnect_delay})) {}

RabbitMqJobQueue::~RabbitMqJobQueue() {
  {
    std::lock_guard lock(mu_);
    consumers_.clear();  // stops consumer threads; unacked messages go back to the queue
  }
  (void)batcher_.Flush();
  publisher_.reset();
}

Result<void> RabbitMqJobQueue::Connect() { return publisher_->Connect(); }

void RabbitMqJobQueue::SetWakeup(std::function<void(std::string_view)> fn) {
  std::lock_guard lock(mu_);
  wake_ = std::move(fn);
}

amqp::Consumer& RabbitMqJobQueue::ConsumerFor(std::string_view queue) {
  std::lock_guard lock(mu_);
  auto it = consumers_.find(queue);
  if (it != consumers_.end()) return *it->second;
  std::string name(queue);
  auto c = std::make_unique<amqp::Consumer>(target_, topology_, name, options_.prefetch,
                                            options_.reconnect_delay, logger_, [this, name] {
                                              std::function<void(std::string_view)> fn;
                                              {
                                                std::lock_guard guard(mu_);
                                                fn = wake_;
                                              }
                                              if (fn) fn(name);
                                            });
  return *consumers_.emplace(name, std::move(c)).first->second;
}

Result<std::vector<std::string>> RabbitMqJobQueue::InsertAndPublish(std::vector<Job> jobs) {
  std::vector<std::string> ids;
  SYN_RETURN_IF_ERROR(batcher_
                          .Submit([&jobs, &ids](db::Tx& tx) -> Result<void> {
                            ids.clear();
                            for (const Job& j : jobs) {
                              SYN_ASSIGN_OR_RETURN(std::string id, store::InsertJob(tx, j));
                              ids.push_back(std::move(id));
                            }
                            return Ok();
                          })
                          .get());
  std::vector<amqp::OutMessage> messages;
  std::vector<std::string> fresh;
  Timestamp now = clock_.Now();
  for (size_t i = 0; i < jobs.size(); ++i) {
    if (ids[i] != jobs[i].id) continue;  // idempotent repeat: already published
    auto delay = std::chrono::duration_cast<std::chrono::milliseconds>(jobs[i].run_at - now);
    messages.push_back({jobs[i].queue, jobs[i].id, jobs[i].priority, delay});
    fresh.push_back(jobs[i].id);
  }
  if (messages.empty()) return ids;
  Result<void> published = publisher_->Publish(std::move(messages)).get();
  if (!published.ok()) {
    // Not acknowledged: remove the rows so a retry with the same idempotency key publishes.
    auto removed = db::InTx(db_, db::Scope::System(), db::TxMode::kWrite, [&](db::Tx& tx) -> Result<void> {
      for (const std::string& id : fresh) SYN_RETURN_IF_ERROR(store::DeleteUnstarted(tx, id));
      return Ok();
    });
    if (!removed.ok()) {
      logger_.Error("amqp_enqueue_orphans", {{"error", removed.error().message}});
    }
    return published.error();
  }
  return ids;
}

Result<std::string> RabbitMqJobQueue::Enqueue(std::string_view queue, std::string payload,
                                              const EnqueueOptions& options) {
  SYN_ASSIGN_OR_RETURN(Job job, admin::BuildJob(clock_, random_,
                                                {std::string(queue), std::move(payload), options}));
  std::vector<Job> jobs;
  jobs.push_back(std::move(job));
  SYN_ASSIGN_OR_RETURN(std::vector<std::string> ids, InsertAndPublish(std::move(jobs)));
  return ids.at(0);
}

Result<std::vector<std::string>> RabbitMqJobQueue::EnqueueBatch(
    std::vector<EnqueueRequest> requests) {
  std::vector<Job> jobs;
  for (const EnqueueRequest& r : requests) {
    SYN_ASSIGN_OR_RETURN(Job job, admin::BuildJob(clock_, random_, r));
    jobs.push_back(std::move(job));
  }
  return InsertAndPublish(std::move(jobs));
}

Result<Job> RabbitMqJobQueue::Get(const OrgId& org, std::string_view id) {
  return admin::Get(db_, org, id);
}
Result<JobPage> RabbitMqJobQueue::List(const OrgId& org, const JobFilter& filter) {
  return admin::List(db_, org, filter);
}
Result<Job> RabbitMqJobQueue::Retry(const OrgId& org, std::string_view id) {
  SYN_ASSIGN_OR_RETURN(Job job, admin::Retry(db_, clock_, org, id));
  SYN_RETURN_IF_ERROR(publisher_->Publish({{job.queue, job.id, job.priority, {}}}).get());
  return job;
}
Result<Job> RabbitMqJobQueue::Cancel(const OrgId& org, std::string_view id) {
  return admin::Cancel(db_, clock_, org, id);  // its message is dropped when delivered
}
Result<int64_t> RabbitMqJobQueue::PurgeDead(const OrgId& org, std::string_view queue) {
  return admin::PurgeDead(db_, org, queue);
}
Result<Job> RabbitMqJobQueue::Inspect(std::string_view id) { return admin::Inspect(db_, id); }
Result<int64_t> RabbitMqJobQueue::Depth(std::string_view queue) {
  return admin::Depth(db_, queue);
}

Result<std::vector<LeasedJob>> RabbitMqJobQueue::Lease(std::string_view queue, int max) {
  amqp::Consumer& consumer = ConsumerFor(queue);
  std::vector<amqp::Received> got = consumer.Take(max);
  if (got.empty()) return std::vector<LeasedJob>();
  Timestamp now = clock_.Now();
  std::vector<std::optional<Job>> started(got.size());
  // Through the group commit, like the state writes of enqueues and completions: no commit
  // (and on SQLite no fsync) of its own.
  auto tx_result = batcher_.Submit([&](db::Tx& tx) -> Result<void> {
    for (size_t i = 0; i < got.size(); ++i) {
      auto kind = got[i].redelivered ? store::Delivery::kRedelivered : store::Delivery::kFirst;
      SYN_ASSIGN_OR_RETURN(started[i], store::StartJob(tx, got[i].job_id, now, kind));
      if (started[i] && started[i]->attempts > started[i]->max_attempts) {
        SYN_RETURN_IF_ERROR(store::FailJob(tx, got[i].job_id, started[i]->attempts,
                                           "worker died during every attempt", std::nullopt, now));
        started[i]->status = JobStatus::kDead;
      }
    }
    return Ok();
  }).get();
  if (!tx_result.ok()) {
    for (const auto& r : got) consumer.Settle(r.generation, r.tag, amqp::Settlement::kRequeue);
    return tx_result.error();
  }
  std::vector<LeasedJob> leases;
  for (size_t i = 0; i < got.size(); ++i) {
    if (!started[i]) {  // finished, cancelled, unknown or a duplicate
      consumer.Settle(got[i].generation, got[i].tag, amqp::Settlement::kAck);
      continue;
    }
    if (started[i]->status == JobStatus::kDead) {
      consumer.Settle(got[i].generation, got[i].tag, amqp::Settlement::kDeadLetter);
      continue;
    }
    consumer.SetDeadline(got[i], now + started[i]->timeout);
    LeasedJob l;
    l.fence = started[i]->attempts;
    l.job = std::move(*started[i]);
    l.handle_a = got[i].generation;
    l.handle_b = got[i].tag;
    leases.push_back(std::move(l));
  }
  return leases;
}

void RabbitMqJobQueue::Settle(const LeasedJob& lease, amqp::Settlement how) {
  ConsumerFor(lease.job.queue).Settle(lease.handle_a, lease.handle_b, how);
}

void RabbitMqJobQueue::Complete(const LeasedJob& lease) {
  Timestamp now = clock_.Now();
  batcher_.SubmitAsync(
      [id = lease.job.id, fence = lease.fence, now](db::Tx& tx) -> Result<void> {
        SYN_RETURN_IF_ERROR(store::CompleteJob(tx, id, fence, now));
        return Ok();
      },
      [this, lease](const Result<void>& r) {
        Settle(lease, r.ok() ? amqp::Settlement::kAck : amqp::Settlement::kRequeue);
      });
}

void RabbitMqJobQueue::Fail(const LeasedJob& lease, std::string error,
                            std::optional<Timestamp> retry_at) {
  Timestamp now = clock_.Now();
  batcher_.SubmitAsync(
      [id = lease.job.id, fence = lease.fence, error = std::move(error), retry_at,
       now](db::Tx& tx) -> Result<void> {
        SYN_RETURN_IF_ERROR(store::FailJob(tx, id, fence, error, retry_at, now));
        return Ok();
      },
      [this, lease, retry_at, now](const Result<void>& r) {
        if (!r.ok()) return Settle(lease, amqp::Settlement::kRequeue);
        if (!retry_at) return Settle(lease, amqp::Settlement::kDeadLetter);
        auto delay = std::chrono::duration_cast<std::chrono::milliseconds>(*retry_at - now);
        publisher_->PublishAsync({{lease.job.queue, lease.job.id, lease.job.priority, delay}},
                                 [this, lease](const Result<void>& published) {
                                   Settle(lease, published.ok() ? amqp::Settlement::kAck
                                                                : amqp::Settlement::kRequeue);
                                 });
      });
}

void RabbitMqJobQueue::Release(const LeasedJob& lease) {
  Timestamp now = clock_.Now();
  batcher_.SubmitAsync(
      [id = lease.job.id, fence = lease.fence, now](db::Tx& tx) -> Result<void> {
        SYN_RETURN_IF_ERROR(store::ReleaseJob(tx, id, fence, now));
        return Ok();
      },
      [this, lease](const Result<void>&) { Settle(lease, amqp::Settlement::kRequeue); });
}

Result<void> RabbitMqJobQueue::ReportProgress(const LeasedJob& lease, int percent,
                                              std::string_view message) {
  Timestamp now = clock_.Now();
  SYN_ASSIGN_OR_RETURN(bool held,
                       db::InTx(db_, db::Scope::System(), db::TxMode::kWrite, [&](db::Tx& tx) {
                         return store::UpdateProgress(tx, lease.job.id, lease.fence, percent,
                                                      message, now);
                       }));
  if (!held) return FailedPrecondition("job was cancelled or its lease was lost");
  amqp::Received r{lease.handle_a, lease.handle_b, false, lease.job.id};
  ConsumerFor(lease.job.queue).SetDeadline(r, now + lease.job.timeout);
  return Ok();
}

Result<int64_t> RabbitMqJobQueue::ReapExpired() {
  Timestamp now = clock_.Now();
  SYN_ASSIGN_OR_RETURN(int64_t rows,
                       db::InTx(db_, db::Scope::System(), db::TxMode::kWrite,
                                [&](db::Tx& tx) { return store::ReapExpired(tx, now); }));
  int64_t local = 0;
  std::lock_guard lock(mu_);
  for (auto& [name, consumer] : consumers_) local += consumer->RequeueExpired(now);
  return std::max(rows, local);
}

Result<void> RabbitMqJobQueue::Flush() { return batcher_.Flush(); }

}  // namespace syntera::jobs
