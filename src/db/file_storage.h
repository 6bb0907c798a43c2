#pragma once
// Blob storage behind an interface (uploads, documents, recordings), so tests and other
// backends (e.g. an object store) can stand in for the local disk.

#include <filesystem>
#include <string>
#include <string_view>

#include "base/result.h"

namespace syntera::db {

// Keys are relative paths made of [A-Za-z0-9._/-]: no leading or trailing '/', no empty,
// "." or ".." segment, at most 1024 characters. A malformed key is kInvalidArgument.
// Implementations are thread-safe.
class FileStorage {
 public:
  virtual ~FileStorage() = default;
  // Stores `bytes` under `key`, replacing any previous content atomically: a concurrent Get
  // sees the old or the new content, never a mix. Durable once it returns ok.
  virtual Result<void> Put(std::string_view key, std::string_view bytes) = 0;
  // The content under `key`; kNotFound when there is none.
  virtual Result<std::string> Get(std::string_view key) = 0;
  // Removes `key`; ok when it did not exist.
  virtual Result<void> Delete(std::string_view key) = 0;
  virtual Result<bool> Exists(std::string_view key) = 0;
};

// Checks the key rules above. Pure function.
Result<void> ValidateStorageKey(std::string_view key);

// Files under a root directory (created on first Put). Put writes a temporary file in the
// target directory, fsyncs it, renames it over the target and fsyncs the directory. I/O
// failures are kInternal with the OS message. The root must not be shared with other writers.
class LocalFileStorage final : public FileStorage {
 public:
  explicit LocalFileStorage(std::filesystem::path root) : root_(std::move(root)) {}

  Result<void> Put(std::string_view key, std::string_view bytes) override;
  Result<std::string> Get(std::string_view key) override;
  Result<void> Delete(std::string_view key) override;
  Result<bool> Exists(std::string_view key) override;

 private:
  const std::filesystem::path root_;
};

}  // namespace syntera::db
