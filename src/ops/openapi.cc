#include "ops/openapi.h"

#include <boost/json.hpp>

#include <map>
#include <stdexcept>

#include "base/encoding.h"
#include "http/idempotency.h"

namespace syntera::ops {
namespace bj = boost::json;
namespace {

bj::value ParseSchema(const std::string& text, const http::Route& route) {
  boost::system::error_code ec;
  bj::value v = bj::parse(text, ec);
  if (ec || !v.is_object()) {
    throw std::logic_error("route " + route.path + ": schema is not a JSON object");
  }
  return v;
}

std::string OperationId(const http::Route& r) {
  std::string id = ToLowerAscii(http::MethodName(r.method));
  for (char c : r.path) {
    if (c == '/' || c == '-' || c == '.') id += '_';
    else if (c != '{' && c != '}') id += c;
  }
  return id;
}

std::vector<std::string> PathParams(const std::string& path) {
  std::vector<std::string> out;
  size_t i = 0;
  while ((i = path.find('{', i)) != std::string::npos) {
    size_t j = path.find('}', i);
    out.push_back(path.substr(i + 1, j - i - 1));
    i = j;
  }
  return out;
}

bj::object ErrorRef(std::string description) {
  return {{"description", std::move(description)},
          {"content",
           {{"application/json", {{"schema", {{"$ref", "#/components/schemas/Error"}}}}}}}};
}

bj::object ErrorSchema() {
  return bj::parse(R"({
    "type": "object", "required": ["error"],
    "properties": {"error": {"type": "object", "required": ["code", "message"],
      "properties": {
        "code": {"type": "string", "examples": ["invalid_argument"]},
        "message": {"type": "string"},
        "details": {"type": "object", "properties": {
          "fields": {"type": "array", "items": {"type": "object",
            "properties": {"field": {"type": "string"}, "message": {"type": "string"}}}}}}}}}
  })").as_object();
}

std::string RoleText(const http::Route& r) {
  return r.access == http::Access::kPublic ? "-" : std::string(RoleName(r.min_role));
}

}  // namespace

std::string BuildOpenApiJson(const http::Router& router, const std::string& version) {
  bj::object paths;
  for (const auto& rp : router.routes()) {
    const http::Route& r = *rp;
    if (r.doc.summary.empty()) throw std::logic_error("route " + r.path + " has no summary");
    bj::object op;
    op["operationId"] = OperationId(r);
    op["summary"] = r.doc.summary;
    std::string description = r.doc.description;
    if (r.idempotent) description += (description.empty() ? "" : " ") + std::string(http::kIdempotencyDoc);
    if (!description.empty()) op["description"] = description;
    op["tags"] = bj::array{r.doc.tag.empty() ? "other" : r.doc.tag};
    bj::array params;
    for (const auto& p : PathParams(r.path)) {
      params.push_back({{"name", p}, {"in", "path"}, {"required", true},
                        {"schema", {{"type", "string"}}}});
    }
    for (const auto& q : r.doc.query_params) {
      params.push_back({{"name", q}, {"in", "query"}, {"required", false},
                        {"schema", {{"type", "string"}}}});
    }
    if (r.idempotent) {
      params.push_back({{"name", "Idempotency-Key"}, {"in", "header"}, {"required", false},
                        {"schema", {{"type", "string"}, {"minLength", 1}, {"maxLength", 200}}}});
    }
    if (!params.empty()) op["parameters"] = std::move(params);
    if (r.access == http::Access::kPublic) {
      op["security"] = bj::array{};
    } else {
      op["security"] = bj::array{bj::object{{"bearer", bj::array{}}}};
      op["x-min-role"] = RoleName(r.min_role);
      if (r.access == http::Access::kUserOnly) op["x-user-token-only"] = true;
    }
    if (!r.doc.request_schema.empty()) {
      bj::object media{{"schema", ParseSchema(r.doc.request_schema, r)}};
      if (!r.doc.example_request.empty()) media["example"] = ParseSchema(r.doc.example_request, r);
      op["requestBody"] = {{"required", true}, {"content", {{"application/json", std::move(media)}}}};
    }
    bj::object responses;
    bj::object ok{{"description", "success"}};
    if (!r.doc.response_schema.empty()) {
      bool json = r.doc.response_schema.find("\"x-content-type\"") == std::string::npos;
      bj::value schema = ParseSchema(r.doc.response_schema, r);
      std::string ct = json ? "application/json"
                            : std::string(schema.as_object()["x-content-type"].as_string());
      if (!json) schema.as_object().erase("x-content-type");
      ok["content"] = {{ct, {{"schema", schema}}}};
    }
    responses[std::to_string(r.doc.success_status)] = std::move(ok);
    if (!r.doc.request_schema.empty()) {
      responses["400"] = ErrorRef("invalid input; details.fields lists each bad field");
      responses["413"] = ErrorRef("body too large");
    }
    if (r.access != http::Access::kPublic) {
      responses["401"] = ErrorRef("missing, invalid or expired credentials");
      responses["403"] = ErrorRef("role too low");
    }
    if (r.isolation == http::Isolation::kResource) responses["404"] = ErrorRef("not found");
    responses["429"] = ErrorRef("rate limited; see Retry-After");
    op["responses"] = std::move(responses);
    std::string method = ToLowerAscii(http::MethodName(r.method));
    bj::value& path_item = paths[r.path];
    if (!path_item.is_object()) path_item = bj::object{};
    path_item.as_object()[method] = std::move(op);
  }
  bj::object doc{
      {"openapi", "3.1.0"},
      {"info",
       {{"title", "Syntera API"},
        {"version", version},
        {"description",
         "REST API of Syntera. Authenticate with `Authorization: Bearer <access token or API "
         "key>`. Errors are `{\"error\":{\"code\",\"message\",\"details\"}}`."}}},
      {"servers", bj::array{bj::object{{"url", "/"}}}},
      {"paths", std::move(paths)},
      {"components",
       {{"securitySchemes",
         {{"bearer", {{"type", "http"}, {"scheme", "bearer"},
                      {"description", "user access token (JWT) or organization API key"}}}}},
        {"schemas", {{"Error", ErrorSchema()}}}}}};
  return bj::serialize(doc);
}

