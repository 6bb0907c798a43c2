#include "net/ws_frame.h"

#include <openssl/evp.h>

#include <algorithm>
#include <cstring>

namespace syntera::net::ws {
namespace {

constexpr std::string_view kGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

bool ValidCloseCode(uint16_t code) {
  if (code >= 3000 && code <= 4999) return true;  // registered and private codes
  switch (code) {
    case 1000: case 1001: case 1002: case 1003: case 1007: case 1008: case 1009: case 1010:
    case 1011: case 1012: case 1013: case 1014:  // 1012-1014: IANA registry
      return true;
    default:
      return false;
  }
}

void Unmask(char* data, size_t size, const unsigned char mask[4]) {
  uint32_t m32;
  std::memcpy(&m32, mask, 4);
  const uint64_t m64 = (static_cast<uint64_t>(m32) << 32) | m32;
  size_t i = 0;
  for (; i + 8 <= size; i += 8) {
    uint64_t chunk;
    std::memcpy(&chunk, data + i, 8);
    chunk ^= m64;
    std::memcpy(data + i, &chunk, 8);
  }
  for (; i < size; ++i) data[i] = static_cast<char>(data[i] ^ mask[i & 3]);
}

}  // namespace

std::string AcceptKey(std::string_view client_key) {
  std::string input(client_key);
  input.append(kGuid);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int digest_size = 0;
  EVP_Digest(input.data(), input.size(), digest, &digest_size, EVP_sha1(), nullptr);
  unsigned char out[4 * ((EVP_MAX_MD_SIZE + 2) / 3) + 1];
  const int n = EVP_EncodeBlock(out, digest, static_cast<int>(digest_size));
  return std::string(reinterpret_cast<const char*>(out), static_cast<size_t>(n));
}

size_t EncodeHeader(Opcode opcode, uint64_t payload_length, char out[kMaxHeaderBytes]) {
  out[0] = static_cast<char>(0x80 | opcode);
  if (payload_length < 126) {
    out[1] = static_cast<char>(payload_length);
    return 2;
  }
  if (payload_length <= 0xFFFF) {
    out[1] = 126;
    out[2] = static_cast<char>(payload_length >> 8);
    out[3] = static_cast<char>(payload_length);
    return 4;
  }
  out[1] = 127;
  for (int i = 0; i < 8; ++i) out[2 + i] = static_cast<char>(payload_length >> (56 - 8 * i));
  return 10;
}

std::string EncodeFrame(Opcode opcode, std::string_view payload) {
  char header[kMaxHeaderBytes];
  std::string frame(header, EncodeHeader(opcode, payload.size(), header));
  frame.append(payload);
  return frame;
}

std::string ClosePayload(uint16_t code, std::string_view reason) {
  std::string payload;
  payload.push_back(static_cast<char>(code >> 8));
  payload.push_back(static_cast<char>(code & 0xFF));
  payload.append(reason);
  return payload;
}

bool ValidUtf8(std::string_view text) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const size_t n = text.size();
  size_t i = 0;
  while (i < n) {
    // ASCII runs, eight bytes at a time.
    if (i + 8 <= n) {
      uint64_t chunk;
      std::memcpy(&chunk, s + i, 8);
      if ((chunk & 0x8080808080808080ULL) == 0) {
        i += 8;
        continue;
      }
    }
    const unsigned char c = s[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t extra;
    uint32_t cp;
    if (c >= 0xC2 && c <= 0xDF) {
      extra = 1;
      cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      extra = 2;
      cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      extra = 3;
      cp = c & 0x07;
    } else {
      return false;  // continuation byte, overlong lead (C0/C1) or > U+10FFFF lead
    }
    if (i + extra >= n) return false;  // truncated sequence
    for (size_t k = 1; k <= extra; ++k) {
      if ((s[i + k] & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    if ((extra == 2 && cp < 0x800) || (extra == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;
    }
    i += extra + 1;
  }
  return true;
}

uint16_t Reader::Feed(char* data, size_t size, ReaderSink& sink) {
  if (finished_) return 0;
  uint16_t error = 0;
  if (partial_.empty()) {
    size_t pos = 0;
    while (pos < size && !finished_) {
      const size_t used = ParseFrame(data + pos, size - pos, sink, &error);
      if (error != 0) break;
      if (used == 0) {
        partial_.assign(data + pos, size - pos);
        break;
      }
      pos += used;
    }
  } else {
    partial_.append(data, size);
    size_t pos = 0;
    while (pos < partial_.size() && !finished_) {
      const size_t used = ParseFrame(partial_.data() + pos, partial_.size() - pos, sink, &error);
      if (error != 0 || used == 0) break;
      pos += used;
    }
    if (pos == partial_.size() || error != 0 || finished_) {
      std::string().swap(partial_);  // an idle connection holds no buffer
    } else {
      partial_.erase(0, pos);
    }
  }
  if (error != 0) {
    finished_ = true;
    std::string().swap(partial_);
    std::string().swap(message_);
  }
  return error;
}

size_t Reader::ParseFrame(char* data, size_t size, ReaderSink& sink, uint16_t* error) {
  if (size < 2) return 0;
  const auto b0 = static_cast<unsigned char>(data[0]);
  const auto b1 = static_cast<unsigned char>(data[1]);
  const bool fin = (b0 & 0x80) != 0;
  const uint8_t opcode = b0 & 0x0F;
  const bool control = (opcode & 0x08) != 0;
  const bool known = opcode <= kBinary || (opcode >= kClose && opcode <= kPong);
  if ((b0 & 0x70) != 0 || (b1 & 0x80) == 0 || !known || (control && (!fin || (b1 & 0x7F) > 125))) {
    *error = kProtocolError;  // RSV bits, unmasked client frame, unknown or malformed control
    return 0;
  }
  size_t header = 2;
  uint64_t length = b1 & 0x7F;
  if (length == 126) {
    if (size < 4) return 0;
    length = (static_cast<uint64_t>(static_cast<unsigned char>(data[2])) << 8) |
             static_cast<unsigned char>(data[3]);
    header = 4;
  } else if (length == 127) {
    if (size < 10) return 0;
    length = 0;
    for (int i = 0; i < 8; ++i) length = (length << 8) | static_cast<unsigned char>(data[2 + i]);
    if ((length >> 63) != 0) {
      *error = kProtocolError;
      return 0;
    }
    header = 10;
  }
  const uint64_t already = (opcode == kContinuation) ? message_.size() : 0;
  if (!control && length > max_message_bytes_ - std::min<uint64_t>(already, max_message_bytes_)) {
    *error = kTooBig;  // refused from the header, before the payload is buffered
    return 0;
  }
  header += 4;
  if (size < header || size - header < length) return 0;
  unsigned char mask[4];
  std::memcpy(mask, data + header - 4, 4);
  char* payload = data + header;
  Unmask(payload, static_cast<size_t>(length), mask);
  *error = OnFrame(opcode, fin, payload, static_cast<size_t>(length), sink);
  return header + static_cast<size_t>(length);
}

uint16_t Reader::OnFrame(uint8_t opcode, bool fin, char* payload, size_t length,
                         ReaderSink& sink) {
  switch (opcode) {
    case kText:
    case kBinary: {
      if (in_message_) return kProtocolError;  // a new message inside a fragmented one
      const bool binary = opcode == kBinary;
      if (!fin) {
        in_message_ = true;
        message_binary_ = binary;
        message_.assign(payload, length);
        return 0;
      }
      if (!binary && !ValidUtf8({payload, length})) return kInvalidPayload;
      sink.OnWsMessage(std::string(payload, length), binary);
      return 0;
    }
    case kContinuation: {
      if (!in_message_) return kProtocolError;
      message_.append(payload, length);
      if (!fin) return 0;
      in_message_ = false;
      if (!message_binary_ && !ValidUtf8(message_)) return kInvalidPayload;
      std::string message = std::move(message_);
      std::string().swap(message_);
      sink.OnWsMessage(std::move(message), message_binary_);
      return 0;
    }
    case kPing:
      sink.OnWsPing({payload, length});
      return 0;
    case kPong:
      return 0;
    case kClose: {
      uint16_t code = 1005;  // "no status received"
      if (length == 1) return kProtocolError;
      if (length >= 2) {
        code = static_cast<uint16_t>((static_cast<unsigned char>(payload[0]) << 8) |
                                     static_cast<unsigned char>(payload[1]));
        if (!ValidCloseCode(code)) return kProtocolError;
        if (!ValidUtf8({payload + 2, length - 2})) return kInvalidPayload;
      }
      finished_ = true;
      sink.OnWsClose(code);
      return 0;
    }
    default:
      return kProtocolError;
  }
}

}  // namespace syntera::net::ws
