// C++ load generator for bench/realtime: a drop-in equivalent of loadgen.mjs (same arguments, same
// protocol behaviour, same scenarios, same `RESULT {json}` lines) that costs a fraction of its CPU
// per message, so that one process on a small machine can offer 50k–150k deliveries/s.
//
// Raw Engine.IO v4 / Socket.IO v5 over WebSocket (no socket.io-client, no `ws`): each client sends
// the HTTP upgrade, gets the open packet → `40{"token":"valid:u<N>"}` → waits for `40{...}` →
// (fan-out) `room:join` with an ack; it answers every ping ("2" → "3") and WebSocket ping (pong).
//
//   realtime_loadgen fanout --url http://127.0.0.1:PORT --pid SERVER_PID
//        [--clients 1000] [--room-size 10] [--rate 10000] [--payload 100]
//        [--warmup 3] [--duration 10] [--label x] [--addresses 8]
//   realtime_loadgen idle --url http://127.0.0.1:PORT --pid SERVER_PID
//        [--counts 10000,50000] [--procs 4] [--addresses 8] [--concurrency 200] [--idle-cpu 5]
//        [--label x]
//
// See loadgen.mjs for the meaning of every flag and result field; this file keeps both. Latency is
// receive time − the `t` of the payload, both CLOCK_MONOTONIC ns of this process (what Node's
// process.hrtime reads). The receive time is taken once per read() (right after it returns).
//
// Design: one thread, epoll (level-triggered), non-blocking sockets; a 256 KiB read buffer shared
// by all sockets (a socket keeps only an incomplete frame); every frame a socket sends during one
// loop iteration goes into its output buffer and out with one send() at the end of the iteration.
// Client frames are masked (RFC 6455); server frames may be fragmented, and pings and close
// frames are answered. The JSON handling is limited to the few fields needed. std + POSIX only.
// The idle scenario forks `--procs` worker processes that talk to the parent over pipes.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace {

constexpr int64_t kSecond = 1'000'000'000;
constexpr int64_t kMilli = 1'000'000;

int64_t NowNs() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<int64_t>(ts.tv_sec) * kSecond + ts.tv_nsec;
}

__attribute__((format(printf, 1, 2))) void Log(const char* format, ...) {
  char line[2048];
  va_list args;
  va_start(args, format);
  vsnprintf(line, sizeof line, format, args);
  va_end(args);
  fprintf(stderr, "loadgen[%d]: %s\n", static_cast<int>(getpid()), line);
}

[[noreturn]] void Die(const std::string& message) {
  Log("error: %s", message.c_str());
  fflush(nullptr);
  _exit(1);
}

// ------------------------------------------------------------------------------- arguments
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

// --------------------------------------------------------------------------------- /proc
struct CpuTimes {
  double user_ms = 0;
  double sys_ms = 0;
};

double ClockTicks() {
  if (const char* env = getenv("CLK_TCK"); env != nullptr && *env != '\0') return atof(env);
  long ticks = sysconf(_SC_CLK_TCK);
  return ticks > 0 ? static_cast<double>(ticks) : 100.0;
}

std::string ReadSmallFile(const std::string& path) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) Die("cannot open " + path + ": " + strerror(errno));
  std::string text;
  char buffer[4096];
  for (;;) {
    ssize_t n = read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    text.append(buffer, static_cast<size_t>(n));
  }
  close(fd);
  return text;
}

// utime and stime of a process (all its threads, live and exited), in milliseconds.
CpuTimes ProcessCpu(long pid) {
  std::string stat = ReadSmallFile("/proc/" + std::to_string(pid) + "/stat");
  size_t paren = stat.rfind(')');
  if (paren == std::string::npos) Die("unexpected /proc/<pid>/stat");
  // Fields after ") ": state(3) ppid(4) … utime(14) stime(15), i.e. indices 11 and 12.
  std::vector<std::string_view> fields;
  std::string_view rest(stat);
  rest.remove_prefix(std::min(rest.size(), paren + 2));
  while (!rest.empty() && fields.size() < 13) {
    size_t space = rest.find(' ');
    fields.push_back(rest.substr(0, space));
    if (space == std::string_view::npos) break;
    rest.remove_prefix(space + 1);
  }
  if (fields.size() < 13) Die("unexpected /proc/<pid>/stat");
  double tck = ClockTicks();
  CpuTimes t;
  t.user_ms = atof(std::string(fields[11]).c_str()) * 1000.0 / tck;
  t.sys_ms = atof(std::string(fields[12]).c_str()) * 1000.0 / tck;
  return t;
}

