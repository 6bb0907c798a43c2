#include "loadgen/idle_worker.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <vector>

#include "loadgen/json.h"
#include "loadgen/loop.h"
#include "loadgen/process.h"

namespace loadgen {
namespace {

class IdleWorker : public Handler {
 public:
  explicit IdleWorker(const IdleWorkerConfig& config)
      : worker_(config.worker),
        procs_(config.procs),
        addresses_(config.addresses),
        concurrency_(config.concurrency),
        from_parent_(config.from_parent),
        to_parent_(config.to_parent),
        loop_(*this, config.url) {}

  [[noreturn]] void Run() {
    loop_.Watch(from_parent_, 0);
    loop_.on_watch = [this](uint32_t) { ReadParent(); };
    for (;;) {
      loop_.Poll((active_ ? 20 : 1000) * kMilli);
      Pump();
    }
  }

  void OnConnected(Conn& c) override {
    clients_.push_back(&c);
    --in_flight_;
  }
  void OnFailed(Conn& c, const std::string& why) override {
    ++failures_;
    --in_flight_;
    int attempt = c.tag;
    loop_.Release(&c);
    if (attempt >= 5) {
      if (!gave_up_) gave_up_ = why;  // the server refuses more: report what we have
      return;
    }
    retries_.push_back(Retry{NowNs() + (200 * (attempt + 1)) * kMilli, attempt + 1});
    ++in_flight_;
  }
  void OnClosed(Conn&) override { ++closed_; }

 private:
  struct Retry {
    int64_t at;
    int attempt;
  };

  void Start(int attempt) {
    ++in_flight_;
    int64_t index =
        worker_ + static_cast<int64_t>(procs_) * n_++;  // globally unique user, address spread
    loop_.Connect(Name("idle", index), attempt, 1 + static_cast<int>(index % addresses_));
  }

  void Pump() {
    if (!active_) return;
    int64_t now = NowNs();
    for (size_t i = 0; i < retries_.size();) {
      if (retries_[i].at <= now) {
        int attempt = retries_[i].attempt;
        retries_[i] = retries_.back();
        retries_.pop_back();
        --in_flight_;  // Start() counts it again
        Start(attempt);
      } else {
        ++i;
      }
    }
    while (in_flight_ < concurrency_ && next_ < missing_ && !gave_up_) {
      ++next_;
      Start(0);
    }
    if (in_flight_ == 0 && (next_ >= missing_ || gave_up_)) {
      if (gave_up_)
        Log("idle worker %d: gave up after repeated failures: %s", worker_, gave_up_->c_str());
      std::string why = gave_up_.value_or("");
      std::replace(why.begin(), why.end(), '\n', ' ');
      WriteAll(to_parent_, "connected " + std::to_string(Connected()) + " failures " +
                               std::to_string(failures_) + " gave_up " + why + "\n");
      active_ = false;
    }
  }

  int64_t Connected() const {
    return static_cast<int64_t>(clients_.size()) - static_cast<int64_t>(closed_);
  }

  void ReadParent() {
    char buffer[4096];
    ssize_t n = read(from_parent_, buffer, sizeof buffer);
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) return;
    if (n <= 0) _exit(0);  // the parent is gone
    pending_.append(buffer, static_cast<size_t>(n));
    for (size_t eol; (eol = pending_.find('\n')) != std::string::npos;) {
      std::string line = pending_.substr(0, eol);
      pending_.erase(0, eol + 1);
      if (line == "exit") {
        for (Conn* c : clients_) loop_.Close(*c);
        _exit(0);
      } else if (line == "status") {
        WriteAll(to_parent_, "connected " + std::to_string(Connected()) + "\n");
      } else if (StartsWith(line, "target ")) {
        missing_ = atoll(line.c_str() + 7) - static_cast<int64_t>(clients_.size());
        next_ = 0;
        gave_up_.reset();
        active_ = true;
        Pump();
      }
    }
  }

  int worker_;
  int procs_;
  int addresses_;
  int concurrency_;
  int from_parent_;
  int to_parent_;
  Loop loop_;
  std::vector<Conn*> clients_;
  std::vector<Retry> retries_;
  std::string pending_;
  std::optional<std::string> gave_up_;
  uint64_t closed_ = 0;
  uint64_t failures_ = 0;
  int64_t n_ = 0;
  int64_t missing_ = 0;
  int64_t next_ = 0;
  int in_flight_ = 0;  // attempts connecting or waiting for their retry
  bool active_ = false;
};

}  // namespace

void RunIdleWorker(const IdleWorkerConfig& config) { IdleWorker(config).Run(); }

void WriteAll(int fd, const std::string& text) {
  size_t off = 0;
  while (off < text.size()) {
    ssize_t n = write(fd, text.data() + off, text.size() - off);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) Die(std::string("pipe write: ") + strerror(errno));
    off += static_cast<size_t>(n);
  }
}

}  // namespace loadgen
