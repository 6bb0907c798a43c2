#include "conversations/api/visitor_authenticator.h"

namespace syntera::conversations {

Result<Principal> VisitorAuthenticator::Authenticate(std::string_view bearer) {
  return widget_.AuthenticateVisitor(bearer);
}

}  // namespace syntera::conversations
