#pragma once
// Which address a request really comes from: the TCP peer, or — when the peer is one of our
// own reverse proxies — the client named in X-Forwarded-For. Private to `net`; std only.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace syntera::net {

// A set of IPv4/IPv6 addresses and CIDR ranges ("10.0.0.1", "10.0.0.0/8", "::1",
// "fd00::/8"). IPv4-mapped IPv6 addresses ("::ffff:10.0.0.1") are treated as IPv4.
// Immutable after Parse(); safe to share between threads.
class TrustedProxies {
 public:
  TrustedProxies() = default;

  // Parses every entry; kInvalidArgument naming the first entry that is not an address or
  // CIDR with a prefix in range.
  static Result<TrustedProxies> Parse(const std::vector<std::string>& entries);

  // True when `ip` (textual address) lies in one of the ranges; false for unparsable text.
  bool Contains(std::string_view ip) const;
  bool empty() const { return ranges_.empty(); }

 private:
  struct Range {
    bool v4 = false;
    std::array<uint8_t, 16> bytes{};  // network order; IPv4 uses the first 4
    int prefix_bits = 0;
  };
  std::vector<Range> ranges_;
};

// Canonical text of an address ("0:0::1" → "::1", "::ffff:1.2.3.4" → "1.2.3.4"), or an
// empty string when `text` is not an IP address. Accepts a "[v6]:port" or "v4:port" suffix.
std::string CanonicalIp(std::string_view text);

// The client address for a request from `peer_ip` carrying the X-Forwarded-For header
// values `forwarded_for` (in header order; each may hold a comma-separated list).
// X-Forwarded-For is honoured only when the peer is trusted: the combined list is walked
// from the right, skipping trusted proxies, and the first untrusted address wins. A
// malformed entry stops the walk and the last trusted hop is returned. When every entry is
// trusted the leftmost one is returned. Result is canonical text.
std::string ResolveClientIp(const TrustedProxies& trusted, std::string_view peer_ip,
                            const std::vector<std::string_view>& forwarded_for);

}  // namespace syntera::net
