#pragma once
// JSON Schema texts (OpenAPI 3.1 dialect) of the auth routes' bodies, for RouteDoc.

#include <initializer_list>
#include <string>
#include <utility>

#include "json/schema.h"

namespace syntera::auth::api::schema {

// Building blocks (json/schema.h).
using json::schema::ListOf;
using json::schema::NullableTime;
using json::schema::Object;
using json::schema::String;
using json::schema::Time;

// Property schemas.
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
