#include "jobs/cron.h"

#include <charconv>
#include <chrono>
#include <vector>

namespace syntera::jobs {
namespace {

std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (true) {
    size_t p = s.find(sep, start);
    out.push_back(s.substr(start, p == std::string_view::npos ? std::string_view::npos : p - start));
    if (p == std::string_view::npos) return out;
    start = p + 1;
  }
}

std::optional<int> Number(std::string_view s) {
  int v = 0;
  if (s.empty()) return std::nullopt;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return v;
}

// Sets bits lo..hi of `field` per `text`; false when malformed or out of range.
template <size_t N>
bool ParseField(std::string_view text, int lo, int hi, std::bitset<N>& field) {
  for (std::string_view part : Split(text, ',')) {
    int step = 1;
    if (size_t slash = part.find('/'); slash != std::string_view::npos) {
      auto s = Number(part.substr(slash + 1));
      if (!s || *s < 1) return false;
      step = *s;
      part = part.substr(0, slash);
    }
    int from = lo, to = hi;
    if (part != "*") {
      size_t dash = part.find('-');
      auto a = Number(part.substr(0, dash));
      if (!a) return false;
      from = to = *a;
      if (dash != std::string_view::npos) {
        auto b = Number(part.substr(dash + 1));
        if (!b) return false;
        to = *b;
      } else if (step > 1) {
        to = hi;  // "5/15" = from 5 every 15
      }
    }
    if (from < lo || to > hi || from > to) return false;
    for (int v = from; v <= to; v += step) field.set(static_cast<size_t>(v));
  }
  return true;
}

}  // namespace

Result<CronSchedule> CronSchedule::Parse(std::string_view expression) {
  std::vector<std::string_view> fields;
  for (std::string_view f : Split(expression, ' ')) {
    if (!f.empty()) fields.push_back(f);
  }
  if (fields.size() != 5) {
    return InvalidArgument("cron: expected 5 fields (minute hour day month weekday)",
                           {{"cron", "must have 5 fields"}});
  }
  CronSchedule c;
  c.expression_ = std::string(expression);
  std::bitset<8> dow;
  if (!ParseField(fields[0], 0, 59, c.minutes_)) return InvalidArgument("cron: bad minute", {{"cron", "bad minute field"}});
  if (!ParseField(fields[1], 0, 23, c.hours_)) return InvalidArgument("cron: bad hour", {{"cron", "bad hour field"}});
  if (!ParseField(fields[2], 1, 31, c.days_)) return InvalidArgument("cron: bad day of month", {{"cron", "bad day-of-month field"}});
  if (!ParseField(fields[3], 1, 12, c.months_)) return InvalidArgument("cron: bad month", {{"cron", "bad month field"}});
  if (!ParseField(fields[4], 0, 7, dow)) return InvalidArgument("cron: bad day of week", {{"cron", "bad day-of-week field"}});
  for (size_t i = 0; i < 7; ++i) c.weekdays_[i] = dow[i];
  if (dow[7]) c.weekdays_.set(0);
  c.dom_restricted_ = fields[2] != "*";
  c.dow_restricted_ = fields[4] != "*";
  return c;
}

bool CronSchedule::DayMatches(int dom, int /*month*/, int /*year*/, int dow) const {
  bool d = days_[static_cast<size_t>(dom)];
  bool w = weekdays_[static_cast<size_t>(dow)];
  if (dom_restricted_ && dow_restricted_) return d || w;
  if (dom_restricted_) return d;
  if (dow_restricted_) return w;
  return true;
}

std::optional<Timestamp> CronSchedule::Next(Timestamp after) const {
  using namespace std::chrono;
  auto t = floor<minutes>(after) + minutes(1);
  auto limit = t + years(5);
  while (t < limit) {
    auto day = floor<days>(t);
    year_month_day ymd(day);
    unsigned month = static_cast<unsigned>(ymd.month());
    if (!months_[month]) {
      auto next_month = year_month_day(ymd.year() / ymd.month() / 1) + months(1);
      t = sys_days(next_month);
      continue;
    }
    int dow = static_cast<int>(weekday(day).c_encoding());
    if (!DayMatches(static_cast<int>(static_cast<unsigned>(ymd.day())), static_cast<int>(month),
                    static_cast<int>(ymd.year()), dow)) {
      t = day + days(1);
      continue;
    }
    hh_mm_ss hms(t - day);
    if (!hours_[static_cast<size_t>(hms.hours().count())]) {
      t = floor<hours>(t) + hours(1);
      continue;
    }
    if (!minutes_[static_cast<size_t>(hms.minutes().count())]) {
      t += minutes(1);
      continue;
    }
    return time_point_cast<milliseconds>(t);
  }
  return std::nullopt;
}

}  // namespace syntera::jobs
