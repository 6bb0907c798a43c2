#pragma once
// Socket.IO v5 packets (text encoding), carried in Engine.IO message packets. Private to
// realtime; the only realtime header besides the .cc files that includes Boost.JSON.
//   <type>[<attachments>-][<namespace>,][<ack id>][<JSON data>]
//   "0{"token":"x"}"  "2/chat,12["hello",1]"  "31[{"ok":true}]"  "44{"message":"…"}"
// Binary packets (5, 6) are not supported yet and decode as errors.

#include <boost/json/value.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"

namespace syntera::realtime::sio {

enum class PacketType {
  kConnect = 0,
  kDisconnect = 1,
  kEvent = 2,
  kAck = 3,
  kConnectError = 4,
  kBinaryEvent = 5,
  kBinaryAck = 6,
};

struct Packet {
  PacketType type = PacketType::kEvent;
  std::string nsp = "/";
  std::optional<uint64_t> id;  // ack id
  boost::json::value data;     // null when absent
};

// Validates the shape the spec requires per type: CONNECT data absent or an object;
// DISCONNECT no data; EVENT a non-empty array starting with a string; ACK an array;
// CONNECT_ERROR an object. Errors: kInvalidArgument for anything else (never throws).
Result<Packet> Decode(std::string_view text);
std::string Encode(const Packet& packet);

}  // namespace syntera::realtime::sio
