#pragma once
// Engine.IO v4 packets (text encoding) and HTTP long-polling payloads. Private to realtime.
//   packet  = type digit + data          e.g. "4hello", "2probe", "6"
//   payload = packets joined by "\x1e"   (polling bodies)
// Binary data: a binary WebSocket frame is a message packet's raw bytes; in a polling payload
// it is "b" + base64 of them.

#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace syntera::realtime::eio {

enum class PacketType : char {
  kOpen = '0',
  kClose = '1',
  kPing = '2',
  kPong = '3',
  kMessage = '4',
  kUpgrade = '5',
  kNoop = '6',
};

struct Packet {
  PacketType type = PacketType::kNoop;
  std::string data;
  bool binary = false;  // a binary message (Socket.IO attachments)
  bool operator==(const Packet&) const = default;
};

inline constexpr char kRecordSeparator = '\x1e';

// Errors: kInvalidArgument for an empty text, an unknown type or bad base64 after "b".
Result<Packet> DecodePacket(std::string_view text);
// A binary message as it travels in a polling payload: "b" + base64.
std::string EncodeBinaryForPolling(std::string_view bytes);
std::string EncodePacket(const Packet& packet);
std::string EncodePacket(PacketType type, std::string_view data = {});

// Splits a polling body. Errors: kInvalidArgument when any packet is malformed (the whole
// payload is refused) or when it holds more than `max_packets`.
Result<std::vector<Packet>> DecodePayload(std::string_view body, size_t max_packets = 1000);
// Joins already encoded packets with the record separator.
std::string JoinPayload(const std::vector<std::string>& encoded_packets);

}  // namespace syntera::realtime::eio