long RssKb(long pid) {
  std::string status = ReadSmallFile("/proc/" + std::to_string(pid) + "/status");
  size_t at = status.find("\nVmRSS:");
  if (at == std::string::npos) Die("no VmRSS for pid " + std::to_string(pid));
  return atol(status.c_str() + at + 7);
}

// This process's CPU time, in microseconds.
struct SelfCpu {
  double user_us = 0;
  double sys_us = 0;
  double total() const { return user_us + sys_us; }
};
SelfCpu SelfCpuNow() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  SelfCpu t;
  t.user_us = static_cast<double>(usage.ru_utime.tv_sec) * 1e6 + static_cast<double>(usage.ru_utime.tv_usec);
  t.sys_us = static_cast<double>(usage.ru_stime.tv_sec) * 1e6 + static_cast<double>(usage.ru_stime.tv_usec);
  return t;
}

// -------------------------------------------------------------------------------- output
void AppendInt(std::string& out, int64_t v) {
  char digits[24];
  auto [end, ec] = std::to_chars(digits, digits + sizeof digits, v);
  (void)ec;
  out.append(digits, end);
}

// A JSON number as JSON.stringify writes it (shortest round trip; no exponent between 1e-6 and
// 1e21), null when not finite.
void AppendNumber(std::string& out, double v) {
  if (!std::isfinite(v)) {
    out += "null";
    return;
  }
  char digits[400];
  double magnitude = std::fabs(v);
  bool fixed = magnitude == 0 || (magnitude >= 1e-6 && magnitude < 1e21);
  auto [end, ec] = fixed ? std::to_chars(digits, digits + sizeof digits, v, std::chars_format::fixed)
                         : std::to_chars(digits, digits + sizeof digits, v);
  (void)ec;
  out.append(digits, end);
}

void AppendQuoted(std::string& out, std::string_view s) {
  out += '"';
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += ch;
    } else if (c < 0x20) {
      char escaped[8];
      snprintf(escaped, sizeof escaped, "\\u%04x", c);
      out += escaped;
    } else {
      out += ch;
    }
  }
  out += '"';
}

// A flat JSON object, keys in insertion order.
class JsonObject {
 public:
  JsonObject& Num(const char* key, double v) {
    Key(key);
    AppendNumber(text_, v);
    return *this;
  }
  JsonObject& Int(const char* key, int64_t v) {
    Key(key);
    AppendInt(text_, v);
    return *this;
  }
  JsonObject& Str(const char* key, std::string_view v) {
    Key(key);
    AppendQuoted(text_, v);
    return *this;
  }
  JsonObject& Opt(const char* key, std::optional<double> v) {
    Key(key);
    if (v) {
      AppendNumber(text_, *v);
    } else {
      text_ += "null";
    }
    return *this;
  }
  JsonObject& Raw(const char* key, std::string_view json) {
    Key(key);
    text_ += json;
    return *this;
  }
  std::string Done() const { return "{" + text_ + "}"; }

 private:
  void Key(const char* key) {
    if (!text_.empty()) text_ += ',';
    AppendQuoted(text_, key);
    text_ += ':';
  }
  std::string text_;
};

// Sorted latencies (ns) → the value at `p` percent in ms, as loadgen.mjs's percentile().
std::optional<double> Percentile(const std::vector<int64_t>& sorted, double p) {
  if (sorted.empty()) return std::nullopt;
  auto i = static_cast<size_t>(std::floor(p / 100.0 * static_cast<double>(sorted.size())));
  return static_cast<double>(sorted[std::min(sorted.size() - 1, i)]) / 1e6;
}

std::string Name(const char* prefix, int64_t n) {
  std::string name(prefix);
  AppendInt(name, n);
  return name;
}

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && memcmp(s.data(), prefix.data(), prefix.size()) == 0;
}

// ------------------------------------------------------------------------------ the client
uint64_t g_rng = 0x9e3779b97f4a7c15ULL;
uint64_t Random() {  // xorshift64*: masking keys and WebSocket keys, not cryptography
  g_rng ^= g_rng >> 12;
  g_rng ^= g_rng << 25;
  g_rng ^= g_rng >> 27;
  return g_rng * 0x2545f4914f6cdd1dULL;
}

enum class State : uint8_t { kConnecting, kUpgrading, kOpen, kClosed };
enum AckKind : uint8_t { kAckJoin, kAckEmit };

struct PendingAck {
  uint32_t id;
  AckKind kind;
  bool in_window;  // sent while measuring
  int64_t sent_ns;
};

