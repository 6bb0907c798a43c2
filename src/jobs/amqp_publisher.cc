#include "jobs/amqp_publisher.h"

#include <algorithm>

namespace syntera::jobs::amqp {

Publisher::Publisher(Target target, Topology topology, obs::Logger& logger,
                     PublisherOptions options)
    : target_(std::move(target)),
      topology_(std::move(topology)),
      logger_(logger),
      options_(options),
      thread_([this] { Loop(); }) {}

Publisher::~Publisher() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

std::future<Result<void>> Publisher::Publish(std::vector<OutMessage> messages) {
  Item item{std::move(messages), {}, nullptr};
  auto f = item.done.get_future();
  {
    std::lock_guard lock(mu_);
    queue_.push_back(std::move(item));
  }
  cv_.notify_one();
  return f;
}

void Publisher::PublishAsync(std::vector<OutMessage> messages,
                             std::function<void(const Result<void>&)> then) {
  {
    std::lock_guard lock(mu_);
    queue_.push_back(Item{std::move(messages), {}, std::move(then)});
  }
  cv_.notify_one();
}

Result<void> Publisher::Connect() {
  std::lock_guard lock(conn_mu_);
  return EnsureConnected();
}

Result<void> Publisher::EnsureConnected() {
  if (conn_) return Ok();
  declared_.clear();
  auto c = Connection::Open(target_, 0, /*confirms=*/true, std::chrono::milliseconds(3000));
  if (!c.ok()) return std::move(c).error();
  conn_ = std::move(*c);
  return Ok();
}

Result<void> Publisher::PublishOnce(const std::vector<Item*>& items) {
  std::lock_guard lock(conn_mu_);
  SYN_RETURN_IF_ERROR(EnsureConnected());
  auto fail = [this](Error e) -> Result<void> {
    conn_.reset();  // never reuse a connection after an error
    return e;
  };
  uint64_t last = 0;
  std::set<std::string> delays_declared;
  for (Item* item : items) {
    for (const OutMessage& m : item->messages) {
      if (!declared_.count(m.queue)) {
        if (auto r = topology_.DeclareQueue(*conn_, m.queue); !r.ok()) return fail(r.error());
        declared_.insert(m.queue);
      }
      std::string exchange, key = topology_.Main(m.queue);
      auto delay = QuantizeDelay(m.delay);
      if (delay.count() > 0) {
        key = topology_.Delay(m.queue, delay);
        // Redeclared per batch: keeps the queue from expiring while it holds messages.
        if (delays_declared.insert(key).second) {
          if (auto r = topology_.DeclareDelay(*conn_, m.queue, delay); !r.ok()) return fail(r.error());
        }
      }
      auto seq = conn_->Publish(exchange, key, m.job_id, m.job_id, std::clamp(m.priority, 0, 9));
      if (!seq.ok()) return fail(seq.error());
      last = *seq;
    }
  }
  if (last > 0) {
    if (auto r = conn_->WaitConfirms(last, options_.timeout); !r.ok()) return fail(r.error());
  }
  return Ok();
}

void Publisher::Loop() {
  std::unique_lock lock(mu_);
  while (true) {
    cv_.wait(lock, [&] { return stop_ || !queue_.empty(); });
    if (queue_.empty()) return;
    std::deque<Item> batch;
    size_t count = 0;
    while (!queue_.empty() && count < static_cast<size_t>(options_.max_batch)) {
      count += queue_.front().messages.size();
      batch.push_back(std::move(queue_.front()));
      queue_.pop_front();
    }
    lock.unlock();
    std::vector<Item*> items;
    for (Item& i : batch) items.push_back(&i);
    auto deadline = std::chrono::steady_clock::now() + options_.timeout;
    Result<void> r = PublishOnce(items);
    while (!r.ok() && std::chrono::steady_clock::now() < deadline) {
      logger_.Warn("amqp_publish_retry", {{"error", r.error().message}});
      std::this_thread::sleep_for(options_.reconnect_delay);  // reconnect backoff
      r = PublishOnce(items);
    }
    for (Item& i : batch) {
      if (i.then) {
        i.then(r);
      } else {
        i.done.set_value(r);
      }
    }
    lock.lock();
  }
}

}  // namespace syntera::jobs::amqp
