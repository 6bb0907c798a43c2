// Loop's receive path: bytes read from a socket → the HTTP upgrade response, then WebSocket frames
// → Engine.IO packets → Socket.IO packets, reported to the Handler. Connection set-up, sending and
// the poll loop are in loop.cc.
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>

#include "loadgen/json.h"
#include "loadgen/loop.h"
#include "loadgen/websocket.h"

namespace loadgen {

void Loop::Readable(Conn& c) {
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

void Loop::Consume(Conn& c, char* data, size_t n, int64_t now) {
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
size_t Loop::ParseFrames(Conn& c, char* p, size_t n, int64_t now) {
  size_t off = 0;
  FrameHeader h;
  while (DecodeFrameHeader(reinterpret_cast<unsigned char*>(p + off), n - off, h)) {
    if (h.payload_size > kMaxMessage) {
      Fail(c, "oversized frame");
      return off;
    }
    if (n - off < h.size + h.payload_size) break;
    char* payload = p + off + h.size;
    if (h.masked) Unmask(payload, h.payload_size, reinterpret_cast<unsigned char*>(payload) - 4);
    off += h.size + static_cast<size_t>(h.payload_size);
    OnFrame(c, h.fin, h.opcode, payload, static_cast<size_t>(h.payload_size), now);
    if (c.state == State::kClosed) return off;
  }
  return off;
}

void Loop::OnFrame(Conn& c, bool fin, uint8_t opcode, const char* payload, size_t len,
                   int64_t now) {
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
void Loop::OnMessage(Conn& c, std::string_view text, int64_t now) {
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

}  // namespace loadgen
