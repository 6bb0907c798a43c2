#include "crypto/crypto.h"

#include <gtest/gtest.h>

#include "base/encoding.h"

namespace syntera::crypto {
namespace {

TEST(Crypto, Sha256MatchesKnownVector) {
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Crypto, HmacSha256MatchesRfc4231Case2) {
  EXPECT_EQ(HexEncode(HmacSha256("Jefe", "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(Crypto, ConstantTimeEquals) {
  EXPECT_TRUE(ConstantTimeEquals("secret", "secret"));
  EXPECT_FALSE(ConstantTimeEquals("secret", "secreT"));
  EXPECT_FALSE(ConstantTimeEquals("secret", "secret1"));
}

TEST(Crypto, SecureRandomTokensDiffer) {
  SecureRandom r;
  EXPECT_NE(RandomToken(r, 32), RandomToken(r, 32));
  EXPECT_EQ(RandomToken(r, 32).size(), 43u);
}

}  // namespace
}  // namespace syntera::crypto
