#pragma once
// The CRM routes by concern (private to the CRM API target); AddCrmRoutes calls them all.

#include <string>

#include "base/principal.h"
#include "crm/crm_types.h"
#include "http/router.h"

namespace syntera::crm {
class CrmService;
}

namespace syntera::crm::api {

void AddContactRoutes(http::Router& router, CrmService& service);
void AddCompanyRoutes(http::Router& router, CrmService& service);
void AddDealRoutes(http::Router& router, CrmService& service);  // pipelines and deals
void AddTaskRoutes(http::Router& router, CrmService& service);  // tasks and custom fields

// Reads {body, kind?, occurred_at?} and creates the activity on `link` (201).
Result<http::Response> CreateNote(CrmService& service, http::RouteContext& ctx, RecordLink link);

inline constexpr char kTag[] = "crm";

// A route with the fields every CRM route sets: principal access, `min_role`, rate class
// "api", the isolation class and the resource (fixture) name, tag "crm".
http::Route NewRoute(http::Method method, std::string path, std::string summary, Role min_role,
                     http::Isolation isolation, std::string resource, http::RouteHandler handler);

}  // namespace syntera::crm::api
