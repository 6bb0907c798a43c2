#include "auth/api/auth_authenticator.h"

#include "auth/auth_service.h"

namespace syntera::auth {

Result<Principal> AuthAuthenticator::Authenticate(std::string_view bearer) {
  return service_.Authenticate(bearer);
}

}  // namespace syntera::auth
