// AuthService: organization API keys.

#include "auth/api_key_store.h"
#include "auth/auth_service.h"
#include "auth/secrets.h"
#include "auth/validation.h"
#include "base/encoding.h"
#include "obs/logger.h"

namespace syntera::auth {
namespace {
Error ApiKeyNotFound() { return NotFound("API key not found"); }
}  // namespace

Result<NewApiKey> AuthService::CreateApiKey(const Principal& principal, std::string_view name_in,
                                            Role role) {
  SYN_RETURN_IF_ERROR(Require(principal, Operation::kManageApiKeys));
  std::string name(TrimAscii(name_in));
  FieldProblems problems;
  problems.Add("name", NameProblem(name));
  SYN_RETURN_IF_ERROR(problems.Finish());
  if (!MayGrant(principal.role, role)) {
    return PermissionDenied("an API key cannot have a role above your own");
  }
  std::string secret = NewApiKeySecret(random_);
  ApiKey key{NewId(),     principal.org_id,  name,  ApiKeyDisplayPrefix(secret),
             role,        principal.user_id, Now(), std::nullopt,
             std::nullopt};
  SYN_RETURN_IF_ERROR(
      db::InTx(db_, db::Scope::Tenant(principal.org_id.str()), db::TxMode::kWrite,
               [&](db::Tx& tx) { return store::InsertApiKey(tx, key, HashSecret(secret)); }));
  logger_.Info("api_key_created", {{"org_id", key.org_id.str()},
                                   {"api_key_id", key.id},
                                   {"role", RoleName(role)},
                                   {"by", principal.credential_id()}});
  return NewApiKey{std::move(key), std::move(secret)};
}

Result<Page<ApiKey>> AuthService::ListApiKeys(const Principal& principal, const PageRequest& page) {
  SYN_RETURN_IF_ERROR(Require(principal, Operation::kManageApiKeys));
  return db::InTx(db_, db::Scope::Tenant(principal.org_id.str()), db::TxMode::kRead,
                  [&](db::Tx& tx) { return store::ListApiKeys(tx, principal.org_id, page); });
}

Result<ApiKey> AuthService::GetApiKey(const Principal& principal, std::string_view id) {
  SYN_RETURN_IF_ERROR(Require(principal, Operation::kManageApiKeys));
  return db::InTx(db_, db::Scope::Tenant(principal.org_id.str()), db::TxMode::kRead,
                  [&](db::Tx& tx) -> Result<ApiKey> {
                    SYN_ASSIGN_OR_RETURN(auto key, store::FindApiKey(tx, principal.org_id, id));
                    if (!key) return ApiKeyNotFound();
                    return std::move(*key);
                  });
}

Result<void> AuthService::RevokeApiKey(const Principal& principal, std::string_view id) {
  SYN_RETURN_IF_ERROR(Require(principal, Operation::kManageApiKeys));
  auto work = [&](db::Tx& tx) -> Result<void> {
    SYN_ASSIGN_OR_RETURN(auto key, store::FindApiKey(tx, principal.org_id, id));
    if (!key) return ApiKeyNotFound();
    return store::RevokeApiKey(tx, principal.org_id, id, Now());
  };
  SYN_RETURN_IF_ERROR(
      db::InTx(db_, db::Scope::Tenant(principal.org_id.str()), db::TxMode::kWrite, work));
  logger_.Info(
      "api_key_revoked",
      {{"org_id", principal.org_id.str()}, {"api_key_id", id}, {"by", principal.credential_id()}});
  return Ok();
}

}  // namespace syntera::auth
