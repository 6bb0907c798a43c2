#include "loadgen/idle.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <optional>

#include "loadgen/idle_worker.h"
#include "loadgen/json.h"
#include "loadgen/proc_stats.h"
#include "loadgen/process.h"
#include "loadgen/websocket.h"

namespace loadgen {
namespace {

struct WorkerProc {
  pid_t pid;
  int to_child;
  int from_child;
  std::string pending;
};

std::string ReadLine(WorkerProc& w) {
  for (;;) {
    size_t eol = w.pending.find('\n');
    if (eol != std::string::npos) {
      std::string line = w.pending.substr(0, eol);
      w.pending.erase(0, eol + 1);
      return line;
    }
    char buffer[4096];
    ssize_t n = read(w.from_child, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      int status = 0;
      waitpid(w.pid, &status, 0);
      Die("idle worker exited with " +
          std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : -1));
    }
    w.pending.append(buffer, static_cast<size_t>(n));
  }
}

// "connected C failures F gave_up TEXT" → its fields.
struct WorkerReply {
  int64_t connected = 0;
  int64_t failures = 0;
  std::string gave_up;
};
WorkerReply ParseReply(const std::string& line) {
  WorkerReply r;
  long long connected = 0;
  long long failures = 0;
  if (sscanf(line.c_str(), "connected %lld failures %lld", &connected, &failures) < 1) {
    Die("unexpected worker reply: " + line);
  }
  r.connected = connected;
  r.failures = failures;
  size_t at = line.find(" gave_up ");
  if (at != std::string::npos) r.gave_up = line.substr(at + 9);
  return r;
}

// Forks options.procs workers, each with a pipe either way.
std::vector<WorkerProc> StartWorkers(const IdleOptions& options) {
  std::vector<WorkerProc> workers;
  for (int w = 0; w < options.procs; ++w) {
    int down[2];
    int up[2];
    if (pipe2(down, O_CLOEXEC) < 0 || pipe2(up, O_CLOEXEC) < 0)
      Die(std::string("pipe: ") + strerror(errno));
    fflush(nullptr);
    pid_t child = fork();
    if (child < 0) Die(std::string("fork: ") + strerror(errno));
    if (child == 0) {
      for (WorkerProc& other : workers) {
        close(other.to_child);
        close(other.from_child);
      }
      close(down[1]);
      close(up[0]);
      SeedRandom(static_cast<uint64_t>(getpid()) * 0x9e3779b97f4a7c15ULL);
      RunIdleWorker(IdleWorkerConfig{options.url, w, options.procs, options.addresses,
                                     options.concurrency, down[0], up[1]});
    }
    close(down[0]);
    close(up[1]);
    workers.push_back(WorkerProc{child, down[1], up[0], {}});
  }
  return workers;
}

// Brings the workers to `total` connected clients in all, measures, and returns the stage's JSON.
std::string RunStage(std::vector<WorkerProc>& workers, int64_t total, long rss0,
                     const IdleOptions& options) {
  int procs = options.procs;
  long pid = options.pid;
  double idle_cpu = options.idle_cpu;
  int64_t t0 = NowNs();
  for (int w = 0; w < procs; ++w) {
    int64_t share = total / procs + (w < total % procs ? 1 : 0);
    WriteAll(workers[static_cast<size_t>(w)].to_child, "target " + std::to_string(share) + "\n");
  }
  int64_t connected = 0;
  int64_t failures = 0;
  std::optional<std::string> gave_up;
  for (WorkerProc& w : workers) {
    WorkerReply reply = ParseReply(ReadLine(w));
    connected += reply.connected;
    failures += reply.failures;
    if (!gave_up && !reply.gave_up.empty()) gave_up = reply.gave_up;
  }
  double connect_seconds = static_cast<double>(NowNs() - t0) / 1e9;
  SleepNs(2 * kSecond);
  long rss = RssKb(pid);
  CpuTimes cpu0 = ProcessCpu(pid);
  SleepNs(static_cast<int64_t>(idle_cpu * kSecond));
  CpuTimes cpu1 = ProcessCpu(pid);
  int64_t still_connected = 0;
  for (WorkerProc& w : workers) WriteAll(w.to_child, "status\n");
  for (WorkerProc& w : workers) still_connected += ParseReply(ReadLine(w)).connected;
  JsonObject stage;
  stage.Int("target", total)
      .Int("connected", connected)
      .Int("still_connected", still_connected)
      .Int("connect_failures", failures);
  if (gave_up) {
    stage.Str("gave_up", *gave_up);
  } else {
    stage.Raw("gave_up", "null");
  }
  double cpu_ms = (cpu1.user_ms + cpu1.sys_ms) - (cpu0.user_ms + cpu0.sys_ms);
  stage.Num("connect_seconds", connect_seconds)
      .Int("rss_before_kb", rss0)
      .Int("rss_kb", rss)
      .Num("kb_per_connection", static_cast<double>(rss - rss0) / static_cast<double>(connected))
      .Num("idle_cpu_pct", 100 * cpu_ms / (idle_cpu * 1000));
  return stage.Done();
}

}  // namespace

int RunIdle(const IdleOptions& options) {
  long rss0 = RssKb(options.pid);
  std::vector<WorkerProc> workers = StartWorkers(options);
  std::string stages = "[";
  for (int64_t total : options.counts) {
    std::string stage_json = RunStage(workers, total, rss0, options);
    Log("idle %s: %s", options.label.c_str(), stage_json.c_str());
    if (stages.size() > 1) stages += ',';
    stages += stage_json;
  }
  stages += ']';
  for (WorkerProc& w : workers) WriteAll(w.to_child, "exit\n");
  JsonObject result;
  result.Str("scenario", "idle").Str("label", options.label).Raw("stages", stages);
  printf("RESULT %s\n", result.Done().c_str());
  fflush(stdout);
  for (WorkerProc& w : workers) {
    close(w.to_child);
    close(w.from_child);
    waitpid(w.pid, nullptr, 0);
  }
  return 0;
}

}  // namespace loadgen
