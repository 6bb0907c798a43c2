// Routes: companies (the customers' companies), their contacts, deals and timeline.

#include "crm/api/codec.h"
#include "crm/api/route_groups.h"
#include "crm/api/schemas.h"
#include "crm/crm_service.h"

namespace syntera::crm::api {
namespace {

using http::Isolation;
using http::Method;
namespace bj = boost::json;

constexpr char kRes[] = "company";

CompanyId IdOf(const http::RouteContext& ctx) { return CompanyId(std::string(ctx.Param("id"))); }

Result<http::Response> Create(CrmService& s, http::RouteContext& ctx) {
  SYN_ASSIGN_OR_RETURN(bj::object body, json::ParseObject(ctx.request));
  json::Reader in(body);
  CompanyInput input = ReadCompanyInput(body, in);
  SYN_RETURN_IF_ERROR(in.Finish());
  SYN_ASSIGN_OR_RETURN(Company c, s.CreateCompany(ctx.who(), input));
  return json::Reply(201, CompanyJson(c));
}

Result<http::Response> Update(CrmService& s, http::RouteContext& ctx) {
  SYN_ASSIGN_OR_RETURN(bj::object body, json::ParseObject(ctx.request));
  json::Reader in(body);
  CompanyInput input = ReadCompanyInput(body, in);
  SYN_RETURN_IF_ERROR(in.Finish());
  SYN_ASSIGN_OR_RETURN(Company c, s.UpdateCompany(ctx.who(), IdOf(ctx), input));
  return json::Reply(200, CompanyJson(c));
}

Result<http::Response> Contacts(CrmService& s, http::RouteContext& ctx) {
  Query q(ctx.request);
  PageRequest page = q.Page();
  SYN_RETURN_IF_ERROR(q.Finish());
  SYN_ASSIGN_OR_RETURN(Company company, s.GetCompany(ctx.who(), IdOf(ctx)));  // 404 first
  ContactFilter f;
  f.company_id = company.id;
  SYN_ASSIGN_OR_RETURN(Page<Contact> contacts, s.ListContacts(ctx.who(), f, page));
  return PageReply(contacts, ContactJson);
}

Result<http::Response> Deals(CrmService& s, http::RouteContext& ctx) {
  Query q(ctx.request);
  PageRequest page = q.Page();
  SYN_RETURN_IF_ERROR(q.Finish());
  SYN_ASSIGN_OR_RETURN(Company company, s.GetCompany(ctx.who(), IdOf(ctx)));
  DealFilter f;
  f.company_id = company.id;
  SYN_ASSIGN_OR_RETURN(Page<Deal> deals, s.ListDeals(ctx.who(), f, page));
  return PageReply(deals, DealJson);
}

Result<http::Response> Activities(CrmService& s, http::RouteContext& ctx) {
  Query q(ctx.request);
  PageRequest page = q.Page();
  SYN_RETURN_IF_ERROR(q.Finish());
  RecordLink link;
  link.company_id = IdOf(ctx);
  SYN_ASSIGN_OR_RETURN(Page<Activity> acts, s.ListActivities(ctx.who(), link, page));
  return PageReply(acts, ActivityJson);
}

}  // namespace

void AddCompanyRoutes(http::Router& router, CrmService& service) {
  CrmService* s = &service;

  http::Route create = NewRoute(Method::kPost, "/api/v1/companies", "Create a company",
                                Role::kMember, Isolation::kCollection, kRes,
                                [s](http::RouteContext& c) { return Create(*s, c); });
  create.doc.description =
      "`name` is required. `domain` is normalised to a lowercase host "
      "(https://www.Acme.com/x → acme.com) and unique per organization: 409 with "
      "`error.details.existing_id` when taken.";
  create.doc.request_schema = schema::CompanyInput();
  create.doc.example_request =
      R"({"name":"Acme","domain":"acme.example","industry":"Manufacturing","size":"11-50"})";
  create.doc.response_schema = schema::Company();
  create.doc.success_status = 201;
  create.idempotent = true;
  router.Add(std::move(create));

  http::Route list = NewRoute(Method::kGet, "/api/v1/companies", "List companies",
                              Role::kViewer, Isolation::kCollection, kRes,
                              [s](http::RouteContext& c) -> Result<http::Response> {
                                Query q(c.request);
                                PageRequest page = q.Page();
                                SYN_RETURN_IF_ERROR(q.Finish());
                                SYN_ASSIGN_OR_RETURN(Page<Company> companies,
                                                     s->ListCompanies(c.who(), page));
                                return PageReply(companies, CompanyJson);
                              });
  list.doc.query_params = {"limit", "cursor"};
  list.doc.response_schema = schema::ListOf(schema::Company());
  router.Add(std::move(list));

  http::Route get = NewRoute(Method::kGet, "/api/v1/companies/{id}", "Get a company",
                             Role::kViewer, Isolation::kResource, kRes,
                             [s](http::RouteContext& c) -> Result<http::Response> {
                               SYN_ASSIGN_OR_RETURN(Company co, s->GetCompany(c.who(), IdOf(c)));
                               return json::Reply(200, CompanyJson(co));
                             });
  get.doc.response_schema = schema::Company();
  router.Add(std::move(get));

  http::Route patch = NewRoute(Method::kPatch, "/api/v1/companies/{id}", "Update a company",
                               Role::kMember, Isolation::kResource, kRes,
                               [s](http::RouteContext& c) { return Update(*s, c); });
  patch.doc.description = "Only the fields sent change; `domain: null` clears the domain.";
  patch.doc.request_schema = schema::CompanyInput();
  patch.doc.example_request = R"({"industry":"Aerospace"})";
  patch.doc.response_schema = schema::Company();
  router.Add(std::move(patch));

  http::Route del = NewRoute(Method::kDelete, "/api/v1/companies/{id}", "Delete a company",
                             Role::kMember, Isolation::kResource, kRes,
                             [s](http::RouteContext& c) -> Result<http::Response> {
                               SYN_RETURN_IF_ERROR(s->DeleteCompany(c.who(), IdOf(c)));
                               return http::Response::NoContent();
                             });
  del.doc.description = "Its contacts and deals stay, unlinked.";
  del.doc.success_status = 204;
  router.Add(std::move(del));

  http::Route contacts = NewRoute(Method::kGet, "/api/v1/companies/{id}/contacts",
                                  "A company's contacts", Role::kViewer, Isolation::kResource,
                                  kRes, [s](http::RouteContext& c) { return Contacts(*s, c); });
  contacts.doc.query_params = {"limit", "cursor"};
  contacts.doc.response_schema = schema::ListOf(schema::Contact());
  router.Add(std::move(contacts));

  http::Route deals = NewRoute(Method::kGet, "/api/v1/companies/{id}/deals", "A company's deals",
                               Role::kViewer, Isolation::kResource, kRes,
                               [s](http::RouteContext& c) { return Deals(*s, c); });
  deals.doc.query_params = {"limit", "cursor"};
  deals.doc.response_schema = schema::ListOf(schema::Deal());
  router.Add(std::move(deals));

  http::Route acts = NewRoute(Method::kGet, "/api/v1/companies/{id}/activities",
                              "A company's timeline", Role::kViewer, Isolation::kResource, kRes,
                              [s](http::RouteContext& c) { return Activities(*s, c); });
  acts.doc.description = "Notes and its deals' stage changes, newest first.";
  acts.doc.query_params = {"limit", "cursor"};
  acts.doc.response_schema = schema::ListOf(schema::Activity());
  router.Add(std::move(acts));
}

}  // namespace syntera::crm::api
