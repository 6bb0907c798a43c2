#include "loadgen/fanout.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "loadgen/json.h"
#include "loadgen/loop.h"
#include "loadgen/proc_stats.h"
#include "loadgen/process.h"

namespace loadgen {
namespace {

// Sorted latencies (ns) → the value at `p` percent in ms, as loadgen.mjs's percentile().
std::optional<double> Percentile(const std::vector<int64_t>& sorted, double p) {
  if (sorted.empty()) return std::nullopt;
  auto i = static_cast<size_t>(std::floor(p / 100.0 * static_cast<double>(sorted.size())));
  return static_cast<double>(sorted[std::min(sorted.size() - 1, i)]) / 1e6;
}

class Fanout : public Handler {
 public:
  explicit Fanout(const FanoutOptions& options)
      : url_(options.url),
        pid_(options.pid),
        clients_(options.clients),
        room_size_(options.room_size),
        rate_(options.rate),
        payload_(options.payload),
        warmup_(options.warmup),
        duration_(options.duration),
        label_(options.label),
        addresses_(options.addresses),
        emit_rate_(rate_ / (room_size_ - 1)),
        loop_(*this, url_) {}

  int Run() {
    Log("fanout %s: connecting %d clients", label_.c_str(), clients_);
    all_.resize(static_cast<size_t>(clients_));
    int started = 0;
    while (connected_ < clients_) {  // at most 200 handshakes in flight
      while (started < clients_ && started - connected_ < 200) {
        int i = started++;
        all_[static_cast<size_t>(i)] = loop_.Connect(Name("u", i), i, 1 + i % addresses_);
      }
      loop_.Poll(100 * kMilli);
    }
    // Rooms of room_size: client i is in room floor(i / room_size).
    int rooms = (clients_ + room_size_ - 1) / room_size_;
    std::string arg;
    for (int i = 0; i < clients_; ++i) {
      arg = "{\"room\":\"r" + std::to_string(i / room_size_) + "\"}";
      loop_.Emit(*all_[static_cast<size_t>(i)], kAckJoin, false, NowNs(), "room:join", arg);
    }
    while (joined_ < clients_) loop_.Poll(100 * kMilli);
    Log("fanout %s: %d clients joined %d rooms; offering %g deliveries/s", label_.c_str(), clients_,
        rooms, rate_);

    // Senders in an order that walks across rooms: consecutive emits go to different rooms.
    for (int k = 0; k < room_size_; ++k) {
      for (int r = 0; r < rooms; ++r) {
        int i = r * room_size_ + k;
        if (i < clients_) senders_.push_back(i);
      }
    }
    pad_.assign(static_cast<size_t>(std::max(0, payload_ - 40)), 'x');
    size_t expected = static_cast<size_t>(rate_ * duration_ * 1.1) + 1024;
    latencies_.reserve(std::min<size_t>(expected, 50'000'000));
    ack_latencies_.reserve(std::min<size_t>(
        expected / static_cast<size_t>(std::max(1, room_size_ - 1)) + 1024, 10'000'000));

    // Open loop on a 1 ms tick: at each tick, send what the schedule says is due (bounded
    // catch-up). The tick runs when the loop wakes up anyway or when its time comes (no timer
    // descriptor: at high rates the loop never sleeps only for the tick).
    start_ns_ = NowNs();
    running_ = true;
    Tick();

    RunFor(static_cast<int64_t>(warmup_ * kSecond));
    CpuTimes cpu0 = ProcessCpu(pid_);
    SelfCpu self0 = SelfCpuNow();
    Loop::Counters counters0 = loop_.counters();
    uint64_t emits0 = emits_total_;
    uint64_t delivered_total0 = delivered_total_;
    int64_t t0 = NowNs();
    measuring_ = true;
    RunFor(static_cast<int64_t>(duration_ * kSecond));
    measuring_ = false;
    double seconds = static_cast<double>(NowNs() - t0) / 1e9;
    CpuTimes cpu1 = ProcessCpu(pid_);
    SelfCpu self1 = SelfCpuNow();
    Loop::Counters counters1 = loop_.counters();
    double self_us = self1.total() - self0.total();
    uint64_t emits_in_window = emits_total_ - emits0;
    uint64_t received_in_window = delivered_total_ - delivered_total0;
    running_ = false;
    // Drain: everything sent should arrive (each emit reaches room-size - 1 sockets).
    uint64_t fanout = static_cast<uint64_t>(room_size_ - 1);
    for (int k = 0; k < 50; ++k) {
      RunFor(100 * kMilli);
      if (delivered_total_ >= emits_total_ * fanout && acks_ok_ + acks_failed_ >= emits_total_)
        break;
    }
    auto lost =
        static_cast<int64_t>(emits_total_ * fanout) - static_cast<int64_t>(delivered_total_);
    auto acks_missing =
        static_cast<int64_t>(emits_total_) - static_cast<int64_t>(acks_ok_ + acks_failed_);
    long rss_after = RssKb(pid_);
    for (Conn* c : all_) loop_.Release(c);

    std::sort(latencies_.begin(), latencies_.end());
    std::sort(ack_latencies_.begin(), ack_latencies_.end());
    double server_user = cpu1.user_ms - cpu0.user_ms;
    double server_sys = cpu1.sys_ms - cpu0.sys_ms;
    double server_cpu = server_user + server_sys;
    std::optional<double> max_ms;
    if (!latencies_.empty()) max_ms = static_cast<double>(latencies_.back()) / 1e6;
    std::optional<double> per_1k;
    if (delivered_ > 0) per_1k = server_cpu / static_cast<double>(delivered_) * 1000;
    JsonObject result;
    result.Str("scenario", "fanout")
        .Str("label", label_)
        .Int("clients", clients_)
        .Int("room_size", room_size_)
        .Int("payload_bytes", payload_)
        .Num("offered_deliveries_per_s", rate_)
        .Num("offered_emits_per_s", std::floor(emit_rate_ + 0.5))
        .Num("emits_per_s", std::floor(static_cast<double>(emits_in_window) / seconds + 0.5))
        .Num("delivered_per_s", std::floor(static_cast<double>(delivered_) / seconds + 0.5))
        .Opt("p50_ms", Percentile(latencies_, 50))
        .Opt("p99_ms", Percentile(latencies_, 99))
        .Opt("max_ms", max_ms)
        .Opt("ack_p50_ms", Percentile(ack_latencies_, 50))
        .Opt("ack_p99_ms", Percentile(ack_latencies_, 99))
        .Num("server_cpu_ms", server_cpu)
        .Num("server_user_ms", server_user)
        .Num("server_sys_ms", server_sys)
        .Num("server_cpu_pct", 100 * server_cpu / (seconds * 1000))
        .Opt("server_cpu_ms_per_1k", per_1k)
        .Num("loadgen_cpu_pct", 100 * self_us / 1000 / (seconds * 1000))
        .Int("server_rss_kb_after", rss_after)
        .Int("errors", static_cast<int64_t>(errors_))
        .Int("acks_failed", static_cast<int64_t>(acks_failed_))
        .Int("acks_missing", acks_missing)
        .Int("lost_deliveries", lost)
        .Num("seconds", seconds);
    std::string note;
    if (malformed_ > 0) {
      note = ", malformed room:message: ";
      note += std::to_string(malformed_);
    }
    if (received_in_window > 0) {
      auto received = static_cast<double>(received_in_window);
      Log("fanout %s: loadgen CPU %.1f ms in the window: %.3f us per received message (user %.3f + "
          "sys "
          "%.3f); per received message: %.3f epoll_wait, %.3f read, %.3f send (%llu received, %llu "
          "emits)%s",
          label_.c_str(), self_us / 1000, self_us / received,
          (self1.user_us - self0.user_us) / received, (self1.sys_us - self0.sys_us) / received,
          static_cast<double>(counters1.waits - counters0.waits) / received,
          static_cast<double>(counters1.reads - counters0.reads) / received,
          static_cast<double>(counters1.sends - counters0.sends) / received,
          static_cast<unsigned long long>(received_in_window),
          static_cast<unsigned long long>(emits_in_window), note.c_str());
    }
    printf("RESULT %s\n", result.Done().c_str());
    fflush(stdout);
    return 0;
  }

