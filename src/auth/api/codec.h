#pragma once
// JSON encoding of the auth value types and decoding of shared request parts (pagination,
// client info, roles). Private to the auth API target.

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <optional>
#include <string>

#include "auth/auth_types.h"
#include "base/result.h"
#include "http/message.h"
#include "json/json_io.h"

namespace syntera::auth::api {

boost::json::object UserJson(const User& user);
boost::json::object OrganizationJson(const Organization& org);
boost::json::object MembershipJson(const Membership& membership);
boost::json::object MemberJson(const Member& member);
boost::json::object ApiKeyJson(const ApiKey& key);
boost::json::object InvitationJson(const Invitation& invitation);
// {user, organization, role, access_token, refresh_token, token_type, expires_in}.
boost::json::object AuthSessionJson(const AuthSession& session);
boost::json::object MeJson(const Me& me);

// `limit` (1..200, default 50) and `cursor` from the query string. Errors: kInvalidArgument
// naming the field.
Result<PageRequest> ParsePageRequest(const http::Request& request);
// Opaque cursor text: base64url of "<created_at_ms>:<id>".
std::string EncodeCursor(const PageCursor& cursor);
std::optional<PageCursor> DecodeCursor(std::string_view text);

// {"data": [...], "next_cursor": …}.
template <typename T, typename Encode>
http::Response PageReply(const Page<T>& page, Encode encode) {
  boost::json::array data;
  for (const T& item : page.items) data.push_back(encode(item));
  std::optional<std::string> next;
  if (page.next) next = EncodeCursor(*page.next);
  return json::ReplyList(std::move(data), next);
}

// Client IP and User-Agent recorded with a new session.
ClientInfo ClientOf(const http::Request& request);

// A required role name; records a field problem and returns viewer when invalid.
Role RequiredRole(json::Reader& reader, std::string_view field);

// Rules for password fields: required, untrimmed, bounded before hashing.
json::StringRule PasswordRule();
// Rules for names: presence here; the character limit is the service's (code points).
json::StringRule NameRule();

}  // namespace syntera::auth::api