namespace {
std::string Escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}
}  // namespace

std::string BuildDocsHtml(const http::Router& router, const std::string& version) {
  std::string html =
      "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Syntera API "
      "reference</title><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
      "<style>body{font:15px/1.5 system-ui,sans-serif;max-width:960px;margin:2rem auto;padding:0 "
      "1rem;color:#111}h2{margin-top:2rem;border-bottom:1px solid #ddd}.op{margin:1rem "
      "0;padding:.75rem 1rem;border:1px solid #e5e5e5;border-radius:8px}.m{display:inline-block;"
      "min-width:4.5rem;font-weight:700}.p{font-family:ui-monospace,monospace}.meta{color:#555;"
      "font-size:13px}pre{background:#f6f6f6;padding:.5rem;overflow:auto;font-size:12px}"
      "@media (prefers-color-scheme:dark){body{background:#111;color:#eee}.op{border-color:#333}"
      "pre{background:#1c1c1c}.meta{color:#aaa}}</style></head><body>";
  html += "<h1>Syntera API reference</h1><p>Version " + Escape(version) +
          ". Machine-readable: <a href=\"/api/openapi.json\">/api/openapi.json</a> (OpenAPI "
          "3.1). Authenticate with <code>Authorization: Bearer &lt;token or API key&gt;</code>; "
          "errors are <code>{\"error\":{\"code\",\"message\",\"details\"}}</code>.</p>";
  std::map<std::string, std::vector<const http::Route*>> by_tag;
  for (const auto& r : router.routes()) by_tag[r->doc.tag.empty() ? "other" : r->doc.tag].push_back(r.get());
  for (const auto& [tag, routes] : by_tag) {
    html += "<h2>" + Escape(tag) + "</h2>";
    for (const http::Route* r : routes) {
      html += "<div class=\"op\"><span class=\"m\">" + std::string(http::MethodName(r->method)) +
              "</span> <span class=\"p\">" + Escape(r->path) + "</span><div>" +
              Escape(r->doc.summary) + "</div><div class=\"meta\">auth: " +
              std::string(http::AccessName(r->access)) + " · minimum role: " + RoleText(*r) +
              " · success: " + std::to_string(r->doc.success_status) + "</div>";
      if (!r->doc.description.empty()) html += "<p>" + Escape(r->doc.description) + "</p>";
      if (!r->doc.request_schema.empty())
        html += "<div class=\"meta\">request body</div><pre>" + Escape(r->doc.request_schema) + "</pre>";
      if (!r->doc.response_schema.empty())
        html += "<div class=\"meta\">response body</div><pre>" + Escape(r->doc.response_schema) + "</pre>";
      html += "</div>";
    }
  }
  html += "</body></html>";
  return html;
}

std::string RoutesTable(const http::Router& router, bool json) {
  if (json) {
    bj::array arr;
    for (const auto& r : router.routes()) {
      arr.push_back({{"method", http::MethodName(r->method)},
                     {"path", r->path},
                     {"access", http::AccessName(r->access)},
                     {"min_role", RoleText(*r)},
                     {"isolation", http::IsolationName(r->isolation)},
                     {"resource", r->resource},
                     {"max_body_bytes", r->max_body_bytes},
                     {"rate_class", r->rate_class},
                     {"summary", r->doc.summary}});
    }
    return bj::serialize(arr) + "\n";
  }
  std::string out;
  char buf[512];
  std::snprintf(buf, sizeof buf, "%-8s %-44s %-10s %-7s %-11s %s\n", "METHOD", "PATH", "ACCESS",
                "ROLE", "ISOLATION", "SUMMARY");
  out += buf;
  for (const auto& r : router.routes()) {
    std::snprintf(buf, sizeof buf, "%-8s %-44s %-10s %-7s %-11s %s\n",
                  std::string(http::MethodName(r->method)).c_str(), r->path.c_str(),
                  std::string(http::AccessName(r->access)).c_str(), RoleText(*r).c_str(),
                  std::string(http::IsolationName(r->isolation)).c_str(), r->doc.summary.c_str());
    out += buf;
  }
  return out;
}

}  // namespace syntera::ops
