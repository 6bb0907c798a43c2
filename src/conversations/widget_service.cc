#include "conversations/widget_service.h"

#include <algorithm>
#include <array>

#include "base/encoding.h"
#include "conversations/conversation_validation.h"
#include "conversations/widget_store.h"

namespace syntera::conversations {
namespace {

Result<void> RequireAdmin(const Principal& who) {
  if (who.kind == CredentialKind::kVisitor) return PermissionDenied();
  if (!RoleAtLeast(who.role, Role::kAdmin)) return PermissionDenied();
  return Ok();
}

}  // namespace

WidgetService::WidgetService(db::Database& db, const Clock& clock, Random& random,
                             const VisitorTokens& tokens, WidgetOptions options,
                             ConversationListener* listener)
    : db_(db),
      clock_(clock),
      random_(random),
      tokens_(tokens),
      options_(options),
      listener_(listener) {}

std::string WidgetService::NewPublicKey() {
  std::array<uint8_t, 18> b{};
  random_.Fill(b);
  return "pk_" + Base64UrlEncode(b);
}

Result<WidgetSettings> WidgetService::Ensure(db::Tx& tx, const OrgId& org) {
  SYN_ASSIGN_OR_RETURN(auto found, store::FindWidgetSettings(tx, org));
  if (found) return std::move(*found);
  WidgetSettings s{org, NewPublicKey(), {}, clock_.Now()};
  SYN_RETURN_IF_ERROR(store::SaveWidgetSettings(tx, s));
  return s;
}

Result<WidgetSettings> WidgetService::GetSettings(const Principal& who) {
  SYN_RETURN_IF_ERROR(RequireAdmin(who));
  return db::InTx(db_, db::Scope::Tenant(who.org_id.str()), db::TxMode::kWrite,
                  [&](db::Tx& tx) { return Ensure(tx, who.org_id); });
}

Result<WidgetSettings> WidgetService::UpdateSettings(const Principal& who,
                                                     const WidgetSettingsInput& in) {
  SYN_RETURN_IF_ERROR(RequireAdmin(who));
  std::vector<std::string> origins;
  if (in.allowed_origins) {
    std::vector<FieldError> errors;
    if (in.allowed_origins->size() > kMaxOrigins) {
      errors.push_back({"allowed_origins", "at most 50 origins"});
    }
    for (size_t i = 0; i < in.allowed_origins->size(); ++i) {
      auto o = NormalizeOrigin((*in.allowed_origins)[i]);
      if (!o) {
        errors.push_back({"allowed_origins." + std::to_string(i),
                          "must be an origin like https://shop.example.com (scheme, host, "
                          "optional port; no path)"});
      } else if (std::find(origins.begin(), origins.end(), *o) == origins.end()) {
        origins.push_back(*o);
      }
    }
    if (!errors.empty()) return InvalidArgument("invalid widget settings", errors);
  }
  Result<WidgetSettings> saved =
      db::InTx(db_, db::Scope::Tenant(who.org_id.str()), db::TxMode::kWrite,
               [&](db::Tx& tx) -> Result<WidgetSettings> {
                 SYN_ASSIGN_OR_RETURN(WidgetSettings s, Ensure(tx, who.org_id));
                 if (in.allowed_origins) s.allowed_origins = origins;
                 if (in.regenerate_key) {
                   s.public_key = NewPublicKey();
                   ++s.key_version;
                 }
                 s.updated_at = clock_.Now();
                 SYN_RETURN_IF_ERROR(store::SaveWidgetSettings(tx, s));
                 return s;
               });
  if (saved.ok() && in.regenerate_key && listener_ != nullptr) {
    listener_->WidgetKeyRegenerated(who.org_id);  // after commit
  }
  return saved;
}

Result<WidgetSession> WidgetService::StartSession(const WidgetSessionRequest& req) {
  std::vector<FieldError> errors;
  auto origin = NormalizeOrigin(req.origin);
  if (!origin) errors.push_back({"origin", "must be the page origin, like https://shop.example.com"});
  if (!req.visitor_id.empty() && !IsVisitorId(req.visitor_id)) {
    errors.push_back({"visitor_id", "must be a visitor id this server issued"});
  }
  if (req.public_key.empty() || req.public_key.size() > 100) {
    errors.push_back({"public_key", "is required"});
  }
  if (!errors.empty()) return InvalidArgument("invalid widget session", errors);
  SYN_ASSIGN_OR_RETURN(auto settings,
                       db::InTx(db_, db::Scope::System(), db::TxMode::kRead, [&](db::Tx& tx) {
                         return store::FindWidgetSettingsByKey(tx, req.public_key);
                       }));
  if (!settings) return Unauthenticated("unknown widget public key");
  if (settings->allowed_origins.empty()) {
    return FailedPrecondition(
        "this widget allows no website yet: an admin must add the site's origin (e.g. "
        "https://shop.example.com) to allowed_origins with PUT /api/v1/widget/settings");
  }
  if (std::find(settings->allowed_origins.begin(), settings->allowed_origins.end(), *origin) ==
      settings->allowed_origins.end()) {
    return PermissionDenied("origin " + *origin +
                            " is not allowed for this widget; an admin can add it to "
                            "allowed_origins with PUT /api/v1/widget/settings");
  }
  WidgetSession s;
  s.org_id = settings->org_id;
  s.visitor_id = req.visitor_id.empty() ? NewVisitorId(random_) : req.visitor_id;
  s.expires_at = clock_.Now() + std::chrono::duration_cast<std::chrono::milliseconds>(
                                    options_.visitor_token_ttl);
  s.visitor_token = tokens_.Issue({s.org_id, s.visitor_id, s.expires_at, settings->key_version});
  return s;
}

Result<Principal> WidgetService::AuthenticateVisitor(std::string_view token) {
  SYN_ASSIGN_OR_RETURN(VisitorClaims claims, tokens_.Verify(token));
  SYN_ASSIGN_OR_RETURN(auto settings,
                       db::InTx(db_, db::Scope::Tenant(claims.org_id.str()), db::TxMode::kRead,
                                [&](db::Tx& tx) { return store::FindWidgetSettings(tx, claims.org_id); }));
  if (!settings || settings->key_version != claims.key_version) {
    return Unauthenticated(
        "visitor token revoked: the widget key was regenerated; start a new widget session");
  }
  return VisitorPrincipal(claims);
}

}  // namespace syntera::conversations
