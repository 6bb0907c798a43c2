#include "net/client_ip.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace syntera::net {
namespace {

TEST(TrustedProxiesTest, ParsesAddressesAndCidrs) {
  auto proxies = TrustedProxies::Parse({"127.0.0.1", "10.0.0.0/8", "::1", "fd00::/8", "0.0.0.0/0"});
  ASSERT_TRUE(proxies.ok());
  EXPECT_FALSE(proxies->empty());
}

TEST(TrustedProxiesTest, RejectsMalformedEntries) {
  for (const char* bad : {"", "10.0.0", "10.0.0.0/33", "10.0.0.0/", "10.0.0.0/x", "::1/129",
                          "host.example", "10.0.0.0/-1", "1.2.3.4:80"}) {
    SCOPED_TRACE(bad);
    EXPECT_FALSE(TrustedProxies::Parse({bad}).ok());
  }
}

TEST(TrustedProxiesTest, MatchesByPrefix) {
  auto proxies = TrustedProxies::Parse({"10.0.0.0/8", "192.168.1.7", "fd00::/8", "172.16.0.0/12"});
  ASSERT_TRUE(proxies.ok());
  struct Case {
    const char* ip;
    bool trusted;
  } cases[] = {
      {"10.1.2.3", true},       {"11.0.0.1", false},     {"192.168.1.7", true},
      {"192.168.1.8", false},   {"fd12::1", true},       {"fe80::1", false},
      {"172.31.255.255", true}, {"172.32.0.0", false},   {"::ffff:10.9.9.9", true},
      {"garbage", false},       {"10.1.2.3:4567", true}, {"[fd00::2]:443", true},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.ip);
    EXPECT_EQ(proxies->Contains(c.ip), c.trusted);
  }
}

TEST(CanonicalIpTest, NormalisesText) {
  EXPECT_EQ(CanonicalIp("0:0::1"), "::1");
  EXPECT_EQ(CanonicalIp("::ffff:1.2.3.4"), "1.2.3.4");
  EXPECT_EQ(CanonicalIp(" 1.2.3.4 "), "1.2.3.4");
  EXPECT_EQ(CanonicalIp("[2001:DB8::1]:8443"), "2001:db8::1");
  EXPECT_EQ(CanonicalIp("1.2.3.4:80"), "1.2.3.4");
  EXPECT_EQ(CanonicalIp("unknown"), "");
  EXPECT_EQ(CanonicalIp("1.2.3.4:x"), "");
}

TEST(ResolveClientIpTest, WalksForwardedForFromTheRight) {
  auto proxies = TrustedProxies::Parse({"127.0.0.1", "10.0.0.0/8"});
  ASSERT_TRUE(proxies.ok());
  struct Case {
    const char* peer;
    std::vector<std::string_view> xff;
    const char* client;
  } cases[] = {
      {"127.0.0.1", {}, "127.0.0.1"},                                     // no header
      {"127.0.0.1", {"203.0.113.9"}, "203.0.113.9"},                      // one hop
      {"127.0.0.1", {"1.1.1.1, 203.0.113.9"}, "203.0.113.9"},             // spoofed left part
      {"127.0.0.1", {"1.1.1.1, 203.0.113.9, 10.0.0.2"}, "203.0.113.9"},   // inner proxy skipped
      {"127.0.0.1", {"1.1.1.1", "203.0.113.9,10.0.0.2"}, "203.0.113.9"},  // several lines
      {"127.0.0.1", {"10.0.0.3, 10.0.0.2"}, "10.0.0.3"},                  // all trusted
      {"127.0.0.1", {"1.1.1.1, nonsense, 10.0.0.2"}, "10.0.0.2"},         // stops at garbage
      {"127.0.0.1", {"[2001:db8::5]:1234"}, "2001:db8::5"},               // port stripped
      {"203.0.113.50", {"1.1.1.1"}, "203.0.113.50"},                      // untrusted peer
      {"::ffff:127.0.0.1", {"198.51.100.1"}, "198.51.100.1"},             // mapped peer
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.peer);
    EXPECT_EQ(ResolveClientIp(*proxies, c.peer, c.xff), c.client);
  }
}

TEST(ResolveClientIpTest, NoTrustedProxiesMeansPeer) {
  TrustedProxies none;
  EXPECT_EQ(ResolveClientIp(none, "127.0.0.1", {"203.0.113.9"}), "127.0.0.1");
}

}  // namespace
}  // namespace syntera::net
