#include "conversations/visitor_token.h"

#include <array>
#include <charconv>

#include "base/encoding.h"
#include "crypto/crypto.h"

namespace syntera::conversations {
namespace {

constexpr std::string_view kKeyLabel = "syntera/visitor-token/v1";

bool IsIdText(std::string_view s) {
  if (s.empty() || s.size() > 64) return false;
  for (char c : s) {
    bool ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == '-';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

VisitorTokens::VisitorTokens(std::string_view signing_key, const Clock& clock)
    : key_(crypto::HmacSha256(signing_key, kKeyLabel)), clock_(clock) {}

std::string VisitorTokens::Issue(const VisitorClaims& c) const {
  std::string payload = Base64UrlEncode(c.org_id.str() + "|" + c.visitor_id + "|" +
                                        std::to_string(ToUnixMillis(c.expires_at)) + "|" +
                                        std::to_string(c.key_version));
  std::string signed_part = std::string(kVisitorTokenPrefix) + payload;
  return signed_part + "." + Base64UrlEncode(crypto::HmacSha256(key_, signed_part));
}

Result<VisitorClaims> VisitorTokens::Verify(std::string_view token) const {
  const Error bad = Unauthenticated("invalid visitor token");
  if (!LooksLikeVisitorToken(token) || token.size() > 512) return bad;
  size_t dot = token.rfind('.');
  if (dot == std::string_view::npos || dot < kVisitorTokenPrefix.size()) return bad;
  std::string_view signed_part = token.substr(0, dot);
  auto mac = Base64UrlDecode(token.substr(dot + 1));
  if (!mac || !crypto::ConstantTimeEquals(*mac, crypto::HmacSha256(key_, signed_part))) return bad;
  auto payload = Base64UrlDecode(signed_part.substr(kVisitorTokenPrefix.size()));
  if (!payload) return bad;
  size_t a = payload->find('|');
  size_t b = a == std::string::npos ? a : payload->find('|', a + 1);
  if (b == std::string::npos) return bad;
  VisitorClaims claims;
  claims.org_id = OrgId(payload->substr(0, a));
  claims.visitor_id = payload->substr(a + 1, b - a - 1);
  size_t c = payload->find('|', b + 1);  // the key version, absent in older tokens
  auto number = [&](size_t from, size_t to, int64_t& out) {
    const char* first = payload->data() + from;
    const char* last = payload->data() + to;
    auto [end, ec] = std::from_chars(first, last, out);
    return ec == std::errc() && end == last && first != last;
  };
  int64_t exp = 0;
  if (!number(b + 1, c == std::string::npos ? payload->size() : c, exp)) return bad;
  if (c != std::string::npos &&
      (!number(c + 1, payload->size(), claims.key_version) || claims.key_version < 1)) {
    return bad;
  }
  if (!IsIdText(claims.org_id.str()) || !IsIdText(claims.visitor_id)) return bad;
  claims.expires_at = FromUnixMillis(exp);
  if (clock_.Now() >= claims.expires_at) return Unauthenticated("visitor token expired");
  return claims;
}

std::string NewVisitorId(Random& random) {
  std::array<uint8_t, 16> b{};
  random.Fill(b);
  b[6] = static_cast<uint8_t>(0x40 | (b[6] & 0x0F));
  b[8] = static_cast<uint8_t>(0x80 | (b[8] & 0x3F));
  std::string hex = HexEncode(b);
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
         hex.substr(16, 4) + "-" + hex.substr(20);
}

bool IsVisitorId(std::string_view id) {
  if (!LooksLikeUuid(id)) return false;
  for (char c : id) {
    if (c >= 'A' && c <= 'F') return false;
  }
  return true;
}

Principal VisitorPrincipal(const VisitorClaims& claims) {
  Principal p;
  p.kind = CredentialKind::kVisitor;
  p.org_id = claims.org_id;
  p.role = Role::kViewer;
  p.visitor_id = claims.visitor_id;
  return p;
}

}  // namespace syntera::conversations
