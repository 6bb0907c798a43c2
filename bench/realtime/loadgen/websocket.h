#pragma once
// The client side of RFC 6455 as the load generator speaks it: the HTTP upgrade request for the
// Engine.IO WebSocket transport, masked client frames, and the header of server frames. No I/O
// here: Loop owns the sockets and calls these on its buffers.
//
// Masking keys and Sec-WebSocket-Key values come from a per-process xorshift64* generator (not
// cryptography). It is not thread-safe; the tool has one thread per process.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace loadgen {

// Mixes `entropy` into the generator's state. main() calls it once; a forked child calls it again
// so that its keys differ from its siblings'.
void SeedRandom(uint64_t entropy);

// The complete HTTP/1.1 request that upgrades `GET /socket.io/?EIO=4&transport=websocket` on
// `host_header` (host:port) to a WebSocket, with a fresh random key. The response is not
// checked against the key.
std::string UpgradeRequest(std::string_view host_header);

// Appends one client frame to `out`: FIN set, `opcode`, payload p[0, n) masked with a fresh key.
void AppendClientFrame(std::string& out, uint8_t opcode, const char* payload, size_t n);

struct FrameHeader {
  bool fin = false;
  uint8_t opcode = 0;
  bool masked = false;
  size_t size = 0;  // bytes of header, masking key included
  uint64_t payload_size = 0;
};

// Decodes the header of the frame that starts at p[0, n). Returns false when `n` bytes do not
// reach the end of its length field yet; otherwise fills `header` (the caller checks that n
// covers header.size + header.payload_size before reading the payload).
bool DecodeFrameHeader(const unsigned char* p, size_t n, FrameHeader& header);

// Unmasks payload[0, n) in place with the 4-byte masking `key` of its frame.
void Unmask(char* payload, uint64_t n, const unsigned char* key);

}  // namespace loadgen
