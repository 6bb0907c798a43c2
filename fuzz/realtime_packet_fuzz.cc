// libFuzzer target for the Engine.IO payload and Socket.IO packet decoders — everything a
// client controls before authentication. Built and run by fuzz/run.sh (clang, libFuzzer,
// ASan+UBSan).
//
// Properties checked on every input, besides "no crash, no sanitizer report":
//   - a decoded Socket.IO packet re-encodes to text that decodes to the same packet (doubles
//     within a few ulps, see SameJson);
//   - an EVENT decodes only with a non-empty array whose first element is a string (the server
//     indexes args.front() without further checks).
#include <cstddef>
#include <cstdint>
#include <cmath>
#include <cstdlib>
#include <string_view>

#include <boost/json.hpp>

#include "realtime/engineio_packet.h"
#include "realtime/socketio_packet.h"

namespace {

using namespace syntera::realtime;

void Check(bool ok) {
  if (!ok) std::abort();
}

// JSON equality where two doubles may differ in their last bit: Boost.JSON 1.81 parses a number
// with more than 17 significant digits to a neighbour of the nearest double, so "[1111…1]"
// (47 ones) and its own re-serialization read back one ulp apart. Everything else is exact.
bool SameJson(const boost::json::value& a, const boost::json::value& b) {
  if (a.is_double() && b.is_double()) {
    const double x = a.get_double(), y = b.get_double();
    return x == y || std::fabs(x - y) <= 4 * std::ldexp(std::fabs(x), -52);
  }
  if (a.is_array() && b.is_array()) {
    const auto &x = a.get_array(), &y = b.get_array();
    if (x.size() != y.size()) return false;
    for (size_t i = 0; i < x.size(); ++i) {
      if (!SameJson(x[i], y[i])) return false;
    }
    return true;
  }
  if (a.is_object() && b.is_object()) {
    const auto &x = a.get_object(), &y = b.get_object();
    if (x.size() != y.size()) return false;
    for (const auto& [key, value] : x) {
      const auto* other = y.if_contains(key);
      if (other == nullptr || !SameJson(value, *other)) return false;
    }
    return true;
  }
  return a == b;
}

void FuzzSocketIo(std::string_view text) {
  auto packet = sio::Decode(text);
  if (!packet.ok()) return;
  if (packet->type == sio::PacketType::kEvent) {
    Check(packet->data.is_array() && !packet->data.as_array().empty() &&
          packet->data.as_array().front().is_string());
  }
  auto again = sio::Decode(sio::Encode(*packet));
  Check(again.ok());
  Check(again->type == packet->type && again->nsp == packet->nsp && again->id == packet->id &&
        SameJson(again->data, packet->data));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  // As a polling body (several packets) and as one WebSocket message.
  if (auto packets = eio::DecodePayload(input); packets.ok()) {
    for (const eio::Packet& p : *packets) {
      if (p.type == eio::PacketType::kMessage) FuzzSocketIo(p.data);
    }
  }
  if (auto packet = eio::DecodePacket(input); packet.ok()) {
    if (packet->type == eio::PacketType::kMessage) FuzzSocketIo(packet->data);
  }
  FuzzSocketIo(input);
  return 0;
}
