// realtime_loadgen: the C++ load generator for bench/realtime, a drop-in equivalent of
// loadgen.mjs (same arguments, same protocol behaviour, same scenarios, same `RESULT {json}`
// lines) that costs a fraction of its CPU per message, so that one process on a small machine can
// offer 50k–150k deliveries/s. std + POSIX only.
//
//   realtime_loadgen fanout --url http://127.0.0.1:PORT --pid SERVER_PID
//        [--clients 1000] [--room-size 10] [--rate 10000] [--payload 100]
//        [--warmup 3] [--duration 10] [--label x] [--addresses 8]
//   realtime_loadgen idle --url http://127.0.0.1:PORT --pid SERVER_PID
//        [--counts 10000,50000] [--procs 4] [--addresses 8] [--concurrency 200] [--idle-cpu 5]
//        [--label x]
//
// See loadgen.mjs for the meaning of every flag and result field; the scenarios keep both
// (fanout.h, idle.h). The clients: loop.h; their WebSocket framing: websocket.h.
#include <signal.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "loadgen/fanout.h"
#include "loadgen/idle.h"
#include "loadgen/process.h"
#include "loadgen/websocket.h"

namespace loadgen {
namespace {

class Flags {
 public:
  Flags(int argc, char** argv) : argc_(argc), argv_(argv) {}
  // The value after the first `--name` (as loadgen.mjs reads it), or `fallback`.
  std::string Str(const char* name, const std::string& fallback) const {
    std::string key = std::string("--") + name;
    for (int i = 1; i < argc_; ++i) {
      if (key == argv_[i]) return i + 1 < argc_ ? std::string(argv_[i + 1]) : fallback;
    }
    return fallback;
  }
  // Str() as a number; dies when it is not one.
  double Num(const char* name, double fallback) const {
    std::string v = Str(name, "");
    if (v.empty()) return fallback;
    char* end = nullptr;
    double d = strtod(v.c_str(), &end);
    if (end == v.c_str() || *end != '\0') Die("--" + std::string(name) + ": not a number: " + v);
    return d;
  }

 private:
  int argc_;
  char** argv_;
};

FanoutOptions ParseFanout(const Flags& flags) {
  FanoutOptions o;
  o.url = flags.Str("url", "");
  o.pid = static_cast<long>(flags.Num("pid", 0));
  o.clients = static_cast<int>(flags.Num("clients", 1000));
  o.room_size = static_cast<int>(flags.Num("room-size", 10));
  o.rate = flags.Num("rate", 10000);
  o.payload = static_cast<int>(flags.Num("payload", 100));
  o.warmup = flags.Num("warmup", 3);
  o.duration = flags.Num("duration", 10);
  o.label = flags.Str("label", "");
  o.addresses = static_cast<int>(flags.Num("addresses", 8));
  return o;
}

IdleOptions ParseIdle(const Flags& flags) {
  IdleOptions o;
  o.url = flags.Str("url", "");
  o.pid = static_cast<long>(flags.Num("pid", 0));
  std::string counts_text = flags.Str("counts", "10000,50000");
  o.procs = static_cast<int>(flags.Num("procs", 4));
  o.addresses = static_cast<int>(flags.Num("addresses", 8));
  o.concurrency = static_cast<int>(flags.Num("concurrency", 200));
  o.idle_cpu = flags.Num("idle-cpu", 5);
  o.label = flags.Str("label", "");
  o.counts.clear();
  for (size_t start = 0; start <= counts_text.size();) {
    size_t comma = counts_text.find(',', start);
    if (comma == std::string::npos) comma = counts_text.size();
    o.counts.push_back(atoll(counts_text.substr(start, comma - start).c_str()));
    start = comma + 1;
  }
  if (o.procs < 1) Die("--procs must be at least 1");
  return o;
}

}  // namespace
}  // namespace loadgen

int main(int argc, char** argv) {
  signal(SIGPIPE, SIG_IGN);
  loadgen::SeedRandom(static_cast<uint64_t>(loadgen::NowNs()) ^
                      (static_cast<uint64_t>(getpid()) << 32));
  std::string mode = argc > 1 ? argv[1] : "";
  loadgen::Flags flags(argc, argv);
  if (mode == "fanout") return loadgen::RunFanout(loadgen::ParseFanout(flags));
  if (mode == "idle") return loadgen::RunIdle(loadgen::ParseIdle(flags));
  fprintf(stderr,
          "usage: realtime_loadgen fanout|idle --url http://127.0.0.1:PORT --pid SERVER_PID …\n");
  return 2;
}
