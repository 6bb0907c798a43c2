#pragma once
// Widget visitor session tokens: "vt1.<payload>.<mac>", where payload is base64url of
// "<org id>|<visitor id>|<expiry unix ms>|<widget key version>" (tokens issued before key
// versions existed lack the last field: version 1) and mac is base64url of HMAC-SHA256 over
// "vt1.<payload>" with a key derived from the application signing key (so a visitor token can
// never be mistaken for an access token signed with the same secret). Verification compares
// the MAC in constant time, then checks the expiry; the key version is checked against the
// organization's widget settings by WidgetService::AuthenticateVisitor (regenerating the key
// revokes the tokens). The reference implementation's widget token was unsigned base64 and
// forgeable; this one is not.

#include <string>
#include <string_view>

#include "base/clock.h"
#include "base/ids.h"
#include "base/principal.h"
#include "base/random.h"
#include "base/result.h"

namespace syntera::conversations {

struct VisitorClaims {
  OrgId org_id;
  std::string visitor_id;
  Timestamp expires_at;
  int64_t key_version = 1;  // WidgetSettings::key_version when issued
};

inline constexpr std::string_view kVisitorTokenPrefix = "vt1.";

class VisitorTokens {
 public:
  // `clock` must outlive this. `signing_key` is the application's key (app/signing_key.h).
  VisitorTokens(std::string_view signing_key, const Clock& clock);

  std::string Issue(const VisitorClaims& claims) const;
  // Errors: kUnauthenticated for a malformed, forged or expired token. Says nothing about
  // revocation (WidgetService::AuthenticateVisitor). Thread-safe.
  Result<VisitorClaims> Verify(std::string_view token) const;

  // True when `bearer` has the visitor token shape (cheap; says nothing about validity).
  static bool LooksLikeVisitorToken(std::string_view bearer) {
    return bearer.substr(0, kVisitorTokenPrefix.size()) == kVisitorTokenPrefix;
  }

 private:
  std::string key_;
  const Clock& clock_;
};

// A fresh visitor id: a random UUID (version 4 layout, 122 random bits). The id is a bearer
// secret of the visitor's browser: whoever presents it (with the org's public key and an
// allowed origin) resumes that visitor's conversations.
std::string NewVisitorId(Random& random);
// True for a lowercase UUID text (what NewVisitorId returns).
bool IsVisitorId(std::string_view id);

// The Principal of a verified visitor: kind kVisitor, role kViewer, no user id.
Principal VisitorPrincipal(const VisitorClaims& claims);

}  // namespace syntera::conversations
