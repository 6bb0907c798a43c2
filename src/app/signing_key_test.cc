#include "app/signing_key.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <random>

#include "crypto/crypto.h"

namespace syntera::app {
namespace {

TEST(SigningKey, GeneratedOnceThenReusedWithPrivatePermissions) {
  auto dir = std::filesystem::temp_directory_path() / ("syntera_key_" + std::to_string(std::random_device{}()));
  crypto::SecureRandom random;
  auto first = LoadOrCreateSigningKey("", dir.string(), random);
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_GE(first->size(), 32u);
  auto second = LoadOrCreateSigningKey("", dir.string(), random);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(*first, *second);
  struct stat st{};
  ASSERT_EQ(stat((dir / "secrets" / "jwt.key").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  auto configured = LoadOrCreateSigningKey("configured-key-of-at-least-32-bytes!", dir.string(), random);
  EXPECT_EQ(*configured, "configured-key-of-at-least-32-bytes!");
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace syntera::app