// One raw Socket.IO client over one WebSocket.
struct Conn {
  int fd = -1;
  State state = State::kConnecting;
  bool sio_connected = false;  // got `40…` and not closed since
  bool dirty = false;          // in the loop's flush list
  uint8_t frag_opcode = 0;     // opcode of a fragmented message being assembled, 0 if none
  uint32_t events = 0;         // epoll interest
  uint32_t next_ack = 0;
  int32_t tag = 0;             // the owner's (client index / attempt number)
  int64_t deadline_ns = 0;     // handshake timeout
  std::string user;
  std::string out;             // bytes to send; out_off of them already sent
  size_t out_off = 0;
  std::string in;              // an incomplete frame (or the HTTP response)
  std::string frag;            // a fragmented message
  std::vector<PendingAck> acks;
};

class Handler {
 public:
  virtual ~Handler() = default;
  virtual void OnConnected(Conn& c) = 0;                      // Socket.IO CONNECT done
  virtual void OnFailed(Conn& c, const std::string& why) = 0;  // before CONNECT; closed
  virtual void OnClosed(Conn&) {}                              // after CONNECT
  virtual void OnEvent(Conn&, std::string_view /*packet*/, int64_t /*recv_ns*/) {}
  virtual void OnAck(Conn&, const PendingAck&, std::string_view /*args*/, int64_t /*recv_ns*/) {}
};

class Loop {
 public:
  static constexpr size_t kReadBuffer = 256 * 1024;
  static constexpr int kMaxEvents = 1024;
  static constexpr uint64_t kMaxMessage = 64ULL << 20;
  static constexpr int64_t kHandshakeTimeout = 30 * kSecond;  // ws's handshakeTimeout

  Loop(Handler& handler, const std::string& url) : handler_(handler), read_buffer_(kReadBuffer) {
    epoll_ = epoll_create1(EPOLL_CLOEXEC);
    if (epoll_ < 0) Die(std::string("epoll_create1: ") + strerror(errno));
    ParseUrl(url);
  }
  ~Loop() {
    for (Conn* c : graveyard_) delete c;
    close(epoll_);
  }
  Loop(const Loop&) = delete;
  Loop& operator=(const Loop&) = delete;

  // A descriptor the owner handles itself: `on_watch(id)` is called when it is readable.
  void Watch(int fd, uint32_t id) {
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u64 = (static_cast<uint64_t>(id) << 1) | 1;  // Conn pointers have bit 0 clear
    if (epoll_ctl(epoll_, EPOLL_CTL_ADD, fd, &ev) < 0) Die(std::string("epoll_ctl: ") + strerror(errno));
  }
  std::function<void(uint32_t)> on_watch;

