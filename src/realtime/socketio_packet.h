#pragma once
// Socket.IO v5 packets (text encoding), carried in Engine.IO message packets. Private to
// realtime; the only realtime header besides the .cc files that includes Boost.JSON.
//   <type>[<attachments>-][<namespace>,][<ack id>][<JSON data>]
//   "0{"token":"x"}"  "2/chat,12["hello",1]"  "31[{"ok":true}]"  "44{"message":"…"}"
//   "51-["upload",{"_placeholder":true,"num":0}]" + 1 binary message (BINARY_EVENT)
// In the JSON the application sees, a binary attachment is {"_binary": "<base64>"}:
// FillPlaceholders puts it where the sender's placeholder was, ExtractBinary turns such
// objects back into placeholders and attachments for sending.

#include <boost/json/value.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

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
  size_t attachments = 0;      // BINARY_EVENT / BINARY_ACK: binary messages that follow
};

inline constexpr size_t kMaxAttachments = 32;

// Validates the shape the spec requires per type: CONNECT data absent or an object;
// DISCONNECT no data; (BINARY_)EVENT a non-empty array starting with a string; (BINARY_)ACK
// an array; CONNECT_ERROR an object; binary packets 1..kMaxAttachments attachments.
// Errors: kInvalidArgument for anything else (never throws).
Result<Packet> Decode(std::string_view text);
std::string Encode(const Packet& packet);

// Replaces every {"_placeholder":true,"num":k} in `data` with {"_binary": base64 of
// attachments[k]}. kInvalidArgument for a placeholder naming no attachment.
Result<void> FillPlaceholders(boost::json::value& data, const std::vector<std::string>& attachments);
// Replaces every {"_binary": "<base64>"} in `data` with a placeholder and appends the decoded
// bytes to `attachments`; returns how many it found.
size_t ExtractBinary(boost::json::value& data, std::vector<std::string>& attachments);

}  // namespace syntera::realtime::sio
