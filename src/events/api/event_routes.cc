#include "events/api/event_routes.h"

#include <charconv>

#include "events/api/event_codec.h"
#include "json/json_io.h"

namespace syntera::events {
namespace {

namespace bj = boost::json;

Result<EventFilter> ParseFilter(const http::Request& request) {
  EventFilter f;
  std::vector<FieldError> bad;
  if (auto type = request.QueryParam("type")) f.type = *type;
  if (auto since = request.QueryParam("since"); since && !since->empty()) {
    f.since = ParseRfc3339(*since);
    if (!f.since) bad.push_back({"since", "must be an RFC 3339 timestamp"});
  }
  if (auto limit = request.QueryParam("limit")) {
    int v = 0;
    auto [p, ec] = std::from_chars(limit->data(), limit->data() + limit->size(), v);
    if (ec != std::errc() || p != limit->data() + limit->size() || v < 1 || v > 200) {
      bad.push_back({"limit", "must be an integer between 1 and 200"});
    } else {
      f.limit = v;
    }
  }
  if (auto cursor = request.QueryParam("cursor"); cursor && !cursor->empty()) {
    auto after = api::DecodeEventCursor(*cursor);
    if (!after) {
      bad.push_back({"cursor", "is not a cursor returned by this list"});
    } else {
      f.after_sequence = *after;
    }
  }
  if (!bad.empty()) return InvalidArgument("invalid query parameters", std::move(bad));
  return f;
}

}  // namespace

void AddEventRoutes(http::Router& router, EventLog& log) {
  EventLog* l = &log;
  http::Route list;
  list.method = http::Method::kGet;
  list.path = "/api/v1/events";
  list.access = http::Access::kPrincipal;
  list.min_role = Role::kViewer;
  list.isolation = http::Isolation::kCollection;
  list.resource = "event";
  list.doc.summary = "List the organization's domain events";
  list.doc.tag = "events";
  list.doc.description =
      "Oldest first by sequence. `type` filters by exact type (`contact.created`) or by prefix "
      "when it ends with a dot (`contact.`); `since` (RFC 3339) keeps events that occurred at "
      "or after it. Event payload schemas are documented per type in src/events/EVENTS.md.";
  list.doc.query_params = {"type", "since", "limit", "cursor"};
  list.doc.response_schema = std::string(R"({"type":"object","required":["data","next_cursor"],"properties":{"data":{"type":"array","items":)") +
                             api::kEventSchema +
                             R"(},"next_cursor":{"type":["string","null"]}}})";
  list.handler = [l](http::RouteContext& ctx) -> Result<http::Response> {
    SYN_ASSIGN_OR_RETURN(EventFilter filter, ParseFilter(ctx.request));
    SYN_ASSIGN_OR_RETURN(EventPage page, l->List(ctx.who().org_id, filter));
    bj::array data;
    for (const DomainEvent& e : page.items) data.push_back(api::EventJson(e));
    std::optional<std::string> next;
    if (page.next_after) next = api::EncodeEventCursor(*page.next_after);
    return json::ReplyList(std::move(data), next);
  };
  router.Add(std::move(list));
}

}  // namespace syntera::events