  // Starts a client from the source address 127.0.0.<local_octet> (0: any). It may fail at once
  // (OnFailed is then called before Connect returns).
  Conn* Connect(std::string user, int32_t tag, int local_octet) {
    auto* c = new Conn;
    c->user = std::move(user);
    c->tag = tag;
    c->deadline_ns = NowNs() + kHandshakeTimeout;
    handshaking_.push_back(c);
    c->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (c->fd < 0) {
      c->state = State::kClosed;
      handler_.OnFailed(*c, std::string("socket: ") + strerror(errno));
      return c;
    }
    ++open_;
    int one = 1;
    setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);  // as ws does
    if (local_octet > 0) {
      setsockopt(c->fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof one);
      sockaddr_in local{};
      local.sin_family = AF_INET;
      local.sin_addr.s_addr = htonl((127U << 24) | static_cast<uint32_t>(local_octet));
      if (bind(c->fd, reinterpret_cast<sockaddr*>(&local), sizeof local) < 0) {
        Fail(*c, std::string("bind: ") + strerror(errno));
        return c;
      }
    }
    int rc = connect(c->fd, reinterpret_cast<const sockaddr*>(&server_), sizeof server_);
    if (rc < 0 && errno != EINPROGRESS) {
      Fail(*c, std::string("connect: ") + strerror(errno));
      return c;
    }
    c->events = EPOLLIN | EPOLLOUT;
    epoll_event ev{};
    ev.events = c->events;
    ev.data.ptr = c;
    if (epoll_ctl(epoll_, EPOLL_CTL_ADD, c->fd, &ev) < 0) {
      Fail(*c, std::string("epoll_ctl: ") + strerror(errno));
      return c;
    }
    if (rc == 0) StartUpgrade(*c);
    return c;
  }

  // Sends an EVENT `42<id>["name",arg]` that asks for an ack.
  void Emit(Conn& c, AckKind kind, bool in_window, int64_t sent_ns, std::string_view name,
            std::string_view arg_json) {
    uint32_t id = c.next_ack++;
    c.acks.push_back(PendingAck{id, kind, in_window, sent_ns});
    scratch_.clear();
    scratch_ += "42";
    AppendInt(scratch_, id);
    scratch_ += "[\"";
    scratch_ += name;
    scratch_ += "\",";
    scratch_ += arg_json;
    scratch_ += ']';
    Frame(c, 0x1, scratch_.data(), scratch_.size());
  }
  void SendText(Conn& c, std::string_view text) { Frame(c, 0x1, text.data(), text.size()); }

  // Closes a client without telling the handler (the owner is done with it).
  void Close(Conn& c) {
    if (c.state == State::kClosed) return;
    c.state = State::kClosed;
    c.sio_connected = false;
    close(c.fd);
    --open_;
  }
  // The owner forgets `c`; it is freed at the end of the loop iteration.
  void Release(Conn* c) {
    Close(*c);
    graveyard_.push_back(c);
  }

  // One iteration: sends what was queued, waits up to timeout_ns (< 0: no limit) for events,
  // handles them, sends what they queued.
  void Poll(int64_t timeout_ns) {
    FlushDirty();
    timespec timeout{static_cast<time_t>(timeout_ns / kSecond), static_cast<long>(timeout_ns % kSecond)};
    int n = epoll_pwait2(epoll_, events_, kMaxEvents, timeout_ns < 0 ? nullptr : &timeout, nullptr);
    ++counters_.waits;
    if (n < 0 && errno != EINTR) Die(std::string("epoll_wait: ") + strerror(errno));
    for (int i = 0; i < n; ++i) {
      uint64_t data = events_[i].data.u64;
      uint32_t ev = events_[i].events;
      if (data & 1) {
        if (on_watch) on_watch(static_cast<uint32_t>(data >> 1));
        continue;
      }
      Conn& c = *static_cast<Conn*>(events_[i].data.ptr);
      switch (c.state) {
        case State::kClosed:
          break;
        case State::kConnecting:
          if (ev & (EPOLLOUT | EPOLLERR | EPOLLHUP)) FinishConnect(c);
          break;
        default:
          if (ev & (EPOLLIN | EPOLLERR | EPOLLHUP)) Readable(c);
          if (c.state != State::kClosed && (ev & EPOLLOUT)) Flush(c);
          break;
      }
    }
    FlushDirty();
    int64_t now = NowNs();
    if (now - last_housekeeping_ >= 500 * kMilli) {
      last_housekeeping_ = now;
      Housekeeping(now);
    }
    if (!graveyard_.empty()) {
      std::erase_if(handshaking_, [](Conn* c) { return c->state == State::kClosed || c->sio_connected; });
      for (Conn* c : graveyard_) delete c;
      graveyard_.clear();
    }
  }

  size_t open() const { return open_; }

  struct Counters {  // system calls, for the log
    uint64_t waits = 0;
    uint64_t reads = 0;
    uint64_t sends = 0;
  };
  const Counters& counters() const { return counters_; }

 private:
  void ParseUrl(const std::string& url) {
    std::string_view rest(url);
    if (StartsWith(rest, "http://")) {
      rest.remove_prefix(7);
    } else if (StartsWith(rest, "ws://")) {
      rest.remove_prefix(5);
    } else {
      Die("--url must be http://HOST:PORT, got '" + url + "'");
    }
    rest = rest.substr(0, rest.find('/'));
    size_t colon = rest.rfind(':');
    std::string host(rest.substr(0, colon));
    std::string port = colon == std::string_view::npos ? "80" : std::string(rest.substr(colon + 1));
    host_header_ = std::string(rest);
    addrinfo hints{};
    hints.ai_family = AF_INET;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    if (getaddrinfo(host.c_str(), port.c_str(), &hints, &found) != 0 || found == nullptr) {
      Die("cannot resolve " + host + ":" + port);
    }
    memcpy(&server_, found->ai_addr, sizeof server_);
    freeaddrinfo(found);
  }

  void SetEvents(Conn& c, uint32_t events) {
    if (c.events == events) return;
    c.events = events;
    epoll_event ev{};
    ev.events = events;
    ev.data.ptr = &c;
    epoll_ctl(epoll_, EPOLL_CTL_MOD, c.fd, &ev);
  }

  void Fail(Conn& c, const std::string& why) {
    if (c.state == State::kClosed) return;
    bool was_connected = c.sio_connected;
    Close(c);
    if (was_connected) {
      handler_.OnClosed(c);
    } else {
      handler_.OnFailed(c, why);
    }
  }

  void Housekeeping(int64_t now) {
    std::erase_if(handshaking_, [](Conn* c) { return c->state == State::kClosed || c->sio_connected; });
    // Fail() may reach the handler, which may start clients: iterate over a copy.
    std::vector<Conn*> late;
    for (Conn* c : handshaking_) {
      if (now > c->deadline_ns) late.push_back(c);
    }
    for (Conn* c : late) Fail(*c, "handshake timeout");
  }

  void FinishConnect(Conn& c) {
    int error = 0;
    socklen_t len = sizeof error;
    if (getsockopt(c.fd, SOL_SOCKET, SO_ERROR, &error, &len) < 0) error = errno;
    if (error != 0) {
      Fail(c, std::string("connect: ") + strerror(error));
      return;
    }
    StartUpgrade(c);
  }

  void StartUpgrade(Conn& c) {
    c.state = State::kUpgrading;
    unsigned char key[16];
    for (int i = 0; i < 16; i += 8) {
      uint64_t r = Random();
      memcpy(key + i, &r, 8);
    }
    std::string request;
    request.reserve(256);
    request += "GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: ";
    request += host_header_;
    request += "\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
               "Sec-WebSocket-Key: ";
    static constexpr char kBase64[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (int i = 0; i < 16; i += 3) {
      uint32_t v = static_cast<uint32_t>(key[i]) << 16;
      if (i + 1 < 16) v |= static_cast<uint32_t>(key[i + 1]) << 8;
      if (i + 2 < 16) v |= key[i + 2];
      request += kBase64[(v >> 18) & 63];
      request += kBase64[(v >> 12) & 63];
      request += i + 1 < 16 ? kBase64[(v >> 6) & 63] : '=';
      request += i + 2 < 16 ? kBase64[v & 63] : '=';
    }
    request += "\r\n\r\n";
    c.out.insert(0, request);  // before anything queued while connecting
    SetEvents(c, EPOLLIN);
    Flush(c);
  }

  // Appends one masked client frame to c.out.
  void Frame(Conn& c, uint8_t opcode, const char* payload, size_t n) {
    if (c.state == State::kClosed) return;
    size_t header = n < 126 ? 2 : (n <= 0xffff ? 4 : 10);
    size_t pos = c.out.size();
    c.out.resize(pos + header + 4 + n);
    auto* o = reinterpret_cast<unsigned char*>(c.out.data() + pos);
    o[0] = static_cast<unsigned char>(0x80 | opcode);
    if (n < 126) {
      o[1] = static_cast<unsigned char>(0x80 | n);
    } else if (n <= 0xffff) {
      o[1] = 0x80 | 126;
      o[2] = static_cast<unsigned char>(n >> 8);
      o[3] = static_cast<unsigned char>(n);
    } else {
      o[1] = 0x80 | 127;
      for (int i = 0; i < 8; ++i) o[2 + i] = static_cast<unsigned char>(static_cast<uint64_t>(n) >> (56 - 8 * i));
    }
    uint32_t key32 = static_cast<uint32_t>(Random() >> 16);
    memcpy(o + header, &key32, 4);
    unsigned char* dst = o + header + 4;
    uint64_t key64 = (static_cast<uint64_t>(key32) << 32) | key32;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
      uint64_t v;
      memcpy(&v, payload + i, 8);
      v ^= key64;
      memcpy(dst + i, &v, 8);
    }
    const auto* k = reinterpret_cast<const unsigned char*>(&key32);
    for (; i < n; ++i) dst[i] = static_cast<unsigned char>(payload[i]) ^ k[i & 3];
    if (!c.dirty && c.state != State::kConnecting) {
      c.dirty = true;
      dirty_.push_back(&c);
    }
  }

  void FlushDirty() {
    // Flush() may fail a client, and the handler may queue frames on others: index, not iterators.
    for (size_t i = 0; i < dirty_.size(); ++i) {
      Conn& c = *dirty_[i];
      c.dirty = false;
      if (c.state != State::kClosed && c.state != State::kConnecting) Flush(c);
    }
    dirty_.clear();
  }

  void Flush(Conn& c) {
    while (c.out_off < c.out.size()) {
      ++counters_.sends;
      ssize_t n = send(c.fd, c.out.data() + c.out_off, c.out.size() - c.out_off, MSG_NOSIGNAL);
      if (n > 0) {
        c.out_off += static_cast<size_t>(n);
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        SetEvents(c, EPOLLIN | EPOLLOUT);
        return;
      }
      Fail(c, std::string("send: ") + strerror(errno));
      return;
    }
    c.out.clear();
    c.out_off = 0;
    SetEvents(c, EPOLLIN);
  }

  void Readable(Conn& c) {
    for (;;) {
      ++counters_.reads;
      ssize_t n = read(c.fd, read_buffer_.data(), kReadBuffer);
      if (n > 0) {
        int64_t now = NowNs();
        Consume(c, read_buffer_.data(), static_cast<size_t>(n), now);
        if (c.state == State::kClosed || static_cast<size_t>(n) < kReadBuffer) return;
        continue;
      }
      if (n == 0) {
        Fail(c, "closed");
        return;
      }
      if (errno == EINTR) continue;
      if (errno != EAGAIN && errno != EWOULDBLOCK) Fail(c, std::string("read: ") + strerror(errno));
      return;
    }
  }

  void Consume(Conn& c, char* data, size_t n, int64_t now) {
    if (c.state == State::kUpgrading) {
      c.in.append(data, n);
      size_t end = c.in.find("\r\n\r\n");
      if (end == std::string::npos) {
        if (c.in.size() > 65536) Fail(c, "oversized HTTP response");
        return;
      }
      if (!StartsWith(c.in, "HTTP/1.1 101")) {
        Fail(c, "upgrade refused: " + c.in.substr(0, c.in.find('\r')));
        return;
      }
      c.state = State::kOpen;
      std::string rest = c.in.substr(end + 4);
      c.in.clear();
      c.in.shrink_to_fit();
      if (!rest.empty()) Consume(c, rest.data(), rest.size(), now);
      return;
    }
    if (c.in.empty()) {
      size_t used = ParseFrames(c, data, n, now);
      if (c.state != State::kClosed && used < n) c.in.assign(data + used, n - used);
    } else {
      c.in.append(data, n);
      size_t used = ParseFrames(c, c.in.data(), c.in.size(), now);
      if (c.state != State::kClosed) c.in.erase(0, used);
    }
  }

  // Handles the complete frames at p[0, n); returns how many bytes they took.
  size_t ParseFrames(Conn& c, char* p, size_t n, int64_t now) {
    size_t off = 0;
    while (n - off >= 2) {
      auto* b = reinterpret_cast<unsigned char*>(p + off);
      size_t header = 2;
      uint64_t len = b[1] & 0x7f;
      if (len == 126) {
        if (n - off < 4) break;
        len = (static_cast<uint64_t>(b[2]) << 8) | b[3];
        header = 4;
      } else if (len == 127) {
        if (n - off < 10) break;
        len = 0;
        for (int i = 0; i < 8; ++i) len = (len << 8) | b[2 + i];
        header = 10;
      }
      bool masked = (b[1] & 0x80) != 0;
      if (masked) header += 4;
      if (len > kMaxMessage) {
        Fail(c, "oversized frame");
        return off;
      }
      if (n - off < header + len) break;
      char* payload = p + off + header;
      if (masked) {
        const unsigned char* key = b + header - 4;
        for (uint64_t i = 0; i < len; ++i) payload[i] = static_cast<char>(payload[i] ^ key[i & 3]);
      }
      bool fin = (b[0] & 0x80) != 0;
      uint8_t opcode = b[0] & 0x0f;
      off += header + static_cast<size_t>(len);
      OnFrame(c, fin, opcode, payload, static_cast<size_t>(len), now);
      if (c.state == State::kClosed) return off;
    }
    return off;
  }

  void OnFrame(Conn& c, bool fin, uint8_t opcode, const char* payload, size_t len, int64_t now) {
    switch (opcode) {
      case 0x0:  // continuation
        if (c.frag_opcode == 0) {
          Fail(c, "unexpected continuation frame");
          return;
        }
        c.frag.append(payload, len);
        if (fin) {
          c.frag_opcode = 0;
          std::string message = std::move(c.frag);
          c.frag.clear();
          OnMessage(c, message, now);
        }
        return;
      case 0x1:  // text
      case 0x2:  // binary
        if (fin) {
          OnMessage(c, std::string_view(payload, len), now);
        } else {
          c.frag_opcode = opcode;
          c.frag.assign(payload, len);
        }
        return;
      case 0x8:  // close: answer with its status code, then drop the connection
        Frame(c, 0x8, payload, std::min<size_t>(len, 2));
        Flush(c);
        Fail(c, "closed by the server");
        return;
      case 0x9:  // ping
        Frame(c, 0xA, payload, len);
        return;
      case 0xA:  // pong
        return;
      default:
        Fail(c, "unknown opcode " + std::to_string(opcode));
        return;
    }
  }

  // One Engine.IO packet.
  void OnMessage(Conn& c, std::string_view text, int64_t now) {
    if (text.empty()) return;
    switch (text[0]) {
      case '2':  // ping
        SendText(c, "3");
        return;
      case '0':  // open
        scratch_.assign("40{\"token\":");
        AppendQuoted(scratch_, "valid:" + c.user);
        scratch_ += '}';
        Frame(c, 0x1, scratch_.data(), scratch_.size());
        return;
      case '4':  // message: a Socket.IO packet
        break;
      default:
        return;
    }
    if (text.size() < 2) return;
    switch (text[1]) {
      case '2':  // EVENT
        handler_.OnEvent(c, text, now);
        return;
      case '3': {  // ACK: 43<id>[...]
        size_t bracket = text.find('[');
        if (bracket == std::string_view::npos) return;
        uint32_t id = 0;
        auto [ptr, ec] = std::from_chars(text.data() + 2, text.data() + bracket, id);
        if (ec != std::errc() || ptr != text.data() + bracket) return;
        for (size_t i = 0; i < c.acks.size(); ++i) {
          if (c.acks[i].id != id) continue;
          PendingAck ack = c.acks[i];
          c.acks.erase(c.acks.begin() + static_cast<ptrdiff_t>(i));
          handler_.OnAck(c, ack, text.substr(bracket), now);
          return;
        }
        return;
      }
      case '0':  // CONNECT
        c.sio_connected = true;
        handler_.OnConnected(c);
        return;
      case '4':  // CONNECT_ERROR
        Fail(c, "connect_error " + std::string(text.substr(2)));
        return;
      default:
        return;
    }
  }

  Handler& handler_;
  int epoll_ = -1;
  sockaddr_in server_{};
  std::string host_header_;
  std::vector<char> read_buffer_;
  epoll_event events_[kMaxEvents];
  std::vector<Conn*> dirty_;
  std::vector<Conn*> handshaking_;
  std::vector<Conn*> graveyard_;
  std::string scratch_;
  size_t open_ = 0;
  int64_t last_housekeeping_ = 0;
  Counters counters_;
};

