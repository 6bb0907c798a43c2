#include "base/ids.h"

#include <gtest/gtest.h>

#include <random>
#include <set>

#include "base/clock.h"

namespace syntera {
namespace {

class SeededRandom : public Random {
 public:
  void Fill(std::span<uint8_t> out) override {
    for (auto& b : out) b = static_cast<uint8_t>(rng_());
  }

 private:
  std::mt19937 rng_{42};
};

TEST(Ids, UuidV7IsWellFormedAndTimeOrdered) {
  ManualClock clock(FromUnixMillis(1'700'000'000'000));
  SeededRandom random;
  std::string a = NewUuidV7(clock, random);
  clock.Advance(std::chrono::milliseconds(1));
  std::string b = NewUuidV7(clock, random);
  EXPECT_TRUE(LooksLikeUuid(a));
  EXPECT_EQ(a[14], '7');  // version nibble
  EXPECT_TRUE(std::string("89ab").find(a[19]) != std::string::npos);  // RFC 4122 variant
  EXPECT_LT(a, b);
  EXPECT_FALSE(LooksLikeUuid("not-a-uuid"));
}

TEST(Ids, ManyIdsAreUnique) {
  SystemClock clock;
  SeededRandom random;
  std::set<std::string> seen;
  for (int i = 0; i < 10000; ++i) seen.insert(NewUuidV7(clock, random));
  EXPECT_EQ(seen.size(), 10000u);
}

TEST(Clock, FormatsRfc3339Utc) {
  EXPECT_EQ(FormatRfc3339(FromUnixMillis(0)), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(FormatRfc3339(FromUnixMillis(1'764'146'507'123)), "2025-11-26T08:41:47.123Z");
}

TEST(Clock, ParsesRfc3339) {
  auto t = ParseRfc3339("2026-11-26T08:41:47.123Z");
  ASSERT_TRUE(t);
  EXPECT_EQ(FormatRfc3339(*t), "2026-11-26T08:41:47.123Z");
  auto offset = ParseRfc3339("2026-11-26T10:41:47+02:00");
  ASSERT_TRUE(offset);
  EXPECT_EQ(FormatRfc3339(*offset), "2026-11-26T08:41:47.000Z");
  for (const char* bad : {"", "2026-11-26", "2026-13-01T00:00:00Z", "2026-11-26T08:41:47",
                          "2026-11-26T08:41:47Zjunk"}) {
    EXPECT_FALSE(ParseRfc3339(bad)) << bad;
  }
}

}  // namespace
}  // namespace syntera
