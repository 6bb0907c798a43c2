#pragma once
// Five-field cron expressions (minute hour day-of-month month day-of-week), evaluated in UTC.
// Each field: `*`, a number, a range `a-b`, a step `*/n` or `a-b/n`, or a comma list of
// those. Day of week 0-7 (0 and 7 are Sunday). Month and weekday names are not supported.
// As in Vixie cron, when both day-of-month and day-of-week are restricted, a day matches if
// either matches.

#include <bitset>
#include <optional>
#include <string>
#include <string_view>

#include "base/clock.h"
#include "base/result.h"

namespace syntera::jobs {

class CronSchedule {
 public:
  // Errors: kInvalidArgument naming the bad field.
  static Result<CronSchedule> Parse(std::string_view expression);

  // The first tick strictly after `after` (whole minutes), or nullopt when there is none
  // within 5 years (e.g. "0 0 30 2 *").
  std::optional<Timestamp> Next(Timestamp after) const;
  const std::string& expression() const { return expression_; }

 private:
  bool DayMatches(int dom, int month, int year, int dow) const;
  std::string expression_;
  std::bitset<60> minutes_;
  std::bitset<24> hours_;
  std::bitset<32> days_;    // 1..31
  std::bitset<13> months_;  // 1..12
  std::bitset<8> weekdays_; // 0..6 (7 folded into 0)
  bool dom_restricted_ = false;
  bool dow_restricted_ = false;
};

}  // namespace syntera::jobs
