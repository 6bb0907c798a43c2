#include "loadgen/websocket.h"

#include <cstring>

namespace loadgen {
namespace {

uint64_t g_rng = 0x9e3779b97f4a7c15ULL;  // this process's generator; see websocket.h

uint64_t Random() {  // xorshift64*
  g_rng ^= g_rng >> 12;
  g_rng ^= g_rng << 25;
  g_rng ^= g_rng >> 27;
  return g_rng * 0x2545f4914f6cdd1dULL;
}

}  // namespace

void SeedRandom(uint64_t entropy) { g_rng ^= entropy; }

std::string UpgradeRequest(std::string_view host_header) {
  unsigned char key[16];
  for (int i = 0; i < 16; i += 8) {
    uint64_t r = Random();
    memcpy(key + i, &r, 8);
  }
  std::string request;
  request.reserve(256);
  request += "GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: ";
  request += host_header;
  request +=
      "\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
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
  return request;
}

void AppendClientFrame(std::string& out, uint8_t opcode, const char* payload, size_t n) {
  size_t header = n < 126 ? 2 : (n <= 0xffff ? 4 : 10);
  size_t pos = out.size();
  out.resize(pos + header + 4 + n);
  auto* o = reinterpret_cast<unsigned char*>(out.data() + pos);
  o[0] = static_cast<unsigned char>(0x80 | opcode);
  if (n < 126) {
    o[1] = static_cast<unsigned char>(0x80 | n);
  } else if (n <= 0xffff) {
    o[1] = 0x80 | 126;
    o[2] = static_cast<unsigned char>(n >> 8);
    o[3] = static_cast<unsigned char>(n);
  } else {
    o[1] = 0x80 | 127;
    for (int i = 0; i < 8; ++i)
      o[2 + i] = static_cast<unsigned char>(static_cast<uint64_t>(n) >> (56 - 8 * i));
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
}

bool DecodeFrameHeader(const unsigned char* p, size_t n, FrameHeader& header) {
  if (n < 2) return false;
  size_t size = 2;
  uint64_t len = p[1] & 0x7f;
  if (len == 126) {
    if (n < 4) return false;
    len = (static_cast<uint64_t>(p[2]) << 8) | p[3];
    size = 4;
  } else if (len == 127) {
    if (n < 10) return false;
    len = 0;
    for (int i = 0; i < 8; ++i) len = (len << 8) | p[2 + i];
    size = 10;
  }
  header.masked = (p[1] & 0x80) != 0;
  if (header.masked) size += 4;
  header.fin = (p[0] & 0x80) != 0;
  header.opcode = p[0] & 0x0f;
  header.size = size;
  header.payload_size = len;
  return true;
}

void Unmask(char* payload, uint64_t n, const unsigned char* key) {
  for (uint64_t i = 0; i < n; ++i) payload[i] = static_cast<char>(payload[i] ^ key[i & 3]);
}

}  // namespace loadgen
