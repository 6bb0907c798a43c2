#include "base/encoding.h"
#include "base/json_text.h"

#include <gtest/gtest.h>

#include "base/result.h"

namespace syntera {
namespace {

TEST(Encoding, Base64UrlRoundTripsAllLengths) {
  std::string data;
  for (int i = 0; i < 40; ++i) {
    data.push_back(static_cast<char>(i * 37));
    auto decoded = Base64UrlDecode(Base64UrlEncode(data));
    ASSERT_TRUE(decoded.has_value());
    EXPECT_EQ(*decoded, data);
  }
}

TEST(Encoding, StandardBase64IsPaddedAndDecodes) {
  EXPECT_EQ(Base64Encode("f"), "Zg==");
  EXPECT_EQ(Base64Encode("fo"), "Zm8=");
  EXPECT_EQ(Base64Encode("foo"), "Zm9v");
  EXPECT_EQ(Base64Encode(std::string("\xfb\xff", 2)), "+/8=");
  EXPECT_EQ(Base64UrlDecode("+/8="), std::string("\xfb\xff", 2));
}

TEST(Encoding, Base64UrlKnownVectorsAndInvalid) {
  EXPECT_EQ(Base64UrlEncode(std::string_view("foobar")), "Zm9vYmFy");
  EXPECT_EQ(Base64UrlEncode(std::string_view("fo")), "Zm8");
  EXPECT_FALSE(Base64UrlDecode("Zm9v!").has_value());
  EXPECT_FALSE(Base64UrlDecode("Z").has_value());
}

TEST(Encoding, TrimAndLower) {
  EXPECT_EQ(TrimAscii("  a b \n"), "a b");
  EXPECT_EQ(ToLowerAscii("MiXeD@Example.COM"), "mixed@example.com");
}

Result<int> Half(int v) {
  if (v % 2) return InvalidArgument("odd");
  return v / 2;
}

Result<int> Quarter(int v) {
  SYN_ASSIGN_OR_RETURN(int h, Half(v));
  SYN_ASSIGN_OR_RETURN(int q, Half(h));
  return q;
}

TEST(Result, PropagatesErrors) {
  EXPECT_EQ(*Quarter(8), 2);
  auto r = Quarter(6);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(ErrorCodeName(r.error().code), "invalid_argument");
}

}  // namespace
}  // namespace syntera

namespace syntera {
namespace {

TEST(JsonText, QuotesEscapesAndBuildsFlatObjects) {
  EXPECT_EQ(JsonQuote("a\"b\\c\n\x01"), "\"a\\\"b\\\\c\\n\\u0001\"");
  EXPECT_EQ(JsonObjectText()
                .Str("s", "x\"y")
                .Int("n", -3)
                .List("l", {"a", "b"})
                .OptStr("none", std::nullopt)
                .Raw("r", "{\"k\":1}")
                .Build(),
            R"({"s":"x\"y","n":-3,"l":["a","b"],"none":null,"r":{"k":1}})");
  EXPECT_EQ(JsonObjectText().Build(), "{}");
}

}  // namespace
}  // namespace syntera
