#pragma once
// Routes of the web UI: GET /, GET /assets/{file} and the router's fallback for client-side
// routes (/login, /contacts/123 …). All public; they reach no tenant data.

#include <filesystem>

#include "http/router.h"

namespace syntera::web {

// Adds the web routes serving the built UI in `dir` and installs the SPA fallback on `router`.
// `dir` need not exist: without an index.html, pages answer how to build the UI. The router
// keeps the site alive (shared by the handlers).
void AddWebRoutes(http::Router& router, std::filesystem::path dir);

// The web UI directory to serve: `configured` when non-empty; else the first that has an
// index.html of <exe dir>/web, <exe dir>/../share/syntera/web and <source tree>/web/dist;
// else <source tree>/web/dist (which then answers the "build the UI" page).
std::filesystem::path ResolveWebDir(const std::filesystem::path& configured,
                                    const std::filesystem::path& executable);

}  // namespace syntera::web
