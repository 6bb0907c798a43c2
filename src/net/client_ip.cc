#include "net/client_ip.h"

#include <arpa/inet.h>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <optional>

namespace syntera::net {
namespace {

struct Address {
  bool v4 = false;
  std::array<uint8_t, 16> bytes{};
};

constexpr std::array<uint8_t, 12> kV4MappedPrefix = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Parses a bare address (no port, no brackets).
std::optional<Address> ParseBare(std::string_view text) {
  if (text.empty() || text.size() >= INET6_ADDRSTRLEN) return std::nullopt;
  char buf[INET6_ADDRSTRLEN];
  std::memcpy(buf, text.data(), text.size());
  buf[text.size()] = '\0';
  Address a;
  if (inet_pton(AF_INET, buf, a.bytes.data()) == 1) {
    a.v4 = true;
    return a;
  }
  if (inet_pton(AF_INET6, buf, a.bytes.data()) != 1) return std::nullopt;
  if (std::equal(kV4MappedPrefix.begin(), kV4MappedPrefix.end(), a.bytes.begin())) {
    std::memmove(a.bytes.data(), a.bytes.data() + 12, 4);
    std::fill(a.bytes.begin() + 4, a.bytes.end(), 0);
    a.v4 = true;
  }
  return a;
}

// Parses an address that may carry a port: "[v6]:port", "[v6]", "v4:port" or bare.
std::optional<Address> ParseWithPort(std::string_view text) {
  text = Trim(text);
  if (!text.empty() && text.front() == '[') {
    size_t close = text.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    std::string_view rest = text.substr(close + 1);
    if (!rest.empty() && !(rest.front() == ':' && AllDigits(rest.substr(1)))) return std::nullopt;
    return ParseBare(text.substr(1, close - 1));
  }
  if (std::count(text.begin(), text.end(), ':') == 1) {
    size_t colon = text.find(':');
    if (!AllDigits(text.substr(colon + 1))) return std::nullopt;
    return ParseBare(text.substr(0, colon));
  }
  return ParseBare(text);
}

std::string Format(const Address& a) {
  char buf[INET6_ADDRSTRLEN] = {};
  inet_ntop(a.v4 ? AF_INET : AF_INET6, a.bytes.data(), buf, sizeof(buf));
  return buf;
}

bool PrefixMatches(const std::array<uint8_t, 16>& net, const std::array<uint8_t, 16>& ip,
                   int bits) {
  int full = bits / 8;
  if (!std::equal(net.begin(), net.begin() + full, ip.begin())) return false;
  int rest = bits % 8;
  if (rest == 0) return true;
  uint8_t mask = static_cast<uint8_t>(0xff << (8 - rest));
  return (net[full] & mask) == (ip[full] & mask);
}

}  // namespace

Result<TrustedProxies> TrustedProxies::Parse(const std::vector<std::string>& entries) {
  TrustedProxies out;
  for (const std::string& entry : entries) {
    std::string_view text = Trim(entry);
    size_t slash = text.find('/');
    std::optional<Address> addr = ParseBare(text.substr(0, slash));
    if (!addr) {
      return InvalidArgument("trusted proxy '" + entry + "' is not an IP address or CIDR");
    }
    Range range;
    range.v4 = addr->v4;
    range.bytes = addr->bytes;
    range.prefix_bits = addr->v4 ? 32 : 128;
    if (slash != std::string_view::npos) {
      std::string_view bits = text.substr(slash + 1);
      int value = -1;
      auto [end, ec] = std::from_chars(bits.data(), bits.data() + bits.size(), value);
      if (!AllDigits(bits) || ec != std::errc() || end != bits.data() + bits.size() ||
          value > range.prefix_bits) {
        return InvalidArgument("trusted proxy '" + entry + "' has an invalid prefix length");
      }
      range.prefix_bits = value;
    }
    out.ranges_.push_back(range);
  }
  return out;
}

bool TrustedProxies::Contains(std::string_view ip) const {
  std::optional<Address> addr = ParseWithPort(ip);
  if (!addr) return false;
  return std::any_of(ranges_.begin(), ranges_.end(), [&](const Range& r) {
    return r.v4 == addr->v4 && PrefixMatches(r.bytes, addr->bytes, r.prefix_bits);
  });
}

std::string CanonicalIp(std::string_view text) {
  std::optional<Address> addr = ParseWithPort(text);
  return addr ? Format(*addr) : std::string();
}

std::string ResolveClientIp(const TrustedProxies& trusted, std::string_view peer_ip,
                            const std::vector<std::string_view>& forwarded_for) {
  std::string peer = CanonicalIp(peer_ip);
  if (peer.empty()) peer = std::string(peer_ip);
  if (forwarded_for.empty() || !trusted.Contains(peer)) return peer;

  std::vector<std::string_view> hops;  // left to right over all header lines
  for (std::string_view line : forwarded_for) {
    while (true) {
      size_t comma = line.find(',');
      std::string_view hop = Trim(line.substr(0, comma));
      if (!hop.empty()) hops.push_back(hop);
      if (comma == std::string_view::npos) break;
      line.remove_prefix(comma + 1);
    }
  }
  std::string last_trusted = peer;
  for (auto it = hops.rbegin(); it != hops.rend(); ++it) {
    std::string hop = CanonicalIp(*it);
    if (hop.empty()) return last_trusted;
    if (!trusted.Contains(hop)) return hop;
    last_trusted = std::move(hop);
  }
  return last_trusted;
}

}  // namespace syntera::net
