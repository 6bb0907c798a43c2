#include "http/router.h"

#include <map>
#include <stdexcept>

namespace syntera::http {

std::string_view AccessName(Access a) {
  switch (a) {
    case Access::kPublic: return "public";
    case Access::kPrincipal: return "principal";
    case Access::kUserOnly: return "user";
  }
  return "principal";
}

std::string_view IsolationName(Isolation i) {
  switch (i) {
    case Isolation::kUnclassified: return "unclassified";
    case Isolation::kPublic: return "public";
    case Isolation::kSelf: return "self";
    case Isolation::kCollection: return "collection";
    case Isolation::kResource: return "resource";
  }
  return "unclassified";
}

std::string_view RouteContext::Param(std::string_view name) const {
  for (const auto& p : params)
    if (p.name == name) return p.value;
  return {};
}

struct Router::Node {
  std::map<std::string, std::unique_ptr<Node>, std::less<>> literal;
  std::unique_ptr<Node> param;
  std::string param_name;
  std::map<Method, const Route*> methods;
};

namespace {

std::vector<std::string_view> Split(std::string_view path) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '/') {
      ++i;
      continue;
    }
    size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    out.push_back(path.substr(i, j - i));
    i = j;
  }
  return out;
}

}  // namespace

Router::Router() : root_(std::make_unique<Node>()) {}
Router::~Router() = default;

void Router::Add(Route route) {
  if (route.path.empty() || route.path[0] != '/') {
    throw std::logic_error("route path must start with '/': " + route.path);
  }
  Node* node = root_.get();
  for (std::string_view seg : Split(route.path)) {
    if (seg.size() > 2 && seg.front() == '{' && seg.back() == '}') {
      std::string name(seg.substr(1, seg.size() - 2));
      if (!node->param) {
        node->param = std::make_unique<Node>();
        node->param_name = name;
      } else if (node->param_name != name) {
        throw std::logic_error("conflicting parameter names at " + route.path);
      }
      node = node->param.get();
    } else {
      auto& child = node->literal[std::string(seg)];
      if (!child) child = std::make_unique<Node>();
      node = child.get();
    }
  }
  if (node->methods.count(route.method)) {
    throw std::logic_error("duplicate route " + std::string(MethodName(route.method)) + " " +
                           route.path);
  }
  routes_.push_back(std::make_unique<Route>(std::move(route)));
  node->methods[routes_.back()->method] = routes_.back().get();
}

void Router::SetFallback(Route route) { fallback_ = std::make_unique<Route>(std::move(route)); }

RouteMatch Router::Match(Method method, std::string_view path) const {
  RouteMatch m;
  auto segs = Split(path);
  // Depth-first: literal children first, then the parameter child (backtracking).
  struct Search {
    static const Node* Go(const Node* n, const std::vector<std::string_view>& s, size_t i,
                          std::vector<PathParam>& params) {
      if (i == s.size()) return n->methods.empty() ? nullptr : n;
      if (auto it = n->literal.find(s[i]); it != n->literal.end()) {
        if (const Node* r = Go(it->second.get(), s, i + 1, params)) return r;
      }
      if (n->param) {
        params.push_back({n->param_name, std::string(s[i])});
        if (const Node* r = Go(n->param.get(), s, i + 1, params)) return r;
        params.pop_back();
      }
      return nullptr;
    }
  };
  const Node* node = Search::Go(root_.get(), segs, 0, m.params);
  if (!node) {
    m.params.clear();
    if (fallback_ && (method == Method::kGet || method == Method::kHead) &&
        path.substr(0, 5) != "/api/" && path != "/api" && path.substr(0, 11) != "/socket.io/") {
      m.route = fallback_.get();
      m.allowed = {Method::kGet};
    }
    return m;
  }
  for (const auto& [meth, route] : node->methods) m.allowed.push_back(meth);
  auto it = node->methods.find(method);
  if (it == node->methods.end() && method == Method::kHead) it = node->methods.find(Method::kGet);
  if (it != node->methods.end()) m.route = it->second;
  return m;
}

}  // namespace syntera::http
