#include "auth/api/codec.h"

#include <charconv>

#include "auth/validation.h"
#include "base/encoding.h"

namespace syntera::auth::api {
namespace bj = boost::json;
using json::TimeOrNull;
namespace {

std::optional<int64_t> ParseInt(std::string_view s) {
  int64_t v = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || ptr != s.data() + s.size()) return std::nullopt;
  return v;
}

}  // namespace

bj::object UserJson(const User& user) {
  return {{"id", user.id.str()},
          {"email", user.email},
          {"name", user.name},
          {"email_verified", user.email_verified()},
          {"created_at", FormatRfc3339(user.created_at)}};
}

bj::object OrganizationJson(const Organization& org) {
  return {{"id", org.id.str()},
          {"name", org.name},
          {"slug", org.slug},
          {"created_at", FormatRfc3339(org.created_at)}};
}

bj::object MembershipJson(const Membership& m) {
  return {{"organization", OrganizationJson(m.organization)}, {"role", RoleName(m.role)}};
}

bj::object MemberJson(const Member& m) {
  return {{"user", UserJson(m.user)},
          {"role", RoleName(m.role)},
          {"joined_at", FormatRfc3339(m.joined_at)}};
}

bj::object ApiKeyJson(const ApiKey& key) {
  return {{"id", key.id},
          {"name", key.name},
          {"prefix", key.prefix},
          {"role", RoleName(key.role)},
          {"created_by", key.created_by.str()},
          {"created_at", FormatRfc3339(key.created_at)},
          {"last_used_at", TimeOrNull(key.last_used_at)},
          {"revoked_at", TimeOrNull(key.revoked_at)}};
}

bj::object InvitationJson(const Invitation& inv) {
  return {{"id", inv.id},
          {"email", inv.email},
          {"role", RoleName(inv.role)},
          {"status", InvitationStatusName(inv.status)},
          {"invited_by", inv.invited_by.str()},
          {"created_at", FormatRfc3339(inv.created_at)},
          {"expires_at", FormatRfc3339(inv.expires_at)},
          {"accepted_at", TimeOrNull(inv.accepted_at)},
          {"revoked_at", TimeOrNull(inv.revoked_at)}};
}

bj::object AuthSessionJson(const AuthSession& s) {
  return {{"user", UserJson(s.user)},
          {"organization", OrganizationJson(s.organization)},
          {"role", RoleName(s.role)},
          {"access_token", s.tokens.access_token},
          {"refresh_token", s.tokens.refresh_token},
          {"token_type", "Bearer"},
          {"expires_in", s.tokens.expires_in.count()}};
}

bj::object MeJson(const Me& me) {
  bj::array memberships;
  for (const Membership& m : me.memberships) memberships.push_back(MembershipJson(m));
  bj::value api_key = nullptr;
  if (me.api_key) {
    api_key = bj::object{{"id", me.api_key->id},
                         {"name", me.api_key->name},
                         {"prefix", me.api_key->prefix},
                         {"role", RoleName(me.api_key->role)}};
  }
  return {{"user", me.user ? bj::value(UserJson(*me.user)) : bj::value(nullptr)},
          {"api_key", std::move(api_key)},
          {"memberships", std::move(memberships)},
          {"organization", OrganizationJson(me.organization)},
          {"role", RoleName(me.role)}};
}

std::string EncodeCursor(const PageCursor& cursor) {
  return Base64UrlEncode(std::to_string(cursor.created_at_ms) + ":" + cursor.id);
}

std::optional<PageCursor> DecodeCursor(std::string_view text) {
  auto raw = Base64UrlDecode(text);
  if (!raw) return std::nullopt;
  size_t colon = raw->find(':');
  if (colon == std::string::npos || colon + 1 >= raw->size()) return std::nullopt;
  auto ms = ParseInt(std::string_view(*raw).substr(0, colon));
  if (!ms) return std::nullopt;
  return PageCursor{*ms, raw->substr(colon + 1)};
}

Result<PageRequest> ParsePageRequest(const http::Request& request) {
  PageRequest page;
  std::vector<FieldError> problems;
  if (auto limit = request.QueryParam("limit")) {
    auto n = ParseInt(*limit);
    if (!n || *n < 1 || *n > kMaxPageSize) {
      problems.push_back({"limit", "must be an integer between 1 and 200"});
    } else {
      page.limit = static_cast<int>(*n);
    }
  }
  if (auto cursor = request.QueryParam("cursor"); cursor && !cursor->empty()) {
    page.after = DecodeCursor(*cursor);
    if (!page.after) problems.push_back({"cursor", "is not a cursor returned by this list"});
  }
  if (!problems.empty()) return InvalidArgument("invalid query parameters", std::move(problems));
  return page;
}

ClientInfo ClientOf(const http::Request& request) {
  auto ua = request.headers.Get("User-Agent");
  return {request.client_ip, ua ? std::string(*ua) : std::string()};
}

Role RequiredRole(json::Reader& reader, std::string_view field) {
  std::string name = reader.RequiredString(field, {.min_len = 1, .max_len = 20});
  if (name.empty()) return Role::kViewer;  // the reader recorded why
  auto role = ParseRole(name);
  if (!role) {
    reader.Fail(field, "must be one of viewer, member, admin, owner");
    return Role::kViewer;
  }
  return *role;
}

json::StringRule PasswordRule() {
  return {.min_len = 1, .max_len = kMaxPasswordBytes, .trim = false};
}

json::StringRule NameRule() { return {.min_len = 1, .max_len = 4 * kMaxNameChars}; }

}  // namespace syntera::auth::api
