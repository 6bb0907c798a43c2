#pragma once
// The WebSocket wire format (RFC 6455) for the server side, std only: the opening handshake's
// accept key, server frame headers, and an incremental reader that turns the bytes a client
// sends into complete messages and control frames. Private to `net` (used by
// lean_websocket.cc; fuzzed by fuzz/ws_frame_fuzz.cc).

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace syntera::net::ws {

enum Opcode : uint8_t {
  kContinuation = 0x0,
  kText = 0x1,
  kBinary = 0x2,
  kClose = 0x8,
  kPing = 0x9,
  kPong = 0xA,
};

// Close codes we send (RFC 6455 §7.4.1).
enum CloseCode : uint16_t {
  kNormal = 1000,
  kGoingAway = 1001,
  kProtocolError = 1002,
  kInvalidPayload = 1007,
  kTooBig = 1009,
};

inline constexpr size_t kMaxHeaderBytes = 10;  // server frames are never masked

// Sec-WebSocket-Accept for a client's Sec-WebSocket-Key: base64(SHA-1(key + GUID)).
std::string AcceptKey(std::string_view client_key);

// Writes the header of one unmasked, final frame into `out`; returns its length (2–10).
size_t EncodeHeader(Opcode opcode, uint64_t payload_length, char out[kMaxHeaderBytes]);

// A whole frame (header + payload) as a string; for control frames and tests.
std::string EncodeFrame(Opcode opcode, std::string_view payload);
// The payload of a close frame: the code in network order and the reason.
std::string ClosePayload(uint16_t code, std::string_view reason = {});

// Whether `text` is well-formed UTF-8 (no overlongs, surrogates or code points > U+10FFFF).
bool ValidUtf8(std::string_view text);

// Receives what a Reader finds, in order. Called synchronously from Feed().
class ReaderSink {
 public:
  virtual ~ReaderSink() = default;
  virtual void OnWsMessage(std::string payload, bool binary) = 0;
  virtual void OnWsPing(std::string_view payload) = 0;
  // A close frame; code 1005 when it carried none. After it Feed() stops reading.
  virtual void OnWsClose(uint16_t code) = 0;
};

// Incremental parser of client → server frames. Enforces: every client frame masked, no RSV
// bits (no extensions are negotiated), known opcodes, control frames final and ≤ 125 bytes,
// continuation only inside a fragmented message, text messages valid UTF-8, messages of at
// most max_message_bytes. Holds bytes only while a frame or message is incomplete.
class Reader {
 public:
  explicit Reader(size_t max_message_bytes) : max_message_bytes_(max_message_bytes) {}

  // Consumes `data` (which it may modify: payloads are unmasked in place). Returns 0 while
  // all is well, or the close code the connection must end with (1002, 1007 or 1009); after
  // a non-zero result or a close frame the reader is finished and ignores further input.
  uint16_t Feed(char* data, size_t size, ReaderSink& sink);

  bool finished() const { return finished_; }
  // Heap bytes held for an incomplete frame or message (0 for an idle connection).
  size_t buffered() const {
    const size_t inline_capacity = std::string().capacity();
    return partial_.capacity() + message_.capacity() - 2 * inline_capacity;
  }

 private:
  // Parses one frame from [data, data+size). Returns the bytes consumed (0: incomplete), or
  // sets *error.
  size_t ParseFrame(char* data, size_t size, ReaderSink& sink, uint16_t* error);
  uint16_t OnFrame(uint8_t opcode, bool fin, char* payload, size_t length, ReaderSink& sink);

  const size_t max_message_bytes_;
  std::string partial_;      // the start of an incomplete frame
  std::string message_;      // the fragments of an unfinished message
  bool in_message_ = false;  // a non-final data frame was seen
  bool message_binary_ = false;
  bool finished_ = false;
};

}  // namespace syntera::net::ws
