#pragma once
// HTTP routes of the events module:
//   GET /api/v1/events?type=&since=&limit=&cursor=   (viewer+, the caller's organization)

#include "events/event_log.h"
#include "http/router.h"

namespace syntera::events {

// Adds the routes; `log` must outlive the router.
void AddEventRoutes(http::Router& router, EventLog& log);

}  // namespace syntera::events
