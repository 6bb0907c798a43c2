#pragma once
// Matches method + path against the route table. Literal segments beat {param} segments.
// Built once at start-up (not thread-safe while adding), then read concurrently.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "http/route.h"

namespace syntera::http {

struct RouteMatch {
  const Route* route = nullptr;         // null: no route for this method
  std::vector<PathParam> params;
  std::vector<Method> allowed;          // methods the path supports (for 405 Allow and OPTIONS)
  bool path_exists() const { return !allowed.empty(); }
};

class Router {
 public:
  Router();
  ~Router();
  Router(const Router&) = delete;
  Router& operator=(const Router&) = delete;

  // Adds a route. Throws std::logic_error for a duplicate method+template or a malformed
  // template (a bug in the route table, caught at start-up).
  void Add(Route route);

  // HEAD falls back to GET. An unknown path yields allowed = {} — unless a fallback is set
  // and the request is a GET/HEAD outside /api/, which then matches the fallback route.
  RouteMatch Match(Method method, std::string_view path) const;

  // The route for GET/HEAD paths that match nothing and are not under /api/ (the web UI's
  // client-side routes). Its `path` is the label used in metrics and docs (e.g. "/{spa}").
  // It is not part of routes(): it is not an API endpoint.
  void SetFallback(Route route);

  const std::vector<std::unique_ptr<Route>>& routes() const { return routes_; }

 private:
  struct Node;
  std::vector<std::unique_ptr<Route>> routes_;
  std::unique_ptr<Node> root_;
  std::unique_ptr<Route> fallback_;
};

}  // namespace syntera::http
