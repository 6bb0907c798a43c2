// Routes: pipelines (and their board) and deals.

#include "crm/api/codec.h"
#include "crm/api/route_groups.h"
#include "crm/api/schemas.h"
#include "crm/crm_service.h"

namespace syntera::crm::api {
namespace {

using http::Isolation;
using http::Method;
namespace bj = boost::json;

constexpr char kPipeline[] = "pipeline";
constexpr char kDeal[] = "deal";
constexpr int kDefaultBoardDeals = 20;

PipelineId PipelineOf(const http::RouteContext& c) { return PipelineId(std::string(c.Param("id"))); }
DealId DealOf(const http::RouteContext& c) { return DealId(std::string(c.Param("id"))); }

Result<http::Response> CreatePipeline(CrmService& s, http::RouteContext& ctx) {
  SYN_ASSIGN_OR_RETURN(bj::object body, json::ParseObject(ctx.request));
  json::Reader in(body);
  PipelineInput input = ReadPipelineInput(body, in);
  if (!in.has("name")) in.Fail("name", "is required");
  if (!in.has("stages")) in.Fail("stages", "is required");
  SYN_RETURN_IF_ERROR(in.Finish());
  SYN_ASSIGN_OR_RETURN(Pipeline p, s.CreatePipeline(ctx.who(), input));
  return json::Reply(201, PipelineJson(p));
}

Result<http::Response> UpdatePipeline(CrmService& s, http::RouteContext& ctx) {
  SYN_ASSIGN_OR_RETURN(bj::object body, json::ParseObject(ctx.request));
  json::Reader in(body);
  PipelineInput input = ReadPipelineInput(body, in);
  SYN_RETURN_IF_ERROR(in.Finish());
  SYN_ASSIGN_OR_RETURN(Pipeline p, s.UpdatePipeline(ctx.who(), PipelineOf(ctx), input));
  return json::Reply(200, PipelineJson(p));
}

Result<http::Response> GetBoard(CrmService& s, http::RouteContext& ctx) {
  Query q(ctx.request);
  int per_stage = static_cast<int>(q.Int("per_stage", 0, kMaxPageSize).value_or(kDefaultBoardDeals));
  SYN_RETURN_IF_ERROR(q.Finish());
  SYN_ASSIGN_OR_RETURN(Board b, s.GetBoard(ctx.who(), PipelineOf(ctx), per_stage));
  return json::Reply(200, BoardJson(b));
}

Result<http::Response> CreateDeal(CrmService& s, http::RouteContext& ctx) {
  SYN_ASSIGN_OR_RETURN(bj::object body, json::ParseObject(ctx.request));
  json::Reader in(body);
  DealInput input = ReadDealInput(body, in);
  SYN_RETURN_IF_ERROR(in.Finish());
  SYN_ASSIGN_OR_RETURN(Deal d, s.CreateDeal(ctx.who(), input));
  return json::Reply(201, DealJson(d));
}

Result<http::Response> ListDeals(CrmService& s, http::RouteContext& ctx) {
  Query q(ctx.request);
  DealFilter f;
  if (auto v = q.String("pipeline_id", 100)) f.pipeline_id = PipelineId(*v);
  if (auto v = q.String("stage", 100)) f.stage_id = StageId(*v);
  if (auto v = q.String("contact_id", 100)) f.contact_id = ContactId(*v);
  if (auto v = q.String("company_id", 100)) f.company_id = CompanyId(*v);
  if (auto v = q.String("owner_id", 100)) f.owner_id = UserId(*v);
  if (auto v = q.String("status", 10)) {
    f.status = ParseDealStatus(*v);
    if (!f.status) q.Fail("status", "must be one of open, won, lost");
  }
  PageRequest page = q.Page();
  SYN_RETURN_IF_ERROR(q.Finish());
  SYN_ASSIGN_OR_RETURN(Page<Deal> deals, s.ListDeals(ctx.who(), f, page));
  return PageReply(deals, DealJson);
}

Result<http::Response> UpdateDeal(CrmService& s, http::RouteContext& ctx) {
  SYN_ASSIGN_OR_RETURN(bj::object body, json::ParseObject(ctx.request));
  json::Reader in(body);
  DealInput input = ReadDealInput(body, in);
  SYN_RETURN_IF_ERROR(in.Finish());
  SYN_ASSIGN_OR_RETURN(Deal d, s.UpdateDeal(ctx.who(), DealOf(ctx), input));
  return json::Reply(200, DealJson(d));
}

Result<http::Response> MoveDeal(CrmService& s, http::RouteContext& ctx) {
  SYN_ASSIGN_OR_RETURN(bj::object body, json::ParseObject(ctx.request));
  json::Reader in(body);
  DealInput input;
  auto stage = in.OptionalString("stage_id", {.min_len = 1, .max_len = 100});
  if (!stage) stage = in.OptionalString("stage", {.min_len = 1, .max_len = 100});
  if (!stage && !in.has("stage_id") && !in.has("stage")) in.Fail("stage_id", "is required");
  if (stage) input.stage_id = StageId(*stage);
  input.position = in.OptionalInt("position", 0, INT64_MAX / 4);
  input.close_reason = in.OptionalString("close_reason", {.min_len = 0, .max_len = 1000});
  SYN_RETURN_IF_ERROR(in.Finish());
  SYN_ASSIGN_OR_RETURN(Deal d, s.UpdateDeal(ctx.who(), DealOf(ctx), input));
  return json::Reply(200, DealJson(d));
}

Result<http::Response> DealActivities(CrmService& s, http::RouteContext& ctx) {
  Query q(ctx.request);
  PageRequest page = q.Page();
  SYN_RETURN_IF_ERROR(q.Finish());
  RecordLink link;
  link.deal_id = DealOf(ctx);
  SYN_ASSIGN_OR_RETURN(Page<Activity> acts, s.ListActivities(ctx.who(), link, page));
  return PageReply(acts, ActivityJson);
}

}  // namespace

void AddDealRoutes(http::Router& router, CrmService& service) {
  CrmService* s = &service;

  // ---- Pipelines ----
  http::Route plist = NewRoute(Method::kGet, "/api/v1/pipelines", "List deal pipelines",
                               Role::kViewer, Isolation::kCollection, kPipeline,
                               [s](http::RouteContext& c) -> Result<http::Response> {
                                 SYN_ASSIGN_OR_RETURN(auto pipelines, s->ListPipelines(c.who()));
                                 return ListReply(pipelines, PipelineJson);
                               });
  plist.doc.description =
      "All pipelines with their stages by position (not paginated; next_cursor is null). The "
      "default pipeline (lead, qualified, proposal, negotiation, closed-won, closed-lost) "
      "exists from first use.";
  plist.doc.response_schema = schema::ListOf(schema::Pipeline());
  router.Add(std::move(plist));

  http::Route pcreate = NewRoute(Method::kPost, "/api/v1/pipelines", "Create a pipeline",
                                 Role::kAdmin, Isolation::kCollection, kPipeline,
                                 [s](http::RouteContext& c) { return CreatePipeline(*s, c); });
  pcreate.doc.description = "1..30 stages, in order; probability 0..100; kind open, won or lost.";
  pcreate.doc.request_schema = schema::PipelineInput();
  pcreate.doc.example_request =
      R"({"name":"Partners","stages":[{"name":"Intro","probability":10},)"
      R"({"name":"Signed","probability":100,"kind":"won"},)"
      R"({"name":"Dropped","probability":0,"kind":"lost"}]})";
  pcreate.doc.response_schema = schema::Pipeline();
  pcreate.doc.success_status = 201;
  pcreate.idempotent = true;
  router.Add(std::move(pcreate));

  http::Route pget = NewRoute(Method::kGet, "/api/v1/pipelines/{id}", "Get a pipeline",
                              Role::kViewer, Isolation::kResource, kPipeline,
                              [s](http::RouteContext& c) -> Result<http::Response> {
                                SYN_ASSIGN_OR_RETURN(Pipeline p,
                                                     s->GetPipeline(c.who(), PipelineOf(c)));
                                return json::Reply(200, PipelineJson(p));
                              });
  pget.doc.response_schema = schema::Pipeline();
  router.Add(std::move(pget));

  http::Route ppatch = NewRoute(Method::kPatch, "/api/v1/pipelines/{id}", "Update a pipeline",
                                Role::kAdmin, Isolation::kResource, kPipeline,
                                [s](http::RouteContext& c) { return UpdatePipeline(*s, c); });
  ppatch.doc.description =
      "`stages` replaces the ordered list: stages with an `id` are kept and updated, others "
      "added, missing ones removed (422 failed_precondition while a removed stage has deals).";
  ppatch.doc.request_schema = schema::PipelineInput();
  ppatch.doc.example_request = R"({"name":"Partners EMEA"})";
  ppatch.doc.response_schema = schema::Pipeline();
  router.Add(std::move(ppatch));

  http::Route pdel = NewRoute(Method::kDelete, "/api/v1/pipelines/{id}", "Delete a pipeline",
                              Role::kAdmin, Isolation::kResource, kPipeline,
                              [s](http::RouteContext& c) -> Result<http::Response> {
                                SYN_RETURN_IF_ERROR(s->DeletePipeline(c.who(), PipelineOf(c)));
                                return http::Response::NoContent();
                              });
  pdel.doc.description = "422 failed_precondition for the default pipeline or one with deals.";
  pdel.doc.success_status = 204;
  router.Add(std::move(pdel));

  http::Route board = NewRoute(Method::kGet, "/api/v1/pipelines/{id}/board",
                               "The deal board of a pipeline", Role::kViewer,
                               Isolation::kResource, kPipeline,
                               [s](http::RouteContext& c) { return GetBoard(*s, c); });
  board.doc.description =
      "One column per stage: `count` and `totals` (sum of values per currency) over ALL the "
      "stage's deals, plus its first `per_stage` deals by position (default 20, max 200).";
  board.doc.query_params = {"per_stage"};
  board.doc.response_schema = schema::Board();
  router.Add(std::move(board));

  // ---- Deals ----
  http::Route create = NewRoute(Method::kPost, "/api/v1/deals", "Create a deal", Role::kMember,
                                Isolation::kCollection, kDeal,
                                [s](http::RouteContext& c) { return CreateDeal(*s, c); });
  create.doc.description =
      "`value` in integer minor units of `currency` (ISO 4217). `pipeline_id` defaults to the "
      "default pipeline, `stage` (a stage id of that pipeline) to its first stage, "
      "`probability` to the stage's. A stage of another pipeline, or a contact, company or "
      "owner outside the organization: 400 naming the field.";
  create.doc.request_schema = schema::DealInput();
  create.doc.example_request = R"({"title":"Analytical engine","value":250000,"currency":"EUR"})";
  create.doc.response_schema = schema::Deal();
  create.doc.success_status = 201;
  create.idempotent = true;
  router.Add(std::move(create));

  http::Route list = NewRoute(Method::kGet, "/api/v1/deals", "List deals", Role::kViewer,
                              Isolation::kCollection, kDeal,
                              [s](http::RouteContext& c) { return ListDeals(*s, c); });
  list.doc.description = "Oldest first. Filters: pipeline_id, stage, contact_id, company_id, "
                         "owner_id, status (open, won, lost).";
  list.doc.query_params = {"pipeline_id", "stage", "contact_id", "company_id", "owner_id",
                           "status", "limit", "cursor"};
  list.doc.response_schema = schema::ListOf(schema::Deal());
  router.Add(std::move(list));

  http::Route get = NewRoute(Method::kGet, "/api/v1/deals/{id}", "Get a deal with its stage history",
                             Role::kViewer, Isolation::kResource, kDeal,
                             [s](http::RouteContext& c) -> Result<http::Response> {
                               SYN_ASSIGN_OR_RETURN(Deal d, s->GetDeal(c.who(), DealOf(c)));
                               return json::Reply(200, DealJson(d));
                             });
  get.doc.response_schema = schema::Deal();
  router.Add(std::move(get));

  http::Route patch = NewRoute(Method::kPatch, "/api/v1/deals/{id}", "Update a deal",
                               Role::kMember, Isolation::kResource, kDeal,
                               [s](http::RouteContext& c) { return UpdateDeal(*s, c); });
  patch.doc.description =
      "Only the fields sent change (null clears contact_id, company_id, owner_id, "
      "expected_close_date). A new `stage` records stage history and a stage_change activity.";
  patch.doc.request_schema = schema::DealInput();
  patch.doc.example_request = R"({"title":"Analytical engine v2","probability":40})";
  patch.doc.response_schema = schema::Deal();
  router.Add(std::move(patch));

  http::Route del = NewRoute(Method::kDelete, "/api/v1/deals/{id}", "Delete a deal",
                             Role::kMember, Isolation::kResource, kDeal,
                             [s](http::RouteContext& c) -> Result<http::Response> {
                               SYN_RETURN_IF_ERROR(s->DeleteDeal(c.who(), DealOf(c)));
                               return http::Response::NoContent();
                             });
  del.doc.success_status = 204;
  router.Add(std::move(del));

  http::Route acts = NewRoute(Method::kGet, "/api/v1/deals/{id}/activities", "A deal's timeline",
                              Role::kViewer, Isolation::kResource, kDeal,
                              [s](http::RouteContext& c) { return DealActivities(*s, c); });
  acts.doc.query_params = {"limit", "cursor"};
  acts.doc.response_schema = schema::ListOf(schema::Activity());
  router.Add(std::move(acts));

  http::Route move = NewRoute(Method::kPost, "/api/v1/deals/{id}/move",
                              "Move a deal on the board (stage and position)", Role::kMember,
                              Isolation::kResource, kDeal,
                              [s](http::RouteContext& c) { return MoveDeal(*s, c); });
  move.doc.description =
      "`stage_id` (alias `stage`): a stage of the deal's pipeline; `position` orders deals "
      "within the stage (ascending). Entering a won/lost stage closes the deal "
      "(`close_reason` optional).";
  move.doc.request_schema = schema::Object({{"stage_id", schema::Id()},
                                            {"position", R"({"type":"integer","minimum":0})"},
                                            {"close_reason", schema::String(1000)}},
                                           {"stage_id"});
  move.doc.example_request = R"({"stage_id":"00000000-0000-7000-8000-000000000002","position":0})";
  move.doc.response_schema = schema::Deal();
  router.Add(std::move(move));
}

}  // namespace syntera::crm::api
