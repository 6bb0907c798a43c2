#include "events/api/event_codec.h"

#include <boost/json/parse.hpp>

#include <charconv>
#include <chrono>

#include "base/encoding.h"

namespace syntera::events::api {
namespace bj = boost::json;

bj::object EventJson(const DomainEvent& e) {
  bj::object o;
  o["id"] = e.id;
  o["sequence"] = e.sequence;
  o["type"] = e.type;
  o["aggregate_type"] = e.aggregate_type;
  o["aggregate_id"] = e.aggregate_id;
  o["occurred_at"] = FormatRfc3339(e.occurred_at);
  boost::system::error_code ec;
  bj::value payload = bj::parse(e.payload, ec);
  if (ec || !payload.is_object()) payload = bj::object{};
  o["payload"] = std::move(payload);
  return o;
}

std::string EncodeEventCursor(int64_t sequence) {
  return Base64UrlEncode("ev:" + std::to_string(sequence));
}

std::optional<int64_t> DecodeEventCursor(std::string_view text) {
  auto raw = Base64UrlDecode(text);
  if (!raw || !raw->starts_with("ev:")) return std::nullopt;
  int64_t v = 0;
  const char* b = raw->data() + 3;
  const char* e = raw->data() + raw->size();
  auto [p, ec] = std::from_chars(b, e, v);
  if (ec != std::errc() || p != e || v < 0) return std::nullopt;
  return v;
}

}  // namespace syntera::events::api
