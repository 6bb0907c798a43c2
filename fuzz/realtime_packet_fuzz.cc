// libFuzzer target for the Engine.IO payload and Socket.IO packet decoders — everything a
// client controls before authentication. Built and run by fuzz/run.sh (clang, libFuzzer,
// ASan+UBSan).
//
// Properties checked on every input, besides "no crash, no sanitizer report":
//   - a decoded Socket.IO packet re-encodes to text that decodes to the same packet;
//   - an EVENT decodes only with a non-empty array whose first element is a string (the server
//     indexes args.front() without further checks).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "realtime/engineio_packet.h"
#include "realtime/socketio_packet.h"

namespace {

using namespace syntera::realtime;

void Check(bool ok) {
  if (!ok) std::abort();
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
        again->data == packet->data);
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
