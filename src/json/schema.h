#pragma once
// Building blocks of JSON Schema texts (OpenAPI 3.1 dialect) for RouteDoc request and response
// schemas. Each module's api/schemas.h composes its resources from these.

#include <initializer_list>
#include <string>
#include <utility>

namespace syntera::json::schema {

// {"type":"object","required":[…],"properties":{…}}
std::string Object(std::initializer_list<std::pair<const char*, std::string>> properties,
                   std::initializer_list<const char*> required = {});
std::string ArrayOf(const std::string& item);
// {"data": [<item>], "next_cursor": string|null}
std::string ListOf(const std::string& item);

std::string String(int max_length = 0, const char* format = nullptr);
std::string NullableString(int max_length = 0);
std::string Id();
std::string NullableId();
std::string Time();
std::string NullableTime();
std::string Integer(long long min, long long max);
std::string Boolean();
std::string Enum(std::initializer_list<const char*> values);

}  // namespace syntera::json::schema
