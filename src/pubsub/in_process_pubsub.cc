#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "pubsub/pubsub.h"

namespace syntera::pubsub {
namespace {

// Delivery happens on its own thread (as with a broker) so that a publisher holding a lock never
// re-enters its own handler.
class InProcessPubSub final : public PubSub {
 public:
  ~InProcessPubSub() override { Stop(); }

  void Subscribe(std::string channel, Handler handler) override {
    std::lock_guard lock(mu_);
    handlers_[std::move(channel)].push_back(std::move(handler));
  }

  Result<void> Start() override {
    std::lock_guard lock(mu_);
    if (!thread_.joinable() && !stopped_) thread_ = std::thread([this] { Deliver(); });
    return Ok();
  }

  void Stop() override {
    {
      std::lock_guard lock(mu_);
      if (stopped_) return;
      stopped_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
  }

  bool Publish(std::string_view channel, std::string_view payload) override {
    {
      std::lock_guard lock(mu_);
      if (stopped_ || queue_.size() >= kMaxQueue) {
        ++dropped_;
        return false;
      }
      queue_.emplace_back(std::string(channel), std::string(payload));
    }
    cv_.notify_one();
    return true;
  }

  size_t dropped() const override {
    std::lock_guard lock(mu_);
    return dropped_;
  }

 private:
  static constexpr size_t kMaxQueue = 100000;

  void Deliver() {
    std::unique_lock lock(mu_);
    while (true) {
      cv_.wait(lock, [this] { return stopped_ || !queue_.empty(); });
      if (stopped_) return;
      auto [channel, payload] = std::move(queue_.front());
      queue_.pop_front();
      auto it = handlers_.find(channel);
      if (it == handlers_.end()) continue;
      std::vector<Handler> handlers = it->second;  // Subscribe is only called before Start
      lock.unlock();
      for (const Handler& handler : handlers) handler(channel, payload);
      lock.lock();
    }
  }

  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::unordered_map<std::string, std::vector<Handler>> handlers_;
  std::deque<std::pair<std::string, std::string>> queue_;
  size_t dropped_ = 0;
  bool stopped_ = false;
  std::thread thread_;
};

}  // namespace

std::unique_ptr<PubSub> NewInProcessPubSub() { return std::make_unique<InProcessPubSub>(); }

}  // namespace syntera::pubsub