  void OnConnected(Conn&) override { ++connected_; }
  void OnFailed(Conn& c, const std::string& why) override { Die("client " + c.user + ": " + why); }
  void OnClosed(Conn&) override { ++errors_; }

  // 42["room:message",{"from":"u1","data":{"s":..,"t":..,"p":".."}},"<offset>"]
  void OnEvent(Conn&, std::string_view text, int64_t recv_ns) override {
    static constexpr std::string_view kPrefix = "42[\"room:message\",";
    if (!StartsWith(text, kPrefix)) return;
    ++delivered_total_;
    if (!measuring_) return;
    ++delivered_;
    size_t data = text.find("\"data\":", kPrefix.size());
    size_t t = data == std::string_view::npos ? data : text.find("\"t\":", data + 7);
    int64_t sent_ns = 0;
    if (t == std::string_view::npos ||
        std::from_chars(text.data() + t + 4, text.data() + text.size(), sent_ns).ec !=
            std::errc()) {
      ++malformed_;
      return;
    }
    latencies_.push_back(recv_ns - sent_ns);
  }

  void OnAck(Conn& c, const PendingAck& ack, std::string_view args, int64_t recv_ns) override {
    bool ok = StartsWith(args, "[{\"ok\":true");
    if (ack.kind == kAckJoin) {
      if (!ok) Die("client " + c.user + ": join refused: " + std::string(args));
      ++joined_;
      return;
    }
    if (ok) {
      ++acks_ok_;
    } else {
      ++acks_failed_;
    }
    if (ack.in_window && measuring_) ack_latencies_.push_back(recv_ns - ack.sent_ns);
  }

