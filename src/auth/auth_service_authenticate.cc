// AuthService: turning a bearer credential into a Principal.

#include "auth/api_key_store.h"
#include "auth/auth_service.h"
#include "auth/secrets.h"
#include "auth/session_store.h"
#include "crypto/crypto.h"
#include "obs/logger.h"

namespace syntera::auth {

Result<Principal> AuthService::Authenticate(std::string_view bearer) {
  if (bearer.starts_with(kApiKeyPrefix)) return AuthenticateApiKey(bearer);
  return AuthenticateAccessToken(bearer);
}

Result<Principal> AuthService::AuthenticateAccessToken(std::string_view token) {
  SYN_ASSIGN_OR_RETURN(AccessClaims claims, tokens_.Verify(token));
  SYN_ASSIGN_OR_RETURN(
      std::optional<Role> role,
      db::InTx(db_, db::Scope::Tenant(claims.org_id.str()), db::TxMode::kRead, [&](db::Tx& tx) {
        return store::LiveSessionRole(tx, claims.session_id, claims.user_id, claims.org_id);
      }));
  if (!role) return Unauthenticated("the session has ended; sign in again");
  Principal p;
  p.kind = CredentialKind::kUserToken;
  p.org_id = std::move(claims.org_id);
  p.role = *role;
  p.user_id = std::move(claims.user_id);
  p.session_id = std::move(claims.session_id);
  return p;
}

Result<Principal> AuthService::AuthenticateApiKey(std::string_view secret) {
  std::string hash = HashSecret(secret);
  SYN_ASSIGN_OR_RETURN(auto found,
                       db::InTx(db_, db::Scope::System(), db::TxMode::kRead,
                                [&](db::Tx& tx) { return store::FindApiKeyByHash(tx, hash); }));
  // The index lookup already matched; the constant-time comparison keeps the decision itself
  // free of data-dependent timing.
  if (!found || !crypto::ConstantTimeEquals(found->key_hash, hash) || found->key.revoked_at) {
    return Unauthenticated("invalid API key");
  }
  const ApiKey& key = found->key;
  Timestamp now = Now();
  if (!key.last_used_at || now - *key.last_used_at >= options_.api_key_touch_interval) {
    auto touched =
        db::InTx(db_, db::Scope::Tenant(key.org_id.str()), db::TxMode::kWrite, [&](db::Tx& tx) {
          return store::TouchApiKey(tx, key.org_id, key.id, now, options_.api_key_touch_interval);
        });
    // Bookkeeping only: a failed write must not fail the request.
    if (!touched.ok()) {
      logger_.Warn("api_key_touch_failed",
                   {{"api_key_id", key.id}, {"error", touched.error().message}});
    }
  }
  Principal p;
  p.kind = CredentialKind::kApiKey;
  p.org_id = key.org_id;
  p.role = key.role;
  p.api_key_id = key.id;
  return p;
}

}  // namespace syntera::auth
