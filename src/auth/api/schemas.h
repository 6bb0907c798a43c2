#pragma once
// JSON Schema texts (OpenAPI 3.1 dialect) of the auth routes' bodies, for RouteDoc.

#include <initializer_list>
#include <string>
#include <utility>

namespace syntera::auth::api::schema {

// {"type":"object","additionalProperties":false?,"required":[…],"properties":{…}}.
std::string Object(std::initializer_list<std::pair<const char*, std::string>> properties,
                   std::initializer_list<const char*> required = {});
// {"data": [<item>], "next_cursor": string|null}
std::string ListOf(const std::string& item);

// Property schemas.
std::string String(int max_length = 0, const char* format = nullptr);
std::string NullableTime();
std::string Time();
std::string Email();
std::string Password();
std::string Name();
std::string RoleEnum();
std::string Token();
std::string Message();

// Resources.
std::string User();
std::string Organization();
std::string AuthSession();
std::string Me();
std::string Member();
std::string Invitation();
std::string ApiKey();
std::string NewApiKey();

}  // namespace syntera::auth::api::schema
