#include "realtime/engineio_packet.h"

#include "base/encoding.h"

namespace syntera::realtime::eio {

Result<Packet> DecodePacket(std::string_view text) {
  if (text.empty()) return InvalidArgument("empty Engine.IO packet");
  const char type = text.front();
  if (type == 'b') {
    std::optional<std::string> bytes = Base64UrlDecode(text.substr(1));
    if (!bytes) return InvalidArgument("binary Engine.IO packet is not valid base64");
    return Packet{PacketType::kMessage, std::move(*bytes), true};
  }
  if (type < '0' || type > '6') return InvalidArgument("unknown Engine.IO packet type");
  return Packet{static_cast<PacketType>(type), std::string(text.substr(1))};
}

std::string EncodePacket(PacketType type, std::string_view data) {
  std::string out;
  out.reserve(data.size() + 1);
  out.push_back(static_cast<char>(type));
  out.append(data);
  return out;
}

std::string EncodePacket(const Packet& packet) {
  return packet.binary ? EncodeBinaryForPolling(packet.data) : EncodePacket(packet.type, packet.data);
}

std::string EncodeBinaryForPolling(std::string_view bytes) { return "b" + Base64Encode(bytes); }

Result<std::vector<Packet>> DecodePayload(std::string_view body, size_t max_packets) {
  std::vector<Packet> packets;
  for (;;) {
    const size_t end = body.find(kRecordSeparator);
    if (packets.size() >= max_packets) return InvalidArgument("too many packets in payload");
    SYN_ASSIGN_OR_RETURN(Packet packet, DecodePacket(body.substr(0, end)));
    packets.push_back(std::move(packet));
    if (end == std::string_view::npos) break;
    body.remove_prefix(end + 1);
  }
  return packets;
}

std::string JoinPayload(const std::vector<std::string>& encoded_packets) {
  std::string out;
  for (const std::string& packet : encoded_packets) {
    if (!out.empty()) out.push_back(kRecordSeparator);
    out.append(packet);
  }
  return out;
}

}  // namespace syntera::realtime::eio
