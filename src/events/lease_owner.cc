#include "events/lease_owner.h"

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstdio>
#include <random>
#include <sys/stat.h>

namespace syntera::events {
namespace {

std::string HostName() {
  char host[256] = {};
  if (gethostname(host, sizeof(host) - 1) != 0) return "?";
  return host;
}

std::string PidNamespace() {
  struct stat st {};
  if (stat("/proc/self/ns/pid", &st) != 0) return "?";
  return std::to_string(static_cast<unsigned long long>(st.st_ino));
}

// Changes at every boot of the machine; the same in every container of it.
std::string BootId() {
  std::FILE* f = std::fopen("/proc/sys/kernel/random/boot_id", "r");
  if (f == nullptr) return "?";
  char id[64] = {};
  size_t n = std::fread(id, 1, sizeof(id) - 1, f);
  std::fclose(f);
  std::string s(id, n);
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s.empty() ? "?" : s;
}

// This process's "host:bootid:pidns" prefix.
std::string Machine() { return HostName() + ":" + BootId() + ":" + PidNamespace(); }

}  // namespace

std::string LeaseOwnerId(long pid, std::string_view suffix) {
  return Machine() + ":" + std::to_string(pid) + ":" + std::string(suffix);
}

std::string NewLeaseOwnerId() {
  std::random_device entropy;
  char suffix[24];
  std::snprintf(suffix, sizeof(suffix), "%08x%08x", entropy(), entropy());
  return LeaseOwnerId(static_cast<long>(getpid()), suffix);
}

bool LeaseOwnerIsDeadHere(std::string_view owner) {
  std::string machine = Machine();
  if (machine.find('?') != std::string::npos || !owner.starts_with(machine + ":")) return false;
  owner.remove_prefix(machine.size() + 1);
  std::string_view pid_text = owner.substr(0, owner.find(':'));
  long pid = 0;
  auto [end, ec] = std::from_chars(pid_text.data(), pid_text.data() + pid_text.size(), pid);
  if (ec != std::errc() || end != pid_text.data() + pid_text.size() || pid <= 0) return false;
  return kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH;
}

}  // namespace syntera::events
