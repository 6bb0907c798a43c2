#pragma once
// Operational routes: /healthz, /readyz, /metrics, /api/openapi.json, /api/docs.

#include <functional>
#include <string>

#include "base/result.h"
#include "http/router.h"

namespace syntera::obs {
class MetricsRegistry;
}

namespace syntera::ops {

struct OpsDeps {
  // Readiness checks by name ("storage", "migrations"); each ok or an error message.
  std::vector<std::pair<std::string, std::function<Result<void>()>>> ready_checks;
  obs::MetricsRegistry* metrics = nullptr;
  std::string version;
};

// Adds the operational routes. The OpenAPI and docs routes describe `router` as it is when they
// are first requested (so add them before or after the other routes; the document is built
// lazily once, after start-up has finished adding routes).
void AddOpsRoutes(http::Router& router, OpsDeps deps);

}  // namespace syntera::ops
