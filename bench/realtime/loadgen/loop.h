#pragma once
// The connection machinery: raw Engine.IO v4 / Socket.IO v5 clients over WebSocket, driven by one
// epoll loop (level-triggered, non-blocking sockets). Each client sends the HTTP upgrade, answers
// the open packet with `40{"token":"valid:<user>"}` and reports the Socket.IO CONNECT to its
// Handler; it answers every Engine.IO ping ("2" → "3"), WebSocket ping (pong) and close.
//
// A 256 KiB read buffer is shared by all sockets (a socket keeps only an incomplete frame); the
// frames a socket sends during one loop iteration go out with one send() at its end. Server
// frames may be fragmented. Single-threaded: a Loop, its Conns and its Handler belong to the
// thread that calls Poll().

#include <netinet/in.h>
#include <sys/epoll.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "loadgen/process.h"

namespace loadgen {

enum class State : uint8_t { kConnecting, kUpgrading, kOpen, kClosed };
enum AckKind : uint8_t { kAckJoin, kAckEmit };

struct PendingAck {
  uint32_t id;
  AckKind kind;
  bool in_window;  // sent while measuring
  int64_t sent_ns;
};

// One raw Socket.IO client over one WebSocket. Owned by the Loop that created it; its owner reads
// it and hands it back with Loop::Release.
struct Conn {
  int fd = -1;
  State state = State::kConnecting;
  bool sio_connected = false;  // got `40…` and not closed since
  bool dirty = false;          // in the loop's flush list
  uint8_t frag_opcode = 0;     // opcode of a fragmented message being assembled, 0 if none
  uint32_t events = 0;         // epoll interest
  uint32_t next_ack = 0;
  int32_t tag = 0;          // the owner's (client index / attempt number)
  int64_t deadline_ns = 0;  // handshake timeout
  std::string user;
  std::string out;  // bytes to send; out_off of them already sent
  size_t out_off = 0;
  std::string in;    // an incomplete frame (or the HTTP response)
  std::string frag;  // a fragmented message
  std::vector<PendingAck> acks;
};

// What a scenario learns about its clients. Called from inside Loop::Connect and Loop::Poll; it
// may start, emit on and release clients (never delete them).
class Handler {
 public:
  virtual ~Handler() = default;
  virtual void OnConnected(Conn& c) = 0;                       // Socket.IO CONNECT done
  virtual void OnFailed(Conn& c, const std::string& why) = 0;  // before CONNECT; closed
  virtual void OnClosed(Conn&) {}                              // after CONNECT
  // A Socket.IO EVENT packet (`42…`); recv_ns is the time its read() returned.
  virtual void OnEvent(Conn&, std::string_view /*packet*/, int64_t /*recv_ns*/) {}
  // The ACK for `ack`; args is its `[...]` array.
  virtual void OnAck(Conn&, const PendingAck&, std::string_view /*args*/, int64_t /*recv_ns*/) {}
};

class Loop {
 public:
  static constexpr size_t kReadBuffer = 256 * 1024;
  static constexpr int kMaxEvents = 1024;
  static constexpr uint64_t kMaxMessage = 64ULL << 20;
  static constexpr int64_t kHandshakeTimeout = 30 * kSecond;  // ws's handshakeTimeout

  // `handler` must outlive the Loop. Dies when `url` is not http://HOST[:PORT] or ws://…, or does
  // not resolve.
  Loop(Handler& handler, const std::string& url);
  ~Loop();  // frees released clients; the owner releases the others first
  Loop(const Loop&) = delete;
  Loop& operator=(const Loop&) = delete;

  // A descriptor the owner handles itself: `on_watch(id)` is called when it is readable.
  void Watch(int fd, uint32_t id);
  std::function<void(uint32_t)> on_watch;

  // Starts a client from the source address 127.0.0.<local_octet> (0: any). It may fail at once
  // (OnFailed is then called before Connect returns). Fails with "handshake timeout" when not
  // connected within kHandshakeTimeout.
  Conn* Connect(std::string user, int32_t tag, int local_octet);

  // Sends an EVENT `42<id>["name",arg]` that asks for an ack; `arg_json` must be valid JSON.
  void Emit(Conn& c, AckKind kind, bool in_window, int64_t sent_ns, std::string_view name,
            std::string_view arg_json);
  void SendText(Conn& c, std::string_view text) { Frame(c, 0x1, text.data(), text.size()); }

  // Closes a client without telling the handler (the owner is done with it).
  void Close(Conn& c);
  // The owner forgets `c`; it is freed at the end of the loop iteration.
  void Release(Conn* c);

  // One iteration: sends what was queued, waits up to timeout_ns (< 0: no limit) for events,
  // handles them, sends what they queued.
  void Poll(int64_t timeout_ns);

  size_t open() const { return open_; }

  struct Counters {  // system calls, for the log
    uint64_t waits = 0;
    uint64_t reads = 0;
    uint64_t sends = 0;
  };
  const Counters& counters() const { return counters_; }

 private:
  void ParseUrl(const std::string& url);
  void SetEvents(Conn& c, uint32_t events);
  void Fail(Conn& c, const std::string& why);
  void Housekeeping(int64_t now);
  void FinishConnect(Conn& c);
  void StartUpgrade(Conn& c);
  void Frame(Conn& c, uint8_t opcode, const char* payload, size_t n);
  void FlushDirty();
  void Flush(Conn& c);
  void Readable(Conn& c);
  void Consume(Conn& c, char* data, size_t n, int64_t now);
  size_t ParseFrames(Conn& c, char* p, size_t n, int64_t now);
  void OnFrame(Conn& c, bool fin, uint8_t opcode, const char* payload, size_t len, int64_t now);
  void OnMessage(Conn& c, std::string_view text, int64_t now);

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

}  // namespace loadgen
