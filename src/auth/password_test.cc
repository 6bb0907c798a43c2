#include <gtest/gtest.h>

#include <random>

#include "auth/common_passwords.h"
#include "auth/password_hasher.h"
#include "auth/password_policy.h"
#include "crypto/crypto.h"
#include "obs/logger.h"

namespace syntera::auth {
namespace {

TEST(PasswordHasher, HashesWithArgon2idAndVerifies) {
  crypto::SecureRandom random;
  PasswordHasher hasher(random);
  auto hash = hasher.Hash("correct horse battery staple");
  ASSERT_TRUE(hash.ok());
  EXPECT_EQ(hash->rfind("$argon2id$v=19$m=19456,t=2,p=1$", 0), 0u) << *hash;
  EXPECT_TRUE(hasher.Verify(*hash, "correct horse battery staple"));
  EXPECT_FALSE(hasher.Verify(*hash, "correct horse battery stapl"));
  EXPECT_FALSE(hasher.Verify("not a hash", "x"));
  auto again = hasher.Hash("correct horse battery staple");
  ASSERT_TRUE(again.ok());
  EXPECT_NE(*hash, *again) << "every hash has its own salt";
}

TEST(PasswordPolicy, CountsCodePointsNotBytes) {
  EXPECT_EQ(CountCodePoints("abc"), 3u);
  EXPECT_EQ(CountCodePoints("\xC3\xA9\xE2\x9C\x93\xF0\x9F\x98\x80"), 3u);  // é ✓ 😀
}

struct PolicyCase {
  const char* password;
  const char* email;
  const char* org;
  const char* problem;  // substring of the reason, or nullptr when acceptable
};

class PasswordPolicyTest : public ::testing::TestWithParam<PolicyCase> {};

TEST_P(PasswordPolicyTest, JudgesPassword) {
  auto logger = obs::NullLogger();
  PasswordPolicy policy(*logger);
  const PolicyCase& c = GetParam();
  auto weakness = policy.Weakness(c.password, {c.email, {c.org}});
  if (c.problem == nullptr) {
    EXPECT_FALSE(weakness.has_value()) << c.password << ": " << weakness.value_or("");
  } else {
    ASSERT_TRUE(weakness.has_value()) << c.password;
    EXPECT_NE(weakness->find(c.problem), std::string::npos) << *weakness;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Cases, PasswordPolicyTest,
    ::testing::Values(
        PolicyCase{"short1!", "ada@example.com", "Engines", "at least 8"},
        // Seven code points in 14 bytes is still too short.
        PolicyCase{"\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9", "a@b.co", "Org",
                   "at least 8"},
        PolicyCase{"password", "ada@example.com", "Engines", "too common"},
        PolicyCase{"Password123", "ada@example.com", "Engines", "too common"},
        PolicyCase{"12345678", "ada@example.com", "Engines", "too common"},
        PolicyCase{"qwerty123", "ada@example.com", "Engines", "too common"},
        PolicyCase{"lovelace-2024!", "lovelace@example.com", "Engines", "email"},
        PolicyCase{"my-analytical-rocks", "ada@example.com", "Analytical", "organization"},
        PolicyCase{"sunflower", "ada@example.com", "Engines", "too easy to guess"},
        PolicyCase{"correct horse battery staple", "ada@example.com", "Engines", nullptr},
        PolicyCase{"Kx9vB2mQ", "ada@example.com", "Engines", nullptr},
        // An 8-character non-ASCII passphrase: counted as characters, accepted.
        PolicyCase{"\xD0\xBF\xD0\xB0\xD1\x80\xD0\xBE\xD0\xBB\xD1\x8C\xE2\x9C\x93\xE2\x9C\x93",
                   "ada@example.com", "Engines", nullptr}));

TEST(PasswordPolicy, AcceptsLongRandomPasswords) {
  auto logger = obs::NullLogger();
  PasswordPolicy policy(*logger);
  // cracklib alone calls these "too simplistic/systematic" (scattered ab, ji, Qr … steps).
  for (const char* pw : {"Tz8!qLm-pQrxEfjiSM2i", "Tz8!qLm-IjMCBWHWxVjk", "Tz8!qLm--AcbQaz9PQRq"}) {
    EXPECT_FALSE(policy.Weakness(pw, {"crash1-3f2a@e2e.syntera.test", {"E2E Org 3f2a"}})) << pw;
  }
  std::mt19937 rng(42);
  const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  for (int i = 0; i < 2000; ++i) {
    std::string pw = "Tz8!qLm-";
    for (int j = 0; j < 12; ++j) pw += alphabet[rng() % alphabet.size()];
    auto weakness = policy.Weakness(pw, {"someone@example.com", {"Some Org"}});
    EXPECT_FALSE(weakness.has_value()) << pw << ": " << weakness.value_or("");
  }
  // Runs are still caught.
  EXPECT_TRUE(policy.Weakness("abcdefghijkl", {"a@b.co", {}}).has_value());
  EXPECT_TRUE(policy.Weakness("1234567890123", {"a@b.co", {}}).has_value());
}

TEST(PasswordPolicy, RejectsOverlongPasswords) {
  auto logger = obs::NullLogger();
  PasswordPolicy policy(*logger);
  std::string long_pw;
  for (int i = 0; i < 129; ++i) long_pw += static_cast<char>('a' + (i * 7) % 26);
  auto weakness = policy.Weakness(long_pw, {"a@b.co", {}});
  ASSERT_TRUE(weakness.has_value());
  EXPECT_NE(weakness->find("at most 128"), std::string::npos);
}

TEST(PasswordPolicy, FallsBackToBuiltInListWithoutDictionary) {
  auto logger = obs::NullLogger();
  PasswordPolicy policy(*logger, "/nonexistent/cracklib_dict");
  EXPECT_FALSE(policy.dictionary_available());
  EXPECT_TRUE(policy.Weakness("password1", {"a@b.co", {}}).has_value());
  // Only cracklib would catch this one; without the dictionary it passes.
  EXPECT_FALSE(policy.Weakness("sunflower", {"a@b.co", {}}).has_value());
}

TEST(PasswordPolicy, CheckReportsTheFieldAsInvalidArgument) {
  auto logger = obs::NullLogger();
  PasswordPolicy policy(*logger);
  auto r = policy.Check("password", {"a@b.co", {}}, "new_password");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  ASSERT_EQ(r.error().fields.size(), 1u);
  EXPECT_EQ(r.error().fields[0].field, "new_password");
}

TEST(CommonPasswords, MatchesCaseInsensitively) {
  EXPECT_TRUE(IsCommonPassword("PassWord1"));
  EXPECT_FALSE(IsCommonPassword("a rather uncommon phrase"));
}

}  // namespace
}  // namespace syntera::auth
