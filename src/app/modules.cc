#include "app/modules.h"

#include "auth/api/auth_authenticator.h"
#include "auth/api/auth_routes.h"
#include "auth/auth_migrations.h"
#include "auth/auth_service.h"
#include "http/router.h"

namespace syntera::app {
namespace {

struct BuiltModules final : Modules {
  std::unique_ptr<auth::AuthService> auth_service;
  std::unique_ptr<auth::AuthAuthenticator> auth_authenticator;
};

auth::AuthOptions MakeAuthOptions(const ModuleDeps& deps) {
  auth::AuthOptions o;
  o.signing_key = deps.signing_key;
  o.access_ttl = std::chrono::seconds(deps.config.access_token_ttl_seconds);
  o.refresh_ttl = std::chrono::hours(24) * deps.config.refresh_token_ttl_days;
  o.app_url = deps.config.public_url;
  o.dev_mode = deps.config.dev_mode;
  return o;
}

}  // namespace

Result<std::unique_ptr<Modules>> BuildModules(const ModuleDeps& deps) {
  auto m = std::make_unique<BuiltModules>();
  try {
    m->auth_service = std::make_unique<auth::AuthService>(deps.db, deps.clock, deps.random,
                                                          deps.logger, MakeAuthOptions(deps));
  } catch (const std::invalid_argument& e) {
    return InvalidArgument(std::string("auth: ") + e.what());
  }
  m->auth_authenticator = std::make_unique<auth::AuthAuthenticator>(*m->auth_service);
  m->auth = m->auth_service.get();
  m->authenticator = m->auth_authenticator.get();
  m->migrations.push_back(auth::AuthMigrations());
  auth::AuthService* auth_service = m->auth_service.get();
  m->add_routes = [auth_service](http::Router& router) {
    auth::AddAuthRoutes(router, *auth_service);
  };
  return std::unique_ptr<Modules>(std::move(m));
}

}  // namespace syntera::app
