#include "net/wire.h"

#include <gtest/gtest.h>

#include <string>

namespace syntera::net {
namespace {

TEST(WireTest, ClassifiesResponseHeaders) {
  struct Case {
    std::string name;
    std::string value;
    HeaderUse use;
  } cases[] = {
      {"Content-Type", "application/json", HeaderUse::kCopy},
      {"X-Request-Id", "abc", HeaderUse::kCopy},
      {"Connection", "close", HeaderUse::kCloseConnection},
      {"connection", "Upgrade, Close", HeaderUse::kCloseConnection},
      {"Connection", "keep-alive", HeaderUse::kDrop},
      {"Content-Length", "12", HeaderUse::kDrop},
      {"transfer-encoding", "chunked", HeaderUse::kDrop},
      {"Location", "/a\r\nSet-Cookie: x=1", HeaderUse::kInvalid},
      {"X-Nul", std::string("a\0b", 3), HeaderUse::kInvalid},
      {"Bad Name", "v", HeaderUse::kInvalid},
      {"", "v", HeaderUse::kInvalid},
      {"X-Huge", std::string(70000, 'v'), HeaderUse::kInvalid},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(ClassifyResponseHeader(c.name, c.value), c.use);
  }
}

TEST(WireTest, StatusRules) {
  EXPECT_TRUE(IsValidStatus(200));
  EXPECT_TRUE(IsValidStatus(599));
  EXPECT_FALSE(IsValidStatus(101));
  EXPECT_FALSE(IsValidStatus(0));
  EXPECT_FALSE(IsValidStatus(1000));
  EXPECT_TRUE(StatusForbidsBody(204));
  EXPECT_TRUE(StatusForbidsBody(304));
  EXPECT_FALSE(StatusForbidsBody(200));
}

}  // namespace
}  // namespace syntera::net
