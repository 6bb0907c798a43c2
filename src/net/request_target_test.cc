#include "net/request_target.h"

#include <gtest/gtest.h>

namespace syntera::net {
namespace {

TEST(ParseRequestTargetTest, SplitsAndDecodes) {
  struct Case {
    const char* target;
    const char* path;
    const char* query;
  } cases[] = {
      {"/", "/", ""},
      {"/api/v1/me?x=1", "/api/v1/me", "x=1"},
      {"/a%20b/%2Fc?q=%20&r", "/a b//c", "q=%20&r"},
      {"/plus+stays", "/plus+stays", ""},
      {"/empty-query?", "/empty-query", ""},
      {"*", "*", ""},
      {"http://example.com/p?x=1", "/p", "x=1"},
      {"HTTPS://example.com", "/", ""},
      {"http://example.com?x", "/", "x"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.target);
    auto parsed = ParseRequestTarget(c.target);
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ(parsed->path, c.path);
    EXPECT_EQ(parsed->query, c.query);
  }
}

TEST(ParseRequestTargetTest, RejectsMalformedTargets) {
  for (const char* bad : {"", "relative", "/%", "/%2", "/%zz", "/a%00b", "ftp://x/y"}) {
    SCOPED_TRACE(bad);
    auto parsed = ParseRequestTarget(bad);
    ASSERT_FALSE(parsed.ok());
    EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidArgument);
  }
}

}  // namespace
}  // namespace syntera::net
