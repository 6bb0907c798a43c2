#pragma once
// JSON Schema texts (OpenAPI 3.1 dialect) of the CRM routes' bodies, for RouteDoc.

#include <initializer_list>
#include <string>
#include <utility>

namespace syntera::crm::api::schema {

std::string Object(std::initializer_list<std::pair<const char*, std::string>> properties,
                   std::initializer_list<const char*> required = {});
std::string ListOf(const std::string& item);
std::string ArrayOf(const std::string& item);

std::string String(int max_length = 0, const char* format = nullptr);
std::string NullableString(int max_length = 0);
std::string Id();
std::string NullableId();
std::string Time();
std::string NullableTime();
std::string Integer(long long min, long long max);
std::string Boolean();
std::string Enum(std::initializer_list<const char*> values);

// Resources.
std::string Contact();
std::string ContactInput();
std::string Company();
std::string CompanyInput();
std::string CustomField();
std::string CustomFieldInput();
std::string Pipeline();
std::string PipelineInput();
std::string Board();
std::string Deal();
std::string DealInput();
std::string Activity();
std::string NoteInput();
std::string Task();
std::string TaskInput();

}  // namespace syntera::crm::api::schema
