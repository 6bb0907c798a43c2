#include "auth/access_token.h"

#include <gtest/gtest.h>

#include "base/encoding.h"
#include "crypto/crypto.h"

namespace syntera::auth {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

constexpr char kKey[] = "0123456789abcdef0123456789abcdef-test-key";

class AccessTokenTest : public ::testing::Test {
 protected:
  std::string Issue(seconds ttl = seconds(900)) {
    return codec_.Sign(codec_.NewClaims(UserId("u1"), OrgId("o1"), "s1", ttl));
  }
  // Replaces part `index` (0 header, 1 payload, 2 signature) of `token`.
  static std::string WithPart(const std::string& token, int index, const std::string& part) {
    size_t d1 = token.find('.'), d2 = token.find('.', d1 + 1);
    std::string parts[3] = {token.substr(0, d1), token.substr(d1 + 1, d2 - d1 - 1),
                            token.substr(d2 + 1)};
    parts[index] = part;
    return parts[0] + "." + parts[1] + "." + parts[2];
  }

  ManualClock clock_{FromUnixMillis(1'800'000'000'123)};
  AccessTokenCodec codec_{kKey, clock_};
};

TEST_F(AccessTokenTest, RoundTripsClaims) {
  std::string token = Issue();
  auto claims = codec_.Verify(token);
  ASSERT_TRUE(claims.ok()) << claims.error().message;
  EXPECT_EQ(claims->user_id.str(), "u1");
  EXPECT_EQ(claims->org_id.str(), "o1");
  EXPECT_EQ(claims->session_id, "s1");
  EXPECT_EQ(ToUnixMillis(claims->issued_at), 1'800'000'000'000);
  EXPECT_EQ(claims->expires_at - claims->issued_at, seconds(900));
  auto header = Base64UrlDecode(token.substr(0, token.find('.')));
  EXPECT_EQ(*header, R"({"alg":"HS256","typ":"JWT"})");
}

TEST_F(AccessTokenTest, RejectsExpiredToken) {
  std::string token = Issue(seconds(60));
  clock_.Advance(seconds(59));
  EXPECT_TRUE(codec_.Verify(token).ok());
  clock_.Advance(seconds(1));
  auto r = codec_.Verify(token);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kUnauthenticated);
}

TEST_F(AccessTokenTest, RejectsChangedPayload) {
  std::string token = Issue();
  std::string forged = Base64UrlEncode(
      R"({"iss":"syntera","sub":"u1","org":"OTHER","sid":"s1","iat":1800000000,"exp":1800000900})");
  EXPECT_FALSE(codec_.Verify(WithPart(token, 1, forged)).ok());
}

TEST_F(AccessTokenTest, RejectsAlgNone) {
  std::string token = Issue();
  std::string none = Base64UrlEncode(R"({"alg":"none","typ":"JWT"})");
  EXPECT_FALSE(codec_.Verify(WithPart(WithPart(token, 0, none), 2, "")).ok());
  // Even with a correct HMAC over the new header, alg must be HS256.
  std::string input =
      none + "." + token.substr(token.find('.') + 1, token.rfind('.') - token.find('.') - 1);
  std::string sig = Base64UrlEncode(crypto::HmacSha256(kKey, input));
  EXPECT_FALSE(codec_.Verify(input + "." + sig).ok());
}

TEST_F(AccessTokenTest, RejectsAnotherKeyAndGarbage) {
  AccessTokenCodec other(std::string(kKey) + "-other", clock_);
  EXPECT_FALSE(other.Verify(Issue()).ok());
  for (const char* bad : {"", "a.b", "a.b.c", "a.b.c.d", "...", "!!!.@@@.###"}) {
    EXPECT_FALSE(codec_.Verify(bad).ok()) << bad;
  }
}

TEST_F(AccessTokenTest, RejectsTokenIssuedInTheFuture) {
  AccessClaims claims = codec_.NewClaims(UserId("u"), OrgId("o"), "s", seconds(900));
  claims.issued_at += minutes(5);
  claims.expires_at += minutes(5);
  EXPECT_FALSE(codec_.Verify(codec_.Sign(claims)).ok());
}

TEST(AccessTokenCodec, ShortKeyIsAStartUpError) {
  ManualClock clock{FromUnixMillis(0)};
  EXPECT_THROW(AccessTokenCodec("short", clock), std::invalid_argument);
}

}  // namespace
}  // namespace syntera::auth
