#pragma once
// Test support for API route tests that drive an http::Pipeline directly (test-only library
// syntera_http_testing): a reply with JSON accessors and an authenticator with fixed tokens.

#include <boost/json/value.hpp>
#include <map>
#include <set>
#include <string>
#include <string_view>

#include "http/authenticator.h"
#include "http/message.h"

namespace syntera::http::testing {

struct TestReply {
  int status = 0;
  std::string body;
  Headers headers;
  // The body parsed (null when it is not JSON).
  boost::json::value json() const;
  // A top-level string field of the body ("" when absent).
  std::string str(std::string_view key) const;
  // The field names of an error body's details.fields.
  std::set<std::string> fields() const;
};

// Bearer token → principal, as the test registers them; anything else is unauthenticated.
class TokenAuthenticator : public Authenticator {
 public:
  Result<Principal> Authenticate(std::string_view bearer) override;
  std::map<std::string, Principal> principals;
};

}  // namespace syntera::http::testing
