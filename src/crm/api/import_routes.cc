// Routes: CSV contact imports (run as "crm.import" jobs; see crm/crm_jobs.h).

#include "crm/api/codec.h"
#include "crm/api/crm_routes.h"
#include "crm/api/route_groups.h"
#include "crm/api/schemas.h"
#include "crm/crm_import.h"

namespace syntera::crm {
namespace {

using http::Isolation;
using http::Method;
namespace bj = boost::json;
using api::NewRoute;
using api::Query;

constexpr char kRes[] = "contact_import";

bj::object ImportJson(const ContactImport& i, bool with_errors) {
  bj::object o{{"id", i.id.str()},
               {"status", std::string(ImportStatusName(i.status))},
               {"on_duplicate", i.on_duplicate == OnDuplicate::kUpdateExisting ? "update" : "skip"},
               {"total_rows", i.counts.total_rows},
               {"processed_rows", i.counts.processed_rows},
               {"imported", i.counts.imported},
               {"updated", i.counts.updated},
               {"skipped", i.counts.skipped},
               {"failed_rows", i.counts.failed_rows},
               {"progress", i.progress()},
               {"created_at", FormatRfc3339(i.created_at)}};
  o["created_by"] = i.created_by ? bj::value(i.created_by->str()) : bj::value(nullptr);
  o["finished_at"] = i.finished_at ? bj::value(FormatRfc3339(*i.finished_at)) : bj::value(nullptr);
  if (!i.failure.empty()) o["failure"] = i.failure;
  if (with_errors) {
    bj::array errors;
    for (const auto& e : i.errors) errors.push_back(bj::object{{"line", e.line}, {"reason", e.reason}});
    o["errors"] = std::move(errors);
  }
  return o;
}

Result<http::Response> Create(CrmImporter& imp, http::RouteContext& ctx) {
  SYN_ASSIGN_OR_RETURN(bj::object body, json::ParseObject(ctx.request));
  json::Reader in(body);
  ImportRequest req;
  req.csv = in.RequiredString("csv", {.min_len = 1, .max_len = kMaxImportCsvBytes, .trim = false});
  const bj::value* mapping = body.if_contains("mapping");
  if (!mapping || !mapping->is_object()) {
    in.Fail("mapping", "is required: an object of CSV header -> field");
  } else {
    for (const auto& [header, target] : mapping->as_object()) {
      if (!target.is_string()) {
        in.Fail("mapping." + std::string(header), "must be a string");
      } else {
        req.mapping[std::string(header)] = std::string(target.as_string());
      }
    }
  }
  if (auto od = in.OptionalString("on_duplicate", {.min_len = 1, .max_len = 10})) {
    if (*od == "update") {
      req.on_duplicate = OnDuplicate::kUpdateExisting;
    } else if (*od != "skip") {
      in.Fail("on_duplicate", "must be skip or update");
    }
  }
  SYN_RETURN_IF_ERROR(in.Finish());
  SYN_ASSIGN_OR_RETURN(ContactImport created, imp.CreateImport(ctx.who(), req));
  return json::Reply(202, bj::object{{"id", created.id.str()},
                                     {"status", std::string(ImportStatusName(created.status))}});
}

std::string ImportSchema() {
  return api::schema::Object(
      {{"id", api::schema::Id()},
       {"status", api::schema::Enum({"queued", "running", "succeeded", "failed"})},
       {"on_duplicate", api::schema::Enum({"skip", "update"})},
       {"total_rows", R"({"type":"integer"})"},
       {"processed_rows", R"({"type":"integer"})"},
       {"imported", R"({"type":"integer"})"},
       {"updated", R"({"type":"integer"})"},
       {"skipped", R"({"type":"integer"})"},
       {"failed_rows", R"({"type":"integer"})"},
       {"progress", api::schema::Integer(0, 100)},
       {"failure", api::schema::String()},
       {"created_by", api::schema::NullableId()},
       {"created_at", api::schema::Time()},
       {"finished_at", api::schema::NullableTime()},
       {"errors", api::schema::ArrayOf(api::schema::Object(
                      {{"line", R"({"type":"integer"})"}, {"reason", api::schema::String()}},
                      {"line", "reason"}))}},
      {"id", "status"});
}

}  // namespace

void AddCrmImportRoutes(http::Router& router, CrmImporter& importer) {
  CrmImporter* imp = &importer;

  http::Route create = NewRoute(Method::kPost, "/api/v1/contacts/imports",
                                "Import contacts from CSV (runs as a job)", Role::kMember,
                                Isolation::kCollection, kRes,
                                [imp](http::RouteContext& c) { return Create(*imp, c); });
  create.max_body_bytes = kMaxImportCsvBytes + 1024 * 1024;
  create.doc.description =
      "JSON body: `csv` (RFC 4180 text with a header row, ≤ 50 MB; UTF-8 BOM, CRLF and quoted "
      "newlines accepted), `mapping` (CSV header → first_name, last_name, email, phone, "
      "company_id, job_title, lifecycle, source, tags, owner_id, marketing_consent, "
      "data_processing_consent, `cf:<key>`, or \"\" to ignore), `on_duplicate` (skip "
      "(default) or update, matched by email or phone). Answers 202 with the import id; the "
      "job validates each row like POST /contacts and writes good rows in batches of 500. "
      "Poll GET /contacts/imports/{id} for progress and per-row errors {line, reason}.";
  create.doc.request_schema = api::schema::Object(
      {{"csv", api::schema::String()},
       {"mapping", R"({"type":"object","additionalProperties":{"type":"string"}})"},
       {"on_duplicate", api::schema::Enum({"skip", "update"})}},
      {"csv", "mapping"});
  create.doc.example_request =
      R"({"csv":"Email,First,Plan\r\nada@example.com,Ada,pro\r\n",)"
      R"("mapping":{"Email":"email","First":"first_name","Plan":"cf:plan"},"on_duplicate":"skip"})";
  create.doc.response_schema = api::schema::Object(
      {{"id", api::schema::Id()}, {"status", api::schema::Enum({"queued"})}}, {"id", "status"});
  create.doc.success_status = 202;
  router.Add(std::move(create));

  http::Route list = NewRoute(Method::kGet, "/api/v1/contacts/imports", "List contact imports",
                              Role::kViewer, Isolation::kCollection, kRes,
                              [imp](http::RouteContext& c) -> Result<http::Response> {
                                Query q(c.request);
                                PageRequest page = q.Page();
                                SYN_RETURN_IF_ERROR(q.Finish());
                                SYN_ASSIGN_OR_RETURN(Page<ContactImport> p,
                                                     imp->ListImports(c.who(), page));
                                return api::PageReply(p, [](const ContactImport& i) {
                                  return ImportJson(i, false);
                                });
                              });
  list.doc.description = "Newest first, without row errors.";
  list.doc.query_params = {"limit", "cursor"};
  list.doc.response_schema = api::schema::ListOf(ImportSchema());
  router.Add(std::move(list));

  http::Route get = NewRoute(Method::kGet, "/api/v1/contacts/imports/{id}",
                             "A contact import's progress and row errors", Role::kViewer,
                             Isolation::kResource, kRes,
                             [imp](http::RouteContext& c) -> Result<http::Response> {
                               SYN_ASSIGN_OR_RETURN(
                                   ContactImport i,
                                   imp->GetImport(c.who(), ImportId(std::string(c.Param("id")))));
                               return json::Reply(200, ImportJson(i, true));
                             });
  get.doc.description =
      "`progress` is processed_rows/total_rows in percent. `errors` lists up to 1000 skipped "
      "or failed rows as {line, reason} (line 1 is the header); the counters count all.";
  get.doc.response_schema = ImportSchema();
  router.Add(std::move(get));
}

}  // namespace syntera::crm
