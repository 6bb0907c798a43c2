#include "db/file_storage.h"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <thread>

#include "db/test_database.h"

namespace syntera::db {
namespace {

TEST(StorageKeyTest, AcceptsSafeRelativePaths) {
  for (const char* key : {"a", "uploads/org_1/file-2.pdf", ".hidden", "a/b/c/d.e.f", "x..y"}) {
    EXPECT_TRUE(ValidateStorageKey(key).ok()) << key;
  }
}

TEST(StorageKeyTest, RejectsTraversalAndOddCharacters) {
  for (const char* key : {"", "/etc/passwd", "../x", "a/../../x", "a/..", "./a", "a//b", "a/",
                          "a\\b", "a b", "\xC3\xA9", "a?b", "~/x"}) {
    auto r = ValidateStorageKey(key);
    ASSERT_FALSE(r.ok()) << key;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  }
  EXPECT_FALSE(ValidateStorageKey(std::string(1025, 'a')).ok());
  EXPECT_FALSE(ValidateStorageKey(std::string("a\0b", 3)).ok());
}

TEST(LocalFileStorageTest, PutGetOverwriteDelete) {
  TempDir dir;
  LocalFileStorage storage(dir.path() + "/root");
  const std::string bytes("\0binary\xff", 8);
  EXPECT_FALSE(*storage.Exists("org/a.bin"));
  auto missing = storage.Get("org/a.bin");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);

  ASSERT_TRUE(storage.Put("org/a.bin", bytes).ok());
  EXPECT_TRUE(*storage.Exists("org/a.bin"));
  EXPECT_EQ(*storage.Get("org/a.bin"), bytes);
  ASSERT_TRUE(storage.Put("org/a.bin", "v2").ok());
  EXPECT_EQ(*storage.Get("org/a.bin"), "v2");
  EXPECT_FALSE(*storage.Exists("org"));  // a directory is not a stored file
  EXPECT_EQ(storage.Get("org").error().code, ErrorCode::kNotFound);

  // No temporary files are left behind.
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir.path() + "/root/org")) {
    ++files;
    EXPECT_EQ(entry.path().filename(), "a.bin");
  }
  EXPECT_EQ(files, 1);

  ASSERT_TRUE(storage.Delete("org/a.bin").ok());
  EXPECT_FALSE(*storage.Exists("org/a.bin"));
  EXPECT_TRUE(storage.Delete("org/a.bin").ok());  // idempotent
  EXPECT_EQ(storage.Put("../escape", "x").error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(storage.Get("/etc/passwd").error().code, ErrorCode::kInvalidArgument);
  EXPECT_FALSE(std::filesystem::exists(dir.path() + "/escape"));
}

TEST(LocalFileStorageTest, ReadersSeeOldOrNewContentNeverAMix) {
  TempDir dir;
  LocalFileStorage storage(dir.path());
  const std::string small(10, 'a'), large(1 << 20, 'b');
  ASSERT_TRUE(storage.Put("k", small).ok());
  std::atomic<bool> done{false};
  std::atomic<int> bad{0};
  std::thread reader([&] {
    while (!done) {
      auto got = storage.Get("k");
      if (!got.ok() || (*got != small && *got != large)) ++bad;
    }
  });
  for (int i = 0; i < 20; ++i) ASSERT_TRUE(storage.Put("k", i % 2 ? small : large).ok());
  done = true;
  reader.join();
  EXPECT_EQ(bad, 0);
}

}  // namespace
}  // namespace syntera::db
