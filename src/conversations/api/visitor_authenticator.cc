#include "conversations/api/visitor_authenticator.h"

namespace syntera::conversations {

Result<Principal> VisitorAuthenticator::Authenticate(std::string_view bearer) {
  SYN_ASSIGN_OR_RETURN(VisitorClaims claims, tokens_.Verify(bearer));
  return VisitorPrincipal(claims);
}

}  // namespace syntera::conversations
