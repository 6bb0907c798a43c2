#pragma once
// JSON Schema texts (OpenAPI 3.1 dialect) of the CRM routes' bodies, for RouteDoc.

#include <initializer_list>
#include <string>
#include <utility>

#include "json/schema.h"

namespace syntera::crm::api::schema {

// Building blocks (json/schema.h).
using json::schema::Object;
using json::schema::ArrayOf;
using json::schema::ListOf;
using json::schema::String;
using json::schema::NullableString;
using json::schema::Id;
using json::schema::NullableId;
using json::schema::Time;
using json::schema::NullableTime;
using json::schema::Integer;
using json::schema::Boolean;
using json::schema::Enum;

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
