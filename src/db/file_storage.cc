#include "db/file_storage.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>
#include <vector>

namespace syntera::db {
namespace {

constexpr size_t kMaxKeyLength = 1024;

Error IoError(std::string_view what, const std::filesystem::path& path, int err) {
  return Internal("file storage: " + std::string(what) + " " + path.string() + ": " +
                  std::strerror(err));
}

bool KeyChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '_' || c == '-' || c == '/';
}

// Closes the descriptor on scope exit.
struct Fd {
  int fd;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

Result<void> FsyncPath(const std::filesystem::path& path, int flags) {
  Fd f{::open(path.c_str(), flags | O_CLOEXEC)};
  if (f.fd < 0) return IoError("open", path, errno);
  if (::fsync(f.fd) != 0) return IoError("fsync", path, errno);
  return Ok();
}

Result<void> WriteAll(int fd, std::string_view bytes, const std::filesystem::path& path) {
  while (!bytes.empty()) {
    ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return IoError("write", path, errno);
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return Ok();
}

// Creates `dir` and missing parents, fsyncing each parent that gained an entry.
Result<void> MakeDirectories(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> missing;
  std::error_code ec;
  for (auto p = dir; !p.empty() && !std::filesystem::exists(p, ec); p = p.parent_path()) {
    missing.push_back(p);
    if (p == p.parent_path()) break;
  }
  for (auto it = missing.rbegin(); it != missing.rend(); ++it) {
    if (::mkdir(it->c_str(), 0755) != 0 && errno != EEXIST) return IoError("mkdir", *it, errno);
    auto parent = it->parent_path();
    SYN_RETURN_IF_ERROR(FsyncPath(parent.empty() ? "." : parent, O_RDONLY | O_DIRECTORY));
  }
  return Ok();
}

}  // namespace

Result<void> ValidateStorageKey(std::string_view key) {
  if (key.empty() || key.size() > kMaxKeyLength) {
    return InvalidArgument("storage key must have 1 to 1024 characters");
  }
  for (char c : key) {
    if (!KeyChar(c)) return InvalidArgument("storage key may only use [A-Za-z0-9._/-]");
  }
  size_t start = 0;
  while (start <= key.size()) {
    size_t end = key.find('/', start);
    if (end == std::string_view::npos) end = key.size();
    std::string_view segment = key.substr(start, end - start);
    if (segment.empty() || segment == "." || segment == "..") {
      return InvalidArgument("storage key must be a relative path without empty, . or .. parts");
    }
    start = end + 1;
  }
  return Ok();
}

Result<void> LocalFileStorage::Put(std::string_view key, std::string_view bytes) {
  SYN_RETURN_IF_ERROR(ValidateStorageKey(key));
  std::filesystem::path target = root_ / key;
  std::filesystem::path dir = target.parent_path();
  SYN_RETURN_IF_ERROR(MakeDirectories(dir));
  std::string temp = (dir / ("." + target.filename().string() + ".tmp.XXXXXX")).string();
  Fd f{::mkostemp(temp.data(), O_CLOEXEC)};
  if (f.fd < 0) return IoError("create", temp, errno);
  auto written = [&]() -> Result<void> {
    SYN_RETURN_IF_ERROR(WriteAll(f.fd, bytes, temp));
    if (::fchmod(f.fd, 0644) != 0) return IoError("chmod", temp, errno);
    if (::fsync(f.fd) != 0) return IoError("fsync", temp, errno);
    if (::rename(temp.c_str(), target.c_str()) != 0) return IoError("rename", target, errno);
    return Ok();
  }();
  if (!written.ok()) {
    ::unlink(temp.c_str());
    return written;
  }
  return FsyncPath(dir, O_RDONLY | O_DIRECTORY);
}

Result<std::string> LocalFileStorage::Get(std::string_view key) {
  SYN_RETURN_IF_ERROR(ValidateStorageKey(key));
  std::filesystem::path path = root_ / key;
  Fd f{::open(path.c_str(), O_RDONLY | O_CLOEXEC)};
  if (f.fd < 0 && (errno == ENOENT || errno == ENOTDIR)) {
    return NotFound("no file " + std::string(key));
  }
  if (f.fd < 0) return IoError("open", path, errno);
  struct stat st {};
  if (::fstat(f.fd, &st) != 0) return IoError("stat", path, errno);
  if (!S_ISREG(st.st_mode)) return NotFound("no file " + std::string(key));
  std::string out;
  out.reserve(static_cast<size_t>(st.st_size));
  char buf[65536];
  for (;;) {
    ssize_t n = ::read(f.fd, buf, sizeof(buf));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return IoError("read", path, errno);
    if (n == 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  return out;
}

Result<void> LocalFileStorage::Delete(std::string_view key) {
  SYN_RETURN_IF_ERROR(ValidateStorageKey(key));
  std::filesystem::path path = root_ / key;
  if (::unlink(path.c_str()) != 0) {
    if (errno == ENOENT || errno == ENOTDIR) return Ok();
    return IoError("unlink", path, errno);
  }
  return FsyncPath(path.parent_path(), O_RDONLY | O_DIRECTORY);
}

Result<bool> LocalFileStorage::Exists(std::string_view key) {
  SYN_RETURN_IF_ERROR(ValidateStorageKey(key));
  std::filesystem::path path = root_ / key;
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT || errno == ENOTDIR) return false;
    return IoError("stat", path, errno);
  }
  return S_ISREG(st.st_mode);
}

}  // namespace syntera::db