// ---------------------------------------------------------------------------------- fan-out
class Fanout : public Handler {
 public:
  explicit Fanout(const Flags& flags)
      : url_(flags.Str("url", "")),
        pid_(static_cast<long>(flags.Num("pid", 0))),
        clients_(static_cast<int>(flags.Num("clients", 1000))),
        room_size_(static_cast<int>(flags.Num("room-size", 10))),
        rate_(flags.Num("rate", 10000)),
        payload_(static_cast<int>(flags.Num("payload", 100))),
        warmup_(flags.Num("warmup", 3)),
        duration_(flags.Num("duration", 10)),
        label_(flags.Str("label", "")),
        addresses_(static_cast<int>(flags.Num("addresses", 8))),
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
    Log("fanout %s: %d clients joined %d rooms; offering %g deliveries/s", label_.c_str(), clients_, rooms,
        rate_);

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
    ack_latencies_.reserve(std::min<size_t>(expected / static_cast<size_t>(std::max(1, room_size_ - 1)) + 1024, 10'000'000));

    // Open loop on a 1 ms tick: at each tick, send what the schedule says is due (bounded catch-up).
    // The tick runs when the loop wakes up anyway or when its time comes (no timer descriptor: at
    // high rates the loop never sleeps only for the tick).
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
      if (delivered_total_ >= emits_total_ * fanout && acks_ok_ + acks_failed_ >= emits_total_) break;
    }
    auto lost = static_cast<int64_t>(emits_total_ * fanout) - static_cast<int64_t>(delivered_total_);
    auto acks_missing = static_cast<int64_t>(emits_total_) - static_cast<int64_t>(acks_ok_ + acks_failed_);
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
      Log("fanout %s: loadgen CPU %.1f ms in the window: %.3f us per received message (user %.3f + sys "
          "%.3f); per received message: %.3f epoll_wait, %.3f read, %.3f send (%llu received, %llu "
          "emits)%s",
          label_.c_str(), self_us / 1000, self_us / received, (self1.user_us - self0.user_us) / received,
          (self1.sys_us - self0.sys_us) / received,
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
        std::from_chars(text.data() + t + 4, text.data() + text.size(), sent_ns).ec != std::errc()) {
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
    int64_t due = std::min<int64_t>(scheduled - sent_, static_cast<int64_t>(std::ceil(emit_rate_ / 20)) + 1);
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

// ------------------------------------------------------------------------------------ idle
// Line protocol between the idle parent and its workers (one pipe each way):
//   parent → worker: "target <N>" | "status" | "exit"
//   worker → parent: "connected <C> failures <F> gave_up <text>" (after target; text may be empty)
//                    "connected <C>" (after status)
void WriteAll(int fd, const std::string& text) {
  size_t off = 0;
  while (off < text.size()) {
    ssize_t n = write(fd, text.data() + off, text.size() - off);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) Die(std::string("pipe write: ") + strerror(errno));
    off += static_cast<size_t>(n);
  }
}

