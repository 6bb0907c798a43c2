#pragma once
// The OpenAPI 3.1 document and the human-readable docs page, generated from the route table.

#include <string>

#include "http/router.h"

namespace syntera::ops {

// Throws std::logic_error when a route's documentation is unusable (empty summary, schema text
// that is not JSON): a bug in the route table, caught by tests and at start-up.
std::string BuildOpenApiJson(const http::Router& router, const std::string& version);
std::string BuildDocsHtml(const http::Router& router, const std::string& version);
// `syntera routes`: a table (or JSON array with --json) of method, path, access, min role,
// isolation, resource, body limit, rate class, summary.
std::string RoutesTable(const http::Router& router, bool json);

}  // namespace syntera::ops
