#include "auth/access_token.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <stdexcept>

#include "base/encoding.h"
#include "crypto/crypto.h"

namespace syntera::auth {
namespace {

namespace bj = boost::json;

constexpr std::string_view kHeaderJson = R"({"alg":"HS256","typ":"JWT"})";
constexpr int64_t kClockSkewSeconds = 60;  // tolerated for iat from another instance

int64_t Seconds(Timestamp t) { return ToUnixMillis(t) / 1000; }
Timestamp FromSeconds(int64_t s) { return FromUnixMillis(s * 1000); }

Error Invalid() { return Unauthenticated("invalid or expired access token"); }

// Parses a JSON object from a base64url segment; nullopt on any problem.
std::optional<bj::object> DecodeSegment(std::string_view segment) {
  auto raw = Base64UrlDecode(segment);
  if (!raw) return std::nullopt;
  boost::system::error_code ec;
  bj::value v = bj::parse(*raw, ec);
  if (ec || !v.is_object()) return std::nullopt;
  return std::move(v.as_object());
}

std::optional<std::string> StringClaim(const bj::object& o, std::string_view key) {
  auto* v = o.if_contains(key);
  if (!v || !v->is_string() || v->as_string().empty()) return std::nullopt;
  return std::string(v->as_string());
}

std::optional<int64_t> IntClaim(const bj::object& o, std::string_view key) {
  auto* v = o.if_contains(key);
  if (!v || !v->is_int64()) return std::nullopt;
  return v->as_int64();
}

}  // namespace

AccessTokenCodec::AccessTokenCodec(std::string signing_key, const Clock& clock)
    : signing_key_(std::move(signing_key)), clock_(clock) {
  if (signing_key_.size() < kMinSigningKeyBytes) {
    throw std::invalid_argument("the token signing key must have at least 32 bytes");
  }
}

AccessClaims AccessTokenCodec::NewClaims(UserId user, OrgId org, std::string session_id,
                                         std::chrono::seconds ttl) const {
  int64_t now = Seconds(clock_.Now());
  return {std::move(user), std::move(org), std::move(session_id), FromSeconds(now),
          FromSeconds(now + ttl.count())};
}

std::string AccessTokenCodec::Sign(const AccessClaims& claims) const {
  bj::object payload;
  payload["iss"] = kTokenIssuer;
  payload["sub"] = claims.user_id.str();
  payload["org"] = claims.org_id.str();
  payload["sid"] = claims.session_id;
  payload["iat"] = Seconds(claims.issued_at);
  payload["exp"] = Seconds(claims.expires_at);
  std::string signing_input =
      Base64UrlEncode(kHeaderJson) + "." + Base64UrlEncode(bj::serialize(payload));
  std::string signature = crypto::HmacSha256(signing_key_, signing_input);
  return signing_input + "." + Base64UrlEncode(signature);
}

Result<AccessClaims> AccessTokenCodec::Verify(std::string_view token) const {
  size_t dot1 = token.find('.');
  size_t dot2 = dot1 == std::string_view::npos ? dot1 : token.find('.', dot1 + 1);
  if (dot2 == std::string_view::npos || token.find('.', dot2 + 1) != std::string_view::npos) {
    return Invalid();
  }
  std::string_view signing_input = token.substr(0, dot2);
  auto signature = Base64UrlDecode(token.substr(dot2 + 1));
  if (!signature) return Invalid();
  // The header is checked independently of the signature: only HS256 is ever accepted, so
  // "alg":"none" or an algorithm-confusion token fails here even if it were signed.
  auto header = DecodeSegment(token.substr(0, dot1));
  if (!header || StringClaim(*header, "alg") != "HS256") return Invalid();
  if (auto* typ = header->if_contains("typ");
      typ && !(typ->is_string() && typ->as_string() == "JWT")) {
    return Invalid();
  }
  if (!crypto::ConstantTimeEquals(crypto::HmacSha256(signing_key_, signing_input), *signature)) {
    return Invalid();
  }
  auto payload = DecodeSegment(token.substr(dot1 + 1, dot2 - dot1 - 1));
  if (!payload) return Invalid();
  auto iss = StringClaim(*payload, "iss");
  auto sub = StringClaim(*payload, "sub");
  auto org = StringClaim(*payload, "org");
  auto sid = StringClaim(*payload, "sid");
  auto iat = IntClaim(*payload, "iat");
  auto exp = IntClaim(*payload, "exp");
  if (iss != kTokenIssuer || !sub || !org || !sid || !iat || !exp) return Invalid();
  int64_t now = Seconds(clock_.Now());
  if (now >= *exp || *iat > now + kClockSkewSeconds) return Invalid();
  return AccessClaims{UserId(*sub), OrgId(*org), *sid, FromSeconds(*iat), FromSeconds(*exp)};
}

}  // namespace syntera::auth
