#include "jobs/amqp_consumer.h"

#include <limits>

namespace syntera::jobs::amqp {

Consumer::Consumer(Target target, Topology topology, std::string queue, int prefetch,
                   std::chrono::milliseconds reconnect_delay, obs::Logger& logger,
                   std::function<void()> on_message)
    : target_(std::move(target)),
      topology_(std::move(topology)),
      queue_(std::move(queue)),
      prefetch_(prefetch),
      reconnect_delay_(reconnect_delay),
      logger_(logger),
      on_message_(std::move(on_message)),
      thread_([this] { Loop(); }) {}

Consumer::~Consumer() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

std::vector<Received> Consumer::Take(int max) {
  std::lock_guard lock(mu_);
  std::vector<Received> out;
  while (!buffer_.empty() && static_cast<int>(out.size()) < max) {
    Received r = std::move(buffer_.front());
    buffer_.pop_front();
    in_flight_[r.tag] = Timestamp::max();
    out.push_back(std::move(r));
  }
  return out;
}

void Consumer::SetDeadline(const Received& r, Timestamp deadline) {
  std::lock_guard lock(mu_);
  if (r.generation != generation_) return;
  if (auto it = in_flight_.find(r.tag); it != in_flight_.end()) it->second = deadline;
}

void Consumer::Settle(uint64_t generation, uint64_t tag, Settlement how) {
  std::lock_guard lock(mu_);
  if (generation != generation_ || in_flight_.erase(tag) == 0) return;
  to_settle_.emplace_back(tag, how);
}

int Consumer::RequeueExpired(Timestamp now) {
  std::lock_guard lock(mu_);
  int n = 0;
  for (auto it = in_flight_.begin(); it != in_flight_.end();) {
    if (it->second <= now) {
      to_settle_.emplace_back(it->first, Settlement::kRequeue);
      it = in_flight_.erase(it);
      ++n;
    } else {
      ++it;
    }
  }
  return n;
}

void Consumer::Drop(const std::string& why) {
  conn_.reset();
  std::lock_guard lock(mu_);
  buffer_.clear();
  in_flight_.clear();
  to_settle_.clear();
  ++generation_;  // late settlements of the old connection are ignored
  logger_.Warn("amqp_consumer_disconnected", {{"queue", queue_}, {"error", why}});
}

void Consumer::Loop() {
  std::unique_lock lock(mu_);
  while (!stop_) {
    lock.unlock();
    if (!conn_) {
      auto c = Connection::Open(target_, 10, /*confirms=*/false, std::chrono::milliseconds(3000));
      Result<void> ready = c.ok() ? Ok() : Result<void>(c.error());
      if (ready.ok()) ready = topology_.DeclareQueue(**c, queue_);
      if (ready.ok()) ready = (*c)->Qos(prefetch_);
      if (ready.ok()) ready = (*c)->Consume(topology_.Main(queue_));
      if (!ready.ok()) {
        lock.lock();
        cv_.wait_for(lock, reconnect_delay_, [&] { return stop_; });
        continue;
      }
      conn_ = std::move(*c);
    }
    std::vector<std::pair<uint64_t, Settlement>> settle;
    {
      std::lock_guard guard(mu_);
      settle.swap(to_settle_);
    }
    Result<void> sent = Ok();
    for (const auto& [tag, how] : settle) {
      sent = how == Settlement::kAck ? conn_->Ack(tag)
                                     : conn_->Reject(tag, how == Settlement::kRequeue);
      if (!sent.ok()) break;
    }
    if (!sent.ok()) {
      Drop(sent.error().message);
      lock.lock();
      continue;
    }
    auto d = conn_->Next(std::chrono::milliseconds(settle.empty() ? 20 : 0));
    if (!d.ok()) {
      Drop(d.error().message);
    } else if (*d) {
      {
        std::lock_guard guard(mu_);
        buffer_.push_back({generation_, (*d)->tag, (*d)->redelivered, std::move((*d)->body)});
      }
      on_message_();
    }
    lock.lock();
  }
}

}  // namespace syntera::jobs::amqp
