#include "realtime/socketio_packet.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace syntera::realtime::sio {
namespace {

constexpr size_t kMaxAckIdDigits = 15;  // stays exact as a JavaScript number

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

Result<void> CheckShape(const Packet& p, bool has_data) {
  switch (p.type) {
    case PacketType::kConnect:
      if (has_data && !p.data.is_object()) return InvalidArgument("CONNECT data must be an object");
      return Ok();
    case PacketType::kDisconnect:
      if (has_data) return InvalidArgument("DISCONNECT takes no data");
      return Ok();
    case PacketType::kEvent: {
      const auto* args = p.data.if_array();
      if (args == nullptr || args->empty() || !args->front().is_string()) {
        return InvalidArgument("EVENT data must be an array starting with the event name");
      }
      return Ok();
    }
    case PacketType::kAck:
      if (!p.data.is_array()) return InvalidArgument("ACK data must be an array");
      if (!p.id) return InvalidArgument("ACK needs an id");
      return Ok();
    case PacketType::kConnectError:
      if (!p.data.is_object()) return InvalidArgument("CONNECT_ERROR data must be an object");
      return Ok();
    case PacketType::kBinaryEvent:
    case PacketType::kBinaryAck:
      break;
  }
  return InvalidArgument("binary Socket.IO packets are not supported");
}

}  // namespace

Result<Packet> Decode(std::string_view text) {
  if (text.empty() || text.front() < '0' || text.front() > '6') {
    return InvalidArgument("unknown Socket.IO packet type");
  }
  Packet p;
  p.type = static_cast<PacketType>(text.front() - '0');
  text.remove_prefix(1);
  if (p.type == PacketType::kBinaryEvent || p.type == PacketType::kBinaryAck) {
    return InvalidArgument("binary Socket.IO packets are not supported");
  }
  if (!text.empty() && text.front() == '/') {
    const size_t comma = text.find(',');
    p.nsp = std::string(text.substr(0, comma));
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
  }
  size_t digits = 0;
  while (digits < text.size() && IsDigit(text[digits])) ++digits;
  if (digits > kMaxAckIdDigits) return InvalidArgument("ack id too large");
  if (digits > 0) {
    uint64_t id = 0;
    for (size_t i = 0; i < digits; ++i) id = id * 10 + static_cast<uint64_t>(text[i] - '0');
    p.id = id;
    text.remove_prefix(digits);
  }
  const bool has_data = !text.empty();
  if (has_data) {
    boost::system::error_code ec;
    p.data = boost::json::parse(text, ec);
    if (ec) return InvalidArgument("Socket.IO packet data is not valid JSON");
  }
  SYN_RETURN_IF_ERROR(CheckShape(p, has_data));
  return p;
}

std::string Encode(const Packet& p) {
  std::string out(1, static_cast<char>('0' + static_cast<int>(p.type)));
  if (p.nsp != "/") {
    out += p.nsp;
    out.push_back(',');
  }
  if (p.id) out += std::to_string(*p.id);
  if (!p.data.is_null()) out += boost::json::serialize(p.data);
  return out;
}

}  // namespace syntera::realtime::sio
