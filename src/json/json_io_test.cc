#include "json/json_io.h"

#include <gtest/gtest.h>

namespace syntera::json {
namespace {

http::Request JsonRequest(std::string body) {
  http::Request r;
  r.headers.Add("Content-Type", "application/json; charset=utf-8");
  r.body = std::move(body);
  return r;
}

TEST(JsonIo, MalformedAndNonObjectBodies) {
  auto r = ParseObject(JsonRequest("{\"a\":"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_FALSE(ParseObject(JsonRequest("[1]")).ok());
  EXPECT_TRUE(ParseObject(JsonRequest("")).ok());
  http::Request text = JsonRequest("{}");
  text.headers.Set("Content-Type", "text/plain");
  EXPECT_EQ(ParseObject(text).error().code, ErrorCode::kUnsupportedMediaType);
  EXPECT_FALSE(ParseObject(JsonRequest(std::string(100, '[') + std::string(100, ']'))).ok())
      << "nesting depth is bounded";
}

TEST(JsonIo, NumbersBeyondADoubleAreRefusedNotTurnedIntoInfinity) {
  // Boost.JSON reads 1e999 as infinity and writes it back as `Infinity`, which is not JSON.
  for (const char* body : {R"({"n":1e999})", R"({"a":[{"b":-1e400}]})"}) {
    SCOPED_TRACE(body);
    auto r = ParseObject(JsonRequest(body));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(r.error().message.find("too large"), std::string::npos);
  }
  auto big = ParseObject(JsonRequest(R"({"n":1.7e308,"i":18446744073709551615})"));
  ASSERT_TRUE(big.ok()) << "large but finite numbers are fine";
}

TEST(JsonIo, ReaderCollectsEveryBadField) {
  auto obj = ParseObject(JsonRequest(R"({"email":"Bob@Example.com ","name":42,"n":7,"flag":"yes"})"));
  ASSERT_TRUE(obj.ok());
  Reader rd(*obj);
  EXPECT_EQ(rd.RequiredEmail("email"), "bob@example.com");
  rd.RequiredString("name");
  rd.RequiredString("missing");
  rd.OptionalInt("n", 0, 5);
  rd.OptionalBool("flag");
  auto fin = rd.Finish();
  ASSERT_FALSE(fin.ok());
  ASSERT_EQ(fin.error().fields.size(), 4u);
  EXPECT_EQ(fin.error().fields[0].field, "name");
  EXPECT_EQ(fin.error().fields[0].message, "must be a string");
  EXPECT_EQ(fin.error().fields[1].field, "missing");
  EXPECT_EQ(fin.error().fields[2].field, "n");
  EXPECT_EQ(fin.error().fields[3].field, "flag");
}

TEST(JsonIo, EmailValidation) {
  for (const char* bad : {"plain", "a@b", "@x.com", "a@@x.com", "a b@x.com", "a@x.com.",
                          "a\\u0000b@x.com", "a\\u202eb@x.com"}) {
    auto obj = ParseObject(JsonRequest(std::string(R"({"email":")") + bad + "\"}"));
    Reader rd(*obj);
    rd.RequiredEmail("email");
    EXPECT_FALSE(rd.Finish().ok()) << bad;
  }
}

}  // namespace
}  // namespace syntera::json