class IdleWorker : public Handler {
 public:
  IdleWorker(const std::string& url, int worker, int procs, int addresses, int concurrency, int from_parent,
             int to_parent)
      : worker_(worker),
        procs_(procs),
        addresses_(addresses),
        concurrency_(concurrency),
        from_parent_(from_parent),
        to_parent_(to_parent),
        loop_(*this, url) {}

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
    int64_t index = worker_ + static_cast<int64_t>(procs_) * n_++;  // globally unique user, address spread
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
      if (gave_up_) Log("idle worker %d: gave up after repeated failures: %s", worker_, gave_up_->c_str());
      std::string why = gave_up_.value_or("");
      std::replace(why.begin(), why.end(), '\n', ' ');
      WriteAll(to_parent_, "connected " + std::to_string(Connected()) + " failures " + std::to_string(failures_) +
                               " gave_up " + why + "\n");
      active_ = false;
    }
  }

  int64_t Connected() const { return static_cast<int64_t>(clients_.size()) - static_cast<int64_t>(closed_); }

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
      Die("idle worker exited with " + std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : -1));
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

void SleepNs(int64_t ns) {
  timespec ts{static_cast<time_t>(ns / kSecond), static_cast<long>(ns % kSecond)};
  while (nanosleep(&ts, &ts) < 0 && errno == EINTR) {
  }
}