 private:
  // Runs the loop (and the tick) for `ns`.
  void RunFor(int64_t ns) {
    int64_t deadline = NowNs() + ns;
    for (int64_t now = NowNs(); now < deadline; now = NowNs()) {
      if (running_ && now >= next_tick_ns_) {
        Tick();
        continue;  // Poll() sends what the tick queued
      }
      int64_t wake = running_ ? std::min(deadline, next_tick_ns_) : deadline;
      loop_.Poll(std::min(wake - now, 100 * kMilli));
    }
  }

  void Tick() {
    if (!running_) return;
    next_tick_ns_ = NowNs() + kMilli;  // as setTimeout(tick, 1): 1 ms after this tick
    double elapsed = static_cast<double>(NowNs() - start_ns_) / 1e9;
    auto scheduled = static_cast<int64_t>(std::floor(elapsed * emit_rate_));
    int64_t due =
        std::min<int64_t>(scheduled - sent_, static_cast<int64_t>(std::ceil(emit_rate_ / 20)) + 1);
    for (int64_t k = 0; k < due; ++k) SendOne();
    if (due > 0) {
      sent_ += due;
    } else if (static_cast<double>(scheduled - sent_) > emit_rate_) {
      sent_ = scheduled;
    }
  }

  void SendOne() {
    int i = senders_[next_];
    next_ = (next_ + 1) % senders_.size();
    Conn& c = *all_[static_cast<size_t>(i)];
    if (!c.sio_connected) return;
    int64_t t = NowNs();
    arg_.assign("{\"room\":\"r");
    AppendInt(arg_, i / room_size_);
    arg_ += "\",\"data\":{\"s\":";
    AppendInt(arg_, static_cast<int64_t>(seq_++));
    arg_ += ",\"t\":";
    AppendInt(arg_, t);
    arg_ += ",\"p\":\"";
    arg_ += pad_;
    arg_ += "\"}}";
    ++emits_total_;
    loop_.Emit(c, kAckEmit, measuring_, t, "room:emit", arg_);
  }

  std::string url_;
  long pid_;
  int clients_;
  int room_size_;
  double rate_;
  int payload_;
  double warmup_;
  double duration_;
  std::string label_;
  int addresses_;
  double emit_rate_;
  Loop loop_;

  std::vector<Conn*> all_;
  std::vector<int> senders_;
  std::string pad_;
  std::string arg_;
  size_t next_ = 0;
  uint64_t seq_ = 0;
  int64_t start_ns_ = 0;
  int64_t next_tick_ns_ = 0;
  int64_t sent_ = 0;
  bool running_ = false;
  bool measuring_ = false;
  int connected_ = 0;
  int joined_ = 0;
  uint64_t delivered_ = 0;  // deliveries received inside the window
  uint64_t delivered_total_ = 0;
  uint64_t errors_ = 0;  // unexpected closes after connect
  uint64_t acks_ok_ = 0;
  uint64_t acks_failed_ = 0;
  uint64_t emits_total_ = 0;
  uint64_t malformed_ = 0;
  std::vector<int64_t> latencies_;  // ns, deliveries received inside the window
  std::vector<int64_t> ack_latencies_;
};

}  // namespace

int RunFanout(const FanoutOptions& options) {
  auto fanout = std::make_unique<Fanout>(options);  // on the heap: Loop is large
  return fanout->Run();
}

}  // namespace loadgen
