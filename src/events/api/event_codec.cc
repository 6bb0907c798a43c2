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

namespace {

bool Digits(std::string_view s, size_t pos, size_t n, int* out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}

}  // namespace

std::optional<Timestamp> ParseRfc3339(std::string_view s) {
  int y, mo, d, h, mi, sec;
  if (!Digits(s, 0, 4, &y) || s.size() < 20 || s[4] != '-' || !Digits(s, 5, 2, &mo) ||
      s[7] != '-' || !Digits(s, 8, 2, &d) || (s[10] != 'T' && s[10] != 't') ||
      !Digits(s, 11, 2, &h) || s[13] != ':' || !Digits(s, 14, 2, &mi) || s[16] != ':' ||
      !Digits(s, 17, 2, &sec)) {
    return std::nullopt;
  }
  size_t pos = 19;
  int64_t millis = 0;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    int scale = 100;
    size_t start = pos;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      if (scale > 0) millis += (s[pos] - '0') * scale;
      scale /= 10;
      ++pos;
    }
    if (pos == start) return std::nullopt;
  }
  int offset_min = 0;
  if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z')) {
    ++pos;
  } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
    int oh, om;
    if (!Digits(s, pos + 1, 2, &oh) || pos + 3 >= s.size() || s[pos + 3] != ':' ||
        !Digits(s, pos + 4, 2, &om)) {
      return std::nullopt;
    }
    offset_min = (s[pos] == '-' ? -1 : 1) * (oh * 60 + om);
    pos += 6;
  } else {
    return std::nullopt;
  }
  if (pos != s.size()) return std::nullopt;
  using namespace std::chrono;
  year_month_day ymd{year(y), month(static_cast<unsigned>(mo)), day(static_cast<unsigned>(d))};
  if (!ymd.ok() || h > 23 || mi > 59 || sec > 60) return std::nullopt;
  auto t = sys_days(ymd) + hours(h) + minutes(mi) + seconds(sec) + milliseconds(millis) -
           minutes(offset_min);
  return time_point_cast<milliseconds>(t);
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