int Idle(const Flags& flags) {
  std::string url = flags.Str("url", "");
  long pid = static_cast<long>(flags.Num("pid", 0));
  std::string counts_text = flags.Str("counts", "10000,50000");
  int procs = static_cast<int>(flags.Num("procs", 4));
  int addresses = static_cast<int>(flags.Num("addresses", 8));
  int concurrency = static_cast<int>(flags.Num("concurrency", 200));
  double idle_cpu = flags.Num("idle-cpu", 5);
  std::string label = flags.Str("label", "");
  std::vector<int64_t> counts;
  for (size_t start = 0; start <= counts_text.size();) {
    size_t comma = counts_text.find(',', start);
    if (comma == std::string::npos) comma = counts_text.size();
    counts.push_back(atoll(counts_text.substr(start, comma - start).c_str()));
    start = comma + 1;
  }
  if (procs < 1) Die("--procs must be at least 1");

  long rss0 = RssKb(pid);
  std::vector<WorkerProc> workers;
  for (int w = 0; w < procs; ++w) {
    int down[2];
    int up[2];
    if (pipe2(down, O_CLOEXEC) < 0 || pipe2(up, O_CLOEXEC) < 0) Die(std::string("pipe: ") + strerror(errno));
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
      g_rng ^= static_cast<uint64_t>(getpid()) * 0x9e3779b97f4a7c15ULL;
      IdleWorker(url, w, procs, addresses, concurrency, down[0], up[1]).Run();
    }
    close(down[0]);
    close(up[1]);
    workers.push_back(WorkerProc{child, down[1], up[0], {}});
  }

  std::string stages = "[";
  for (int64_t total : counts) {
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
    std::string stage_json = stage.Done();
    Log("idle %s: %s", label.c_str(), stage_json.c_str());
    if (stages.size() > 1) stages += ',';
    stages += stage_json;
  }
  stages += ']';
  for (WorkerProc& w : workers) WriteAll(w.to_child, "exit\n");
  JsonObject result;
  result.Str("scenario", "idle").Str("label", label).Raw("stages", stages);
  printf("RESULT %s\n", result.Done().c_str());
  fflush(stdout);
  for (WorkerProc& w : workers) {
    close(w.to_child);
    close(w.from_child);
    waitpid(w.pid, nullptr, 0);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  signal(SIGPIPE, SIG_IGN);
  g_rng ^= static_cast<uint64_t>(NowNs()) ^ (static_cast<uint64_t>(getpid()) << 32);
  std::string mode = argc > 1 ? argv[1] : "";
  Flags flags(argc, argv);
  if (mode == "fanout") {
    auto fanout = std::make_unique<Fanout>(flags);
    return fanout->Run();
  }
  if (mode == "idle") return Idle(flags);
  fprintf(stderr, "usage: realtime_loadgen fanout|idle --url http://127.0.0.1:PORT --pid SERVER_PID …\n");
  return 2;
}
