// Connection set-up, sending and the poll loop; the receive path is in loop_receive.cc.
#include "loadgen/loop.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "loadgen/json.h"
#include "loadgen/websocket.h"

namespace loadgen {

Loop::Loop(Handler& handler, const std::string& url)
    : handler_(handler), read_buffer_(kReadBuffer) {
  epoll_ = epoll_create1(EPOLL_CLOEXEC);
  if (epoll_ < 0) Die(std::string("epoll_create1: ") + strerror(errno));
  ParseUrl(url);
}

Loop::~Loop() {
  for (Conn* c : graveyard_) delete c;
  close(epoll_);
}

void Loop::Watch(int fd, uint32_t id) {
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.u64 = (static_cast<uint64_t>(id) << 1) | 1;  // Conn pointers have bit 0 clear
  if (epoll_ctl(epoll_, EPOLL_CTL_ADD, fd, &ev) < 0)
    Die(std::string("epoll_ctl: ") + strerror(errno));
}

Conn* Loop::Connect(std::string user, int32_t tag, int local_octet) {
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

void Loop::Emit(Conn& c, AckKind kind, bool in_window, int64_t sent_ns, std::string_view name,
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

void Loop::Close(Conn& c) {
  if (c.state == State::kClosed) return;
  c.state = State::kClosed;
  c.sio_connected = false;
  close(c.fd);
  --open_;
}

void Loop::Release(Conn* c) {
  Close(*c);
  graveyard_.push_back(c);
}

void Loop::Poll(int64_t timeout_ns) {
  FlushDirty();
  timespec timeout{static_cast<time_t>(timeout_ns / kSecond),
                   static_cast<long>(timeout_ns % kSecond)};
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
    std::erase_if(handshaking_,
                  [](Conn* c) { return c->state == State::kClosed || c->sio_connected; });
    for (Conn* c : graveyard_) delete c;
    graveyard_.clear();
  }
}

void Loop::ParseUrl(const std::string& url) {
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

void Loop::SetEvents(Conn& c, uint32_t events) {
  if (c.events == events) return;
  c.events = events;
  epoll_event ev{};
  ev.events = events;
  ev.data.ptr = &c;
  epoll_ctl(epoll_, EPOLL_CTL_MOD, c.fd, &ev);
}

void Loop::Fail(Conn& c, const std::string& why) {
  if (c.state == State::kClosed) return;
  bool was_connected = c.sio_connected;
  Close(c);
  if (was_connected) {
    handler_.OnClosed(c);
  } else {
    handler_.OnFailed(c, why);
  }
}

void Loop::Housekeeping(int64_t now) {
  std::erase_if(handshaking_,
                [](Conn* c) { return c->state == State::kClosed || c->sio_connected; });
  // Fail() may reach the handler, which may start clients: iterate over a copy.
  std::vector<Conn*> late;
  for (Conn* c : handshaking_) {
    if (now > c->deadline_ns) late.push_back(c);
  }
  for (Conn* c : late) Fail(*c, "handshake timeout");
}

void Loop::FinishConnect(Conn& c) {
  int error = 0;
  socklen_t len = sizeof error;
  if (getsockopt(c.fd, SOL_SOCKET, SO_ERROR, &error, &len) < 0) error = errno;
  if (error != 0) {
    Fail(c, std::string("connect: ") + strerror(error));
    return;
  }
  StartUpgrade(c);
}

void Loop::StartUpgrade(Conn& c) {
  c.state = State::kUpgrading;
  c.out.insert(0, UpgradeRequest(host_header_));  // before anything queued while connecting
  SetEvents(c, EPOLLIN);
  Flush(c);
}

// Appends one masked client frame to c.out.
void Loop::Frame(Conn& c, uint8_t opcode, const char* payload, size_t n) {
  if (c.state == State::kClosed) return;
  AppendClientFrame(c.out, opcode, payload, n);
  if (!c.dirty && c.state != State::kConnecting) {
    c.dirty = true;
    dirty_.push_back(&c);
  }
}

void Loop::FlushDirty() {
  // Flush() may fail a client, and the handler may queue frames on others: index, not iterators.
  for (size_t i = 0; i < dirty_.size(); ++i) {
    Conn& c = *dirty_[i];
    c.dirty = false;
    if (c.state != State::kClosed && c.state != State::kConnecting) Flush(c);
  }
  dirty_.clear();
}

void Loop::Flush(Conn& c) {
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

}  // namespace loadgen
