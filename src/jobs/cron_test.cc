// Cron expressions and the scheduler's one-job-per-tick guarantee.

#include <gtest/gtest.h>

#include "jobs/cron.h"
#include "jobs/cron_scheduler.h"
#include "jobs/jobs_test_support.h"

namespace syntera::jobs {
namespace {

Timestamp At(const char* rfc3339) {
  // "YYYY-MM-DDTHH:MM" in UTC.
  std::string s(rfc3339);
  using namespace std::chrono;
  year_month_day ymd{year(std::stoi(s.substr(0, 4))), month(std::stoi(s.substr(5, 2))),
                     day(std::stoi(s.substr(8, 2)))};
  return time_point_cast<milliseconds>(sys_days(ymd) + hours(std::stoi(s.substr(11, 2))) +
                                       minutes(std::stoi(s.substr(14, 2))));
}

std::string Next(const char* expr, const char* after) {
  auto c = CronSchedule::Parse(expr);
  EXPECT_TRUE(c.ok()) << expr;
  if (!c.ok()) return "invalid";
  auto n = c->Next(At(after));
  return n ? FormatRfc3339(*n).substr(0, 16) : "none";
}

TEST(CronTest, NextTickTable) {
  struct Case {
    const char* expr;
    const char* after;
    const char* next;
  } cases[] = {
      {"* * * * *", "2026-11-26T08:41", "2026-11-26T08:42"},
      {"*/15 * * * *", "2026-11-26T08:41", "2026-11-26T08:45"},
      {"0 3 * * *", "2026-11-26T08:41", "2026-11-27T03:00"},
      {"30 9 1 * *", "2026-11-26T08:41", "2026-12-01T09:30"},
      {"0 0 * * 0", "2026-11-26T08:41", "2026-11-29T00:00"},  // Sunday
      {"0 0 * * 7", "2026-11-26T08:41", "2026-11-29T00:00"},
      {"0 12 * * 1-5", "2026-11-28T13:00", "2026-11-30T12:00"},  // Sat → Mon
      {"5,10 8-9 * * *", "2026-11-26T09:10", "2026-11-27T08:05"},
      {"0 0 29 2 *", "2026-03-01T00:00", "2028-02-29T00:00"},
      {"0 0 1 1 *", "2026-12-31T23:59", "2027-01-01T00:00"},
      {"0 0 13 * 5", "2026-11-26T08:41", "2026-11-27T00:00"},  // Friday OR the 13th
      {"0 0 30 2 *", "2026-01-01T00:00", "none"},
  };
  for (const Case& c : cases) EXPECT_EQ(Next(c.expr, c.after), c.next) << c.expr;
}

TEST(CronTest, RejectsMalformedExpressions) {
  for (const char* bad : {"", "* * * *", "* * * * * *", "60 * * * *", "* 24 * * *", "* * 0 * *",
                          "* * * 13 *", "* * * * 8", "*/0 * * * *", "5-1 * * * *", "a * * * *",
                          "1,,2 * * * *"}) {
    EXPECT_FALSE(CronSchedule::Parse(bad).ok()) << bad;
  }
}

class CronSchedulerTest : public JobQueueTest {};

TEST_P(CronSchedulerTest, ExactlyOneJobPerTickAcrossProcesses) {
  clock_.Advance(std::chrono::seconds(30));  // mid-minute
  CronScheduler a(queue(), clock_, logger());
  CronScheduler b(queue(), clock_, logger());
  for (CronScheduler* s : {&a, &b}) s->Add("digest", "* * * * *", "digest", "{}");
  EXPECT_THROW(a.Add("digest", "* * * * *", "digest", "{}"), std::logic_error);
  EXPECT_THROW(a.Add("bad", "every minute", "digest", "{}"), std::invalid_argument);

  for (int minute = 0; minute < 3; ++minute) {
    ASSERT_TRUE(a.RunDue().ok());
    ASSERT_TRUE(b.RunDue().ok());
    ASSERT_TRUE(a.RunDue().ok());
    clock_.Advance(std::chrono::minutes(1));
  }
  auto depth = queue().Depth("digest");
  ASSERT_TRUE(depth.ok());
  EXPECT_EQ(*depth, 3);  // ticks at minute 0 (caught up), 1 and 2
}

SYNTERA_INSTANTIATE_JOBS_TEST(CronSchedulerTest);

}  // namespace
}  // namespace syntera::jobs
