#include <hiredis/hiredis.h>
#include <poll.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "obs/logger.h"
#include "pubsub/pubsub.h"

namespace syntera::pubsub {
namespace {

using namespace std::chrono_literals;

struct ContextDeleter {
  void operator()(redisContext* c) const { redisFree(c); }
};
using Context = std::unique_ptr<redisContext, ContextDeleter>;
struct ReplyDeleter {
  void operator()(redisReply* r) const { freeReplyObject(r); }
};
using Reply = std::unique_ptr<redisReply, ReplyDeleter>;

constexpr size_t kBatch = 512;  // PUBLISH commands pipelined per round trip

class RedisPubSub final : public PubSub {
 public:
  RedisPubSub(RedisOptions options, obs::Logger& logger)
      : options_(std::move(options)), logger_(logger) {}
  ~RedisPubSub() override { Stop(); }

  void Subscribe(std::string channel, Handler handler) override {
    handlers_[std::move(channel)].push_back(std::move(handler));
  }

  Result<void> Start() override {
    Context probe = Connect();
    reader_ = std::thread([this] { ReadLoop(); });
    writer_ = std::thread([this] { WriteLoop(); });
    if (!probe) {
      return Unavailable("cannot reach Redis at " + options_.host + ":" +
                         std::to_string(options_.port) + " (retrying in the background)");
    }
    return Ok();
  }

  void Stop() override {
    {
      std::lock_guard lock(mu_);
      if (stopped_) return;
      stopped_ = true;
    }
    cv_.notify_all();
    if (writer_.joinable()) writer_.join();
    if (reader_.joinable()) reader_.join();
  }

  bool Publish(std::string_view channel, std::string_view payload) override {
    {
      std::lock_guard lock(mu_);
      if (stopped_ || queue_.size() >= options_.max_queue) {
        dropped_.fetch_add(1, std::memory_order_relaxed);
        return false;
      }
      queue_.emplace_back(std::string(channel), std::string(payload));
    }
    cv_.notify_one();
    return true;
  }

  size_t dropped() const override { return dropped_.load(std::memory_order_relaxed); }

 private:
  bool stopping() {
    std::lock_guard lock(mu_);
    return stopped_;
  }

  // A connected, authenticated context, or null (logged).
  Context Connect() {
    timeval timeout{1, 0};
    Context c(redisConnectWithTimeout(options_.host.c_str(), options_.port, timeout));
    if (!c || c->err) {
      logger_.Warn("redis_connect_failed", {{"host", options_.host},
                                            {"error", c ? c->errstr : "allocation failed"}});
      return nullptr;
    }
    if (!options_.password.empty()) {
      Reply r(static_cast<redisReply*>(
          redisCommand(c.get(), "AUTH %b", options_.password.data(), options_.password.size())));
      if (!r || r->type == REDIS_REPLY_ERROR) {
        logger_.Warn("redis_auth_failed", {{"host", options_.host}});
        return nullptr;
      }
    }
    return c;
  }

  // Sleeps for the backoff (or until Stop) and doubles it up to 2 s.
  void Backoff(std::chrono::milliseconds& delay) {
    std::unique_lock lock(mu_);
    cv_.wait_for(lock, delay, [this] { return stopped_; });
    delay = std::min<std::chrono::milliseconds>(delay * 2, 2000ms);
  }

  void WriteLoop() {
    Context c;
    auto delay = std::chrono::milliseconds(50);
    std::vector<std::pair<std::string, std::string>> batch;
    while (true) {
      {
        std::unique_lock lock(mu_);
        cv_.wait(lock, [this] { return stopped_ || !queue_.empty(); });
        if (stopped_) return;
      }
      if (!c && !(c = Connect())) {
        Backoff(delay);
        continue;
      }
      delay = 50ms;
      batch.clear();
      {
        std::lock_guard lock(mu_);
        while (!queue_.empty() && batch.size() < kBatch) {
          batch.push_back(std::move(queue_.front()));
          queue_.pop_front();
        }
      }
      for (const auto& [channel, payload] : batch) {
        redisAppendCommand(c.get(), "PUBLISH %b %b", channel.data(), channel.size(),
                           payload.data(), payload.size());
      }
      for (size_t i = 0; i < batch.size(); ++i) {
        void* raw = nullptr;
        if (redisGetReply(c.get(), &raw) != REDIS_OK) {
          logger_.Warn("redis_publish_failed", {{"error", c->errstr}});
          dropped_.fetch_add(batch.size() - i, std::memory_order_relaxed);
          c.reset();
          break;
        }
        freeReplyObject(raw);
      }
    }
  }

  // Subscribes on a fresh connection and delivers until the link breaks or Stop().
  void ReadLoop() {
    auto delay = std::chrono::milliseconds(50);
    while (!stopping()) {
      Context c = Connect();
      if (!c) {
        Backoff(delay);
        continue;
      }
      delay = 50ms;
      for (const auto& [channel, unused] : handlers_) {
        redisAppendCommand(c.get(), "SUBSCRIBE %b", channel.data(), channel.size());
      }
      int done = 0;
      if (redisBufferWrite(c.get(), &done) == REDIS_ERR) continue;
      Deliver(c.get());
      if (!stopping()) logger_.Warn("redis_subscription_lost", {{"error", c->errstr}});
    }
  }

  void Deliver(redisContext* c) {
    while (!stopping()) {
      int done = 0;
      while (!done) {
        if (redisBufferWrite(c, &done) == REDIS_ERR) return;
      }
      pollfd p{c->fd, POLLIN, 0};
      const int n = poll(&p, 1, 200);
      if (n < 0 && errno != EINTR) return;
      if (n <= 0) continue;
      if (redisBufferRead(c) == REDIS_ERR) return;
      void* raw = nullptr;
      while (redisGetReplyFromReader(c, &raw) == REDIS_OK && raw != nullptr) {
        Reply reply(static_cast<redisReply*>(raw));
        raw = nullptr;
        Dispatch(*reply);
      }
    }
  }

  void Dispatch(const redisReply& reply) {
    if (reply.type != REDIS_REPLY_ARRAY || reply.elements != 3) return;
    const redisReply* kind = reply.element[0];
    if (kind->type != REDIS_REPLY_STRING || std::string_view(kind->str, kind->len) != "message") {
      return;  // subscribe confirmations
    }
    std::string_view channel(reply.element[1]->str, reply.element[1]->len);
    std::string_view payload(reply.element[2]->str, reply.element[2]->len);
    auto it = handlers_.find(std::string(channel));
    if (it == handlers_.end()) return;
    for (const Handler& handler : it->second) handler(channel, payload);
  }

  const RedisOptions options_;
  obs::Logger& logger_;
  std::unordered_map<std::string, std::vector<Handler>> handlers_;  // only before Start()
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::pair<std::string, std::string>> queue_;  // guarded by mu_
  bool stopped_ = false;                                   // guarded by mu_
  std::atomic<size_t> dropped_{0};
  std::thread reader_;
  std::thread writer_;
};

}  // namespace

std::unique_ptr<PubSub> NewRedisPubSub(RedisOptions options, obs::Logger& logger) {
  return std::make_unique<RedisPubSub>(std::move(options), logger);
}

}  // namespace syntera::pubsub
