#include "realtime/socketio_packet.h"

#include <boost/json/serialize.hpp>

#include "base/encoding.h"
#include "json/parse.h"

namespace syntera::realtime::sio {
namespace {

constexpr size_t kMaxAckIdDigits = 15;  // stays exact as a JavaScript number
constexpr size_t kMaxDepth = 32;        // Boost.JSON's default, as before

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

Result<void> CheckShape(const Packet& p, bool has_data) {
  switch (p.type) {
    case PacketType::kConnect:
      if (has_data && !p.data.is_object()) return InvalidArgument("CONNECT data must be an object");
      return Ok();
    case PacketType::kDisconnect:
      if (has_data) return InvalidArgument("DISCONNECT takes no data");
      return Ok();
    case PacketType::kEvent:
    case PacketType::kBinaryEvent: {
      const auto* args = p.data.if_array();
      if (args == nullptr || args->empty() || !args->front().is_string()) {
        return InvalidArgument("EVENT data must be an array starting with the event name");
      }
      return Ok();
    }
    case PacketType::kAck:
    case PacketType::kBinaryAck:
      if (!p.data.is_array()) return InvalidArgument("ACK data must be an array");
      if (!p.id) return InvalidArgument("ACK needs an id");
      return Ok();
    case PacketType::kConnectError:
      if (!p.data.is_object()) return InvalidArgument("CONNECT_ERROR data must be an object");
      return Ok();
  }
  return InvalidArgument("unknown Socket.IO packet type");
}

bool IsBinary(PacketType type) {
  return type == PacketType::kBinaryEvent || type == PacketType::kBinaryAck;
}

}  // namespace

Result<Packet> Decode(std::string_view text) {
  if (text.empty() || text.front() < '0' || text.front() > '6') {
    return InvalidArgument("unknown Socket.IO packet type");
  }
  Packet p;
  p.type = static_cast<PacketType>(text.front() - '0');
  text.remove_prefix(1);
  if (IsBinary(p.type)) {
    size_t digits = 0;
    while (digits < text.size() && digits < 3 && IsDigit(text[digits])) ++digits;
    if (digits == 0 || digits >= text.size() || text[digits] != '-') {
      return InvalidArgument("binary Socket.IO packet needs an attachment count");
    }
    for (size_t i = 0; i < digits; ++i) p.attachments = p.attachments * 10 + (text[i] - '0');
    if (p.attachments == 0 || p.attachments > kMaxAttachments) {
      return InvalidArgument("binary Socket.IO packet: 1 to 32 attachments");
    }
    text.remove_prefix(digits + 1);
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
    auto data = json::Parse(text, kMaxDepth);
    if (!data.ok()) return InvalidArgument("Socket.IO packet data: " + data.error().message);
    p.data = std::move(*data);
  }
  SYN_RETURN_IF_ERROR(CheckShape(p, has_data));
  return p;
}

std::string Encode(const Packet& p) {
  std::string out(1, static_cast<char>('0' + static_cast<int>(p.type)));
  if (IsBinary(p.type)) out.append(std::to_string(p.attachments)).push_back('-');
  if (p.nsp != "/") {
    out += p.nsp;
    out.push_back(',');
  }
  if (p.id) out += std::to_string(*p.id);
  if (!p.data.is_null()) out += boost::json::serialize(p.data);
  return out;
}

Result<void> FillPlaceholders(boost::json::value& data,
                              const std::vector<std::string>& attachments) {
  if (auto* array = data.if_array()) {
    for (boost::json::value& item : *array) SYN_RETURN_IF_ERROR(FillPlaceholders(item, attachments));
    return Ok();
  }
  auto* object = data.if_object();
  if (object == nullptr) return Ok();
  const boost::json::value* placeholder = object->if_contains("_placeholder");
  if (placeholder != nullptr && placeholder->is_bool() && placeholder->get_bool()) {
    const boost::json::value* num = object->if_contains("num");
    if (num == nullptr || !num->is_int64() || num->get_int64() < 0 ||
        static_cast<uint64_t>(num->get_int64()) >= attachments.size()) {
      return InvalidArgument("binary placeholder names no attachment");
    }
    data = boost::json::object{
        {"_binary", Base64Encode(attachments[static_cast<size_t>(num->get_int64())])}};
    return Ok();
  }
  for (auto& entry : *object) SYN_RETURN_IF_ERROR(FillPlaceholders(entry.value(), attachments));
  return Ok();
}

size_t ExtractBinary(boost::json::value& data, std::vector<std::string>& attachments) {
  size_t found = 0;
  if (auto* array = data.if_array()) {
    for (boost::json::value& item : *array) found += ExtractBinary(item, attachments);
    return found;
  }
  auto* object = data.if_object();
  if (object == nullptr) return 0;
  if (object->size() == 1) {
    if (const boost::json::value* b64 = object->if_contains("_binary"); b64 && b64->is_string()) {
      if (std::optional<std::string> bytes = Base64UrlDecode(b64->get_string())) {
        const auto num = static_cast<int64_t>(attachments.size());
        attachments.push_back(std::move(*bytes));
        data = boost::json::object{{"_placeholder", true}, {"num", num}};
        return 1;
      }
    }
  }
  for (auto& entry : *object) found += ExtractBinary(entry.value(), attachments);
  return found;
}

}  // namespace syntera::realtime::sio
