#include "auth/api/schemas.h"

namespace syntera::auth::api::schema {

std::string Email() { return String(254, "email"); }
std::string Password() {
  return R"({"type":"string","minLength":8,"maxLength":128,"format":"password",)"
         R"("description":"8 to 128 characters; not a common password, not containing the )"
         R"(email or organization name"})";
}
std::string Name() { return R"({"type":"string","minLength":1,"maxLength":100})"; }
std::string RoleEnum() { return R"({"type":"string","enum":["viewer","member","admin","owner"]})"; }
std::string Token() { return R"({"type":"string","description":"the token from the email link"})"; }
std::string Message() { return Object({{"message", String()}}, {"message"}); }

std::string User() {
  return Object({{"id", String()},
                 {"email", Email()},
                 {"name", String()},
                 {"email_verified", R"({"type":"boolean"})"},
                 {"created_at", Time()}},
                {"id", "email", "name", "email_verified", "created_at"});
}

std::string Organization() {
  return Object({{"id", String()}, {"name", String()}, {"slug", String()}, {"created_at", Time()}},
                {"id", "name", "slug", "created_at"});
}

std::string AuthSession() {
  return Object(
      {{"user", User()},
       {"organization", Organization()},
       {"role", RoleEnum()},
       {"access_token", R"({"type":"string","description":"JWT, HS256"})"},
       {"refresh_token",
        R"({"type":"string","description":"single use; rotate with /auth/refresh"})"},
       {"token_type", R"({"const":"Bearer"})"},
       {"expires_in", R"({"type":"integer","description":"access token lifetime in seconds"})"}},
      {"user", "organization", "role", "access_token", "refresh_token", "token_type",
       "expires_in"});
}

std::string Me() {
  std::string membership = Object({{"organization", Organization()}, {"role", RoleEnum()}});
  std::string key =
      Object({{"id", String()}, {"name", String()}, {"prefix", String()}, {"role", RoleEnum()}});
  return Object({{"user", R"({"oneOf":[)" + User() + R"(,{"type":"null"}]})"},
                 {"api_key", R"({"oneOf":[)" + key + R"(,{"type":"null"}]})"},
                 {"memberships", R"({"type":"array","items":)" + membership + "}"},
                 {"organization", Organization()},
                 {"role", RoleEnum()}},
                {"user", "api_key", "memberships", "organization", "role"});
}

std::string Member() {
  return Object({{"user", User()}, {"role", RoleEnum()}, {"joined_at", Time()}},
                {"user", "role", "joined_at"});
}

std::string Invitation() {
  return Object(
      {{"id", String()},
       {"email", Email()},
       {"role", RoleEnum()},
       {"status", R"({"type":"string","enum":["pending","accepted","revoked","expired"]})"},
       {"invited_by", String()},
       {"created_at", Time()},
       {"expires_at", Time()},
       {"accepted_at", NullableTime()},
       {"revoked_at", NullableTime()}},
      {"id", "email", "role", "status", "created_at", "expires_at"});
}

namespace {
std::string ApiKeyWith(bool secret) {
  std::initializer_list<std::pair<const char*, std::string>> base = {
      {"id", String()},
      {"name", String()},
      {"prefix", R"({"type":"string","description":"first 12 characters of the secret"})"},
      {"role", RoleEnum()},
      {"created_by", String()},
      {"created_at", Time()},
      {"last_used_at", NullableTime()},
      {"revoked_at", NullableTime()}};
  if (!secret) return Object(base, {"id", "name", "prefix", "role", "created_at"});
  return Object({{"id", String()},
                 {"name", String()},
                 {"prefix", R"({"type":"string"})"},
                 {"role", RoleEnum()},
                 {"created_by", String()},
                 {"created_at", Time()},
                 {"last_used_at", NullableTime()},
                 {"revoked_at", NullableTime()},
                 {"secret", R"({"type":"string","description":"shown once; store it now"})"}},
                {"id", "name", "prefix", "role", "created_at", "secret"});
}
}  // namespace

std::string ApiKey() { return ApiKeyWith(false); }
std::string NewApiKey() { return ApiKeyWith(true); }

}  // namespace syntera::auth::api::schema
