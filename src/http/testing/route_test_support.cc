#include "http/testing/route_test_support.h"

#include <boost/json/parse.hpp>

namespace syntera::http::testing {

namespace bj = boost::json;

bj::value TestReply::json() const {
  boost::system::error_code ec;
  bj::value v = bj::parse(body, ec);
  return ec ? bj::value() : v;
}

std::string TestReply::str(std::string_view key) const {
  bj::value v = json();
  const auto* f = v.is_object() ? v.as_object().if_contains(key) : nullptr;
  return f && f->is_string() ? std::string(f->as_string()) : "";
}

std::set<std::string> TestReply::fields() const {
  std::set<std::string> out;
  bj::value v = json();
  const auto* error = v.is_object() ? v.as_object().if_contains("error") : nullptr;
  const auto* d = error && error->is_object() ? error->as_object().if_contains("details") : nullptr;
  if (!d || !d->is_object() || !d->as_object().contains("fields")) return out;
  for (const auto& f : d->at("fields").as_array()) out.insert(std::string(f.at("field").as_string()));
  return out;
}

Result<Principal> TokenAuthenticator::Authenticate(std::string_view bearer) {
  auto it = principals.find(std::string(bearer));
  if (it == principals.end()) return Unauthenticated("unknown token");
  return it->second;
}

}  // namespace syntera::http::testing
