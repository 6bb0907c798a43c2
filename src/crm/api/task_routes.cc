// Routes: tasks / follow-ups and the organization's custom contact fields.

#include "crm/api/codec.h"
#include "crm/api/route_groups.h"
#include "crm/api/schemas.h"
#include "crm/crm_service.h"

namespace syntera::crm::api {
namespace {

using http::Isolation;
using http::Method;
namespace bj = boost::json;

constexpr char kTask[] = "task";
constexpr char kField[] = "custom_field";

TaskId TaskOf(const http::RouteContext& c) { return TaskId(std::string(c.Param("id"))); }

Result<http::Response> CreateTask(CrmService& s, http::RouteContext& ctx) {
  SYN_ASSIGN_OR_RETURN(bj::object body, json::ParseObject(ctx.request));
  json::Reader in(body);
  TaskInput input = ReadTaskInput(body, in);
  SYN_RETURN_IF_ERROR(in.Finish());
  SYN_ASSIGN_OR_RETURN(Task t, s.CreateTask(ctx.who(), input));
  return json::Reply(201, TaskJson(t));
}

Result<http::Response> ListTasks(CrmService& s, http::RouteContext& ctx) {
  Query q(ctx.request);
  TaskFilter f;
  if (auto v = q.String("contact_id", 100)) f.link.contact_id = ContactId(*v);
  if (auto v = q.String("company_id", 100)) f.link.company_id = CompanyId(*v);
  if (auto v = q.String("deal_id", 100)) f.link.deal_id = DealId(*v);
  if (auto v = q.String("assignee_id", 100)) f.assignee_id = UserId(*v);
  f.done = q.Bool("done");
  f.due_before = q.Time("due_before");
  f.due_after = q.Time("due_after");
  PageRequest page = q.Page();
  SYN_RETURN_IF_ERROR(q.Finish());
  SYN_ASSIGN_OR_RETURN(Page<Task> tasks, s.ListTasks(ctx.who(), f, page));
  return PageReply(tasks, TaskJson);
}

Result<http::Response> UpdateTask(CrmService& s, http::RouteContext& ctx) {
  SYN_ASSIGN_OR_RETURN(bj::object body, json::ParseObject(ctx.request));
  json::Reader in(body);
  TaskInput input = ReadTaskInput(body, in);
  SYN_RETURN_IF_ERROR(in.Finish());
  SYN_ASSIGN_OR_RETURN(Task t, s.UpdateTask(ctx.who(), TaskOf(ctx), input));
  return json::Reply(200, TaskJson(t));
}

Result<http::Response> CreateField(CrmService& s, http::RouteContext& ctx) {
  SYN_ASSIGN_OR_RETURN(bj::object body, json::ParseObject(ctx.request));
  json::Reader in(body);
  CustomFieldInput input = ReadCustomFieldInput(body, in);
  SYN_RETURN_IF_ERROR(in.Finish());
  SYN_ASSIGN_OR_RETURN(CustomField f, s.CreateCustomField(ctx.who(), input));
  return json::Reply(201, CustomFieldJson(f));
}

}  // namespace

void AddTaskRoutes(http::Router& router, CrmService& service) {
  CrmService* s = &service;

  // ---- Tasks ----
  http::Route create = NewRoute(Method::kPost, "/api/v1/tasks", "Create a task", Role::kMember,
                                Isolation::kCollection, kTask,
                                [s](http::RouteContext& c) { return CreateTask(*s, c); });
  create.doc.description =
      "`title` is required; at most one of contact_id, company_id, deal_id links it to a "
      "record; `assignee_id` must be a member. Records or assignees outside the organization: "
      "400 naming the field.";
  create.doc.request_schema = schema::TaskInput();
  create.doc.example_request = R"({"title":"Call back about the demo","due_at":"2030-05-01T09:00:00Z"})";
  create.doc.response_schema = schema::Task();
  create.doc.success_status = 201;
  create.idempotent = true;
  router.Add(std::move(create));

  http::Route list = NewRoute(Method::kGet, "/api/v1/tasks", "List tasks", Role::kViewer,
                              Isolation::kCollection, kTask,
                              [s](http::RouteContext& c) { return ListTasks(*s, c); });
  list.doc.description =
      "Filters: contact_id, company_id, deal_id, assignee_id, done (true/false), due_before "
      "(due_at < it) and due_after (due_at >= it), RFC 3339.";
  list.doc.query_params = {"contact_id", "company_id", "deal_id",   "assignee_id", "done",
                           "due_before", "due_after",  "limit",     "cursor"};
  list.doc.response_schema = schema::ListOf(schema::Task());
  router.Add(std::move(list));

  http::Route get = NewRoute(Method::kGet, "/api/v1/tasks/{id}", "Get a task", Role::kViewer,
                             Isolation::kResource, kTask,
                             [s](http::RouteContext& c) -> Result<http::Response> {
                               SYN_ASSIGN_OR_RETURN(Task t, s->GetTask(c.who(), TaskOf(c)));
                               return json::Reply(200, TaskJson(t));
                             });
  get.doc.response_schema = schema::Task();
  router.Add(std::move(get));

  http::Route patch = NewRoute(Method::kPatch, "/api/v1/tasks/{id}", "Update a task",
                               Role::kMember, Isolation::kResource, kTask,
                               [s](http::RouteContext& c) { return UpdateTask(*s, c); });
  patch.doc.description =
      "Only the fields sent change; null clears due_at / assignee_id; sending any of "
      "contact_id, company_id, deal_id replaces the link. `done: true` records done_at.";
  patch.doc.request_schema = schema::TaskInput();
  patch.doc.example_request = R"({"done":true})";
  patch.doc.response_schema = schema::Task();
  router.Add(std::move(patch));

  http::Route del = NewRoute(Method::kDelete, "/api/v1/tasks/{id}", "Delete a task",
                             Role::kMember, Isolation::kResource, kTask,
                             [s](http::RouteContext& c) -> Result<http::Response> {
                               SYN_RETURN_IF_ERROR(s->DeleteTask(c.who(), TaskOf(c)));
                               return http::Response::NoContent();
                             });
  del.doc.success_status = 204;
  router.Add(std::move(del));

  // ---- Custom fields ----
  http::Route fcreate = NewRoute(Method::kPost, "/api/v1/custom-fields",
                                 "Define a custom contact field", Role::kAdmin,
                                 Isolation::kCollection, kField,
                                 [s](http::RouteContext& c) { return CreateField(*s, c); });
  fcreate.doc.description =
      "`key` ([a-z][a-z0-9_]{0,63}) is unique per organization (409). `select` fields need "
      "`options`. Contacts then take the value under `custom_fields.<key>`.";
  fcreate.doc.request_schema = schema::CustomFieldInput();
  fcreate.doc.example_request = R"({"key":"seats","label":"Seats","type":"number"})";
  fcreate.doc.response_schema = schema::CustomField();
  fcreate.doc.success_status = 201;
  fcreate.idempotent = true;
  router.Add(std::move(fcreate));

  http::Route flist = NewRoute(Method::kGet, "/api/v1/custom-fields", "List custom contact fields",
                               Role::kViewer, Isolation::kCollection, kField,
                               [s](http::RouteContext& c) -> Result<http::Response> {
                                 SYN_ASSIGN_OR_RETURN(auto fields, s->ListCustomFields(c.who()));
                                 return ListReply(fields, CustomFieldJson);
                               });
  flist.doc.description =
      "Readable by every role (forms need the definitions); not paginated, next_cursor is "
      "null. Managing fields needs admin.";
  flist.doc.response_schema = schema::ListOf(schema::CustomField());
  router.Add(std::move(flist));

  http::Route fdel = NewRoute(Method::kDelete, "/api/v1/custom-fields/{id}",
                              "Delete a custom contact field", Role::kAdmin, Isolation::kResource,
                              kField, [s](http::RouteContext& c) -> Result<http::Response> {
                                SYN_RETURN_IF_ERROR(s->DeleteCustomField(
                                    c.who(), CustomFieldId(std::string(c.Param("id")))));
                                return http::Response::NoContent();
                              });
  fdel.doc.description = "Also removes the field's values from every contact.";
  fdel.doc.success_status = 204;
  router.Add(std::move(fdel));
}

}  // namespace syntera::crm::api
