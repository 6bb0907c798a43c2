#pragma once
// The HTTP routes of the CRM module, all under /api/v1:
//   contacts[/{id}[/merge|/activities|/notes]], contacts/bulk,
//   companies[/{id}[/contacts|/deals|/activities]], custom-fields[/{id}],
//   pipelines[/{id}[/board]], deals[/{id}[/activities|/move]], tasks[/{id}].
// Each route is fully classified (access, minimum role matching CrmService, isolation,
// resource fixture name: "contact", "company", "custom_field", "pipeline", "deal", "task")
// and documented for the OpenAPI document.

#include "http/router.h"

namespace syntera::crm {

class CrmService;
class CrmImporter;

// Appends the routes. `service` must outlive the router.
void AddCrmRoutes(http::Router& router, CrmService& service);

// Appends POST/GET /api/v1/contacts/imports and GET /api/v1/contacts/imports/{id} (resource
// fixture name "contact_import"). `importer` must outlive the router.
void AddCrmImportRoutes(http::Router& router, CrmImporter& importer);

}  // namespace syntera::crm
