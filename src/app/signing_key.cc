#include "app/signing_key.h"

#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "base/encoding.h"

namespace syntera::app {

Result<std::string> LoadOrCreateSigningKey(const std::string& configured,
                                           const std::string& data_dir, Random& random) {
  if (!configured.empty()) return configured;
  namespace fs = std::filesystem;
  fs::path dir = fs::path(data_dir) / "secrets";
  fs::path file = dir / "jwt.key";
  std::error_code ec;
  if (fs::exists(file, ec)) {
    std::ifstream in(file);
    std::stringstream ss;
    ss << in.rdbuf();
    std::string key(TrimAscii(ss.str()));
    if (key.size() < 32) return Unavailable("signing key file " + file.string() + " is corrupt; "
                                            "delete it to generate a new one (signs everyone out)");
    return key;
  }
  fs::create_directories(dir, ec);
  if (ec) return Unavailable("cannot create " + dir.string() + ": " + ec.message());
  fs::permissions(dir, fs::perms::owner_all, fs::perm_options::replace, ec);
  std::string key = RandomToken(random, 48);
  fs::path tmp = dir / "jwt.key.tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd < 0) return Unavailable("cannot write " + tmp.string());
  bool ok = ::write(fd, key.data(), key.size()) == static_cast<ssize_t>(key.size()) &&
            ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) return Unavailable("cannot write " + tmp.string());
  fs::rename(tmp, file, ec);
  if (ec) return Unavailable("cannot write " + file.string() + ": " + ec.message());
  return key;
}

}  // namespace syntera::app
