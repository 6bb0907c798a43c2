// libFuzzer target for the WebSocket frame reader (src/net/ws_frame.h): whatever a client
// sends, the reader never crashes, never delivers a message over its limit or a text message
// that is not UTF-8, and reads the same things however the bytes are split across reads.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "net/ws_frame.h"

namespace {

using syntera::net::ws::Reader;
using syntera::net::ws::ReaderSink;
using syntera::net::ws::ValidUtf8;

constexpr size_t kLimit = 512;

struct Log : ReaderSink {
  std::vector<std::string> events;
  void OnWsMessage(std::string payload, bool binary) override {
    if (payload.size() > kLimit) std::abort();
    if (!binary && !ValidUtf8(payload)) std::abort();
    events.push_back((binary ? "B:" : "T:") + payload);
  }
  void OnWsPing(std::string_view payload) override {
    if (payload.size() > 125) std::abort();
    events.push_back("P:" + std::string(payload));
  }
  void OnWsClose(uint16_t code) override { events.push_back("C:" + std::to_string(code)); }
};

// Feeds `bytes` in pieces of `step` (0: all at once); returns the events and the close code.
std::pair<std::vector<std::string>, uint16_t> Run(std::string bytes, size_t step) {
  Reader reader(kLimit);
  Log log;
  uint16_t code = 0;
  if (step == 0) step = bytes.size() + 1;
  for (size_t pos = 0; pos < bytes.size() && code == 0; pos += step) {
    std::string piece = bytes.substr(pos, step);
    code = reader.Feed(piece.data(), piece.size(), log);
  }
  return {log.events, code};
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const size_t step = data[0] % 17 + 1;
  const std::string bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  const auto whole = Run(bytes, 0);
  const auto split = Run(bytes, step);
  if (whole != split) std::abort();  // splitting must not change what is read
  return 0;
}
