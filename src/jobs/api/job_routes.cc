#include "jobs/api/job_routes.h"

#include <boost/json/parse.hpp>

#include <charconv>

#include "base/encoding.h"
#include "json/json_io.h"

namespace syntera::jobs {
namespace {

namespace bj = boost::json;
using json::TimeOrNull;
using http::Isolation;
using http::Method;

constexpr char kJobSchema[] =
    R"({"type":"object","required":["id","queue","status","attempts","max_attempts","progress"],)"
    R"("properties":{"id":{"type":"string"},"queue":{"type":"string"},)"
    R"("status":{"type":"string","enum":["queued","running","succeeded","dead","cancelled"]},)"
    R"("payload":{},"priority":{"type":"integer"},"attempts":{"type":"integer"},)"
    R"("max_attempts":{"type":"integer"},"timeout_ms":{"type":"integer"},)"
    R"("run_at":{"type":"string","format":"date-time"},"last_error":{"type":"string"},)"
    R"("progress":{"type":"integer","minimum":0,"maximum":100},"progress_message":{"type":"string"},)"
    R"("idempotency_key":{"type":["string","null"]},)"
    R"("created_at":{"type":"string","format":"date-time"},)"
    R"("updated_at":{"type":"string","format":"date-time"},)"
    R"("finished_at":{"type":["string","null"],"format":"date-time"}}})";

bj::object JobJson(const Job& j) {
  bj::object o;
  o["id"] = j.id;
  o["queue"] = j.queue;
  o["status"] = JobStatusName(j.status);
  boost::system::error_code ec;
  bj::value payload = bj::parse(j.payload, ec);
  o["payload"] = ec ? bj::value(j.payload) : std::move(payload);
  o["priority"] = j.priority;
  o["attempts"] = j.attempts;
  o["max_attempts"] = j.max_attempts;
  o["timeout_ms"] = static_cast<int64_t>(j.timeout.count());
  o["run_at"] = FormatRfc3339(j.run_at);
  o["last_error"] = j.last_error;
  o["progress"] = j.progress;
  o["progress_message"] = j.progress_message;
  o["idempotency_key"] = j.idempotency_key.empty() ? bj::value(nullptr) : bj::value(j.idempotency_key);
  o["created_at"] = FormatRfc3339(j.created_at);
  o["updated_at"] = FormatRfc3339(j.updated_at);
  o["finished_at"] = TimeOrNull(j.finished_at);
  return o;
}

Result<JobFilter> ParseFilter(const http::Request& request) {
  JobFilter f;
  std::vector<FieldError> bad;
  if (auto q = request.QueryParam("queue")) f.queue = *q;
  if (auto s = request.QueryParam("status"); s && !s->empty()) {
    f.status = ParseJobStatus(*s);
    if (!f.status) bad.push_back({"status", "must be queued, running, succeeded, dead or cancelled"});
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
    auto raw = Base64UrlDecode(*cursor);
    if (!raw || !raw->starts_with("job:") || raw->size() > 100) {
      bad.push_back({"cursor", "is not a cursor returned by this list"});
    } else {
      f.after_id = raw->substr(4);
    }
  }
  if (!bad.empty()) return InvalidArgument("invalid query parameters", std::move(bad));
  return f;
}

http::Route AdminRoute(Method method, std::string path, std::string summary, Isolation isolation,
                       http::RouteHandler handler) {
  http::Route r;
  r.method = method;
  r.path = std::move(path);
  r.handler = std::move(handler);
  r.access = http::Access::kPrincipal;
  r.min_role = Role::kAdmin;
  r.isolation = isolation;
  r.resource = "job";
  r.doc.summary = std::move(summary);
  r.doc.tag = "jobs";
  return r;
}

}  // namespace

void AddJobRoutes(http::Router& router, JobQueue& queue) {
  JobQueue* q = &queue;

  http::Route list = AdminRoute(
      Method::kGet, "/api/v1/admin/jobs", "List background jobs", Isolation::kCollection,
      [q](http::RouteContext& c) -> Result<http::Response> {
        SYN_ASSIGN_OR_RETURN(JobFilter filter, ParseFilter(c.request));
        SYN_ASSIGN_OR_RETURN(JobPage page, q->List(c.who().org_id, filter));
        bj::array data;
        for (const Job& j : page.items) data.push_back(JobJson(j));
        std::optional<std::string> next;
        if (page.next_after) next = Base64UrlEncode("job:" + *page.next_after);
        return json::ReplyList(std::move(data), next);
      });
  list.doc.description = "Newest first. Filter by `queue` and `status` "
                         "(queued, running, succeeded, dead, cancelled).";
  list.doc.query_params = {"queue", "status", "limit", "cursor"};
  list.doc.response_schema = std::string(R"({"type":"object","required":["data","next_cursor"],)"
                                         R"("properties":{"data":{"type":"array","items":)") +
                             kJobSchema + R"(},"next_cursor":{"type":["string","null"]}}})";
  router.Add(std::move(list));

  http::Route get = AdminRoute(Method::kGet, "/api/v1/admin/jobs/{id}",
                               "Get a job (status, attempts, last error, progress)",
                               Isolation::kResource,
                               [q](http::RouteContext& c) -> Result<http::Response> {
                                 SYN_ASSIGN_OR_RETURN(Job j, q->Get(c.who().org_id, c.Param("id")));
                                 return json::Reply(200, JobJson(j));
                               });
  get.doc.response_schema = kJobSchema;
  router.Add(std::move(get));

  http::Route retry = AdminRoute(Method::kPost, "/api/v1/admin/jobs/{id}/retry",
                                 "Retry a dead or cancelled job", Isolation::kResource,
                                 [q](http::RouteContext& c) -> Result<http::Response> {
                                   SYN_ASSIGN_OR_RETURN(Job j, q->Retry(c.who().org_id, c.Param("id")));
                                   return json::Reply(200, JobJson(j));
                                 });
  retry.doc.description = "Queues the job again with fresh attempts; 422 unless it is dead or "
                          "cancelled. No request body.";
  retry.doc.response_schema = kJobSchema;
  retry.max_body_bytes = 1024;
  router.Add(std::move(retry));

  http::Route cancel = AdminRoute(Method::kPost, "/api/v1/admin/jobs/{id}/cancel",
                                  "Cancel a queued or running job", Isolation::kResource,
                                  [q](http::RouteContext& c) -> Result<http::Response> {
                                    SYN_ASSIGN_OR_RETURN(Job j, q->Cancel(c.who().org_id, c.Param("id")));
                                    return json::Reply(200, JobJson(j));
                                  });
  cancel.doc.description = "A running handler is told at its next progress report and its "
                           "result is discarded; 422 when the job already finished. No body.";
  cancel.doc.response_schema = kJobSchema;
  cancel.max_body_bytes = 1024;
  router.Add(std::move(cancel));

  http::Route purge = AdminRoute(Method::kDelete, "/api/v1/admin/jobs/dead", "Purge dead jobs",
                                 Isolation::kCollection,
                                 [q](http::RouteContext& c) -> Result<http::Response> {
                                   std::string queue_name = c.request.QueryParam("queue").value_or("");
                                   SYN_ASSIGN_OR_RETURN(int64_t n, q->PurgeDead(c.who().org_id, queue_name));
                                   return json::Reply(200, bj::object{{"deleted", n}});
                                 });
  purge.doc.description = "Deletes the organization's dead jobs (of `queue` when given) and "
                          "returns how many.";
  purge.doc.query_params = {"queue"};
  purge.doc.response_schema =
      R"({"type":"object","required":["deleted"],"properties":{"deleted":{"type":"integer"}}})";
  router.Add(std::move(purge));
}

}  // namespace syntera::jobs
