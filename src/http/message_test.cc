#include "http/message.h"

#include <gtest/gtest.h>

namespace syntera::http {
namespace {

TEST(Message, HeadersAreCaseInsensitive) {
  Headers h;
  h.Add("Content-Type", "a");
  EXPECT_EQ(*h.Get("content-type"), "a");
  h.Set("CONTENT-TYPE", "b");
  EXPECT_EQ(h.items().size(), 1u);
  EXPECT_EQ(*h.Get("Content-Type"), "b");
}

TEST(Message, QueryParams) {
  Request r;
  r.query = "limit=5&q=a+b%21&flag&limit=9";
  EXPECT_EQ(*r.QueryParam("limit"), "5");
  EXPECT_EQ(*r.QueryParam("q"), "a b!");
  EXPECT_EQ(*r.QueryParam("flag"), "");
  EXPECT_FALSE(r.QueryParam("none").has_value());
}

TEST(Message, PercentDecodeRejectsMalformed) {
  EXPECT_EQ(*PercentDecode("/a%20b", false), "/a b");
  EXPECT_FALSE(PercentDecode("%2", false).has_value());
  EXPECT_FALSE(PercentDecode("%zz", false).has_value());
  EXPECT_EQ(*PercentDecode("a+b", false), "a+b");
}

}  // namespace
}  // namespace syntera::http
