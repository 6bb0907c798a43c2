// Routes: contacts, their timeline and notes, merge and bulk operations.

#include "crm/api/codec.h"
#include "crm/api/route_groups.h"
#include "crm/api/schemas.h"
#include "crm/crm_csv.h"
#include "crm/crm_service.h"
#include "crm/crm_validation.h"

namespace syntera::crm::api {
namespace {

using http::Isolation;
using http::Method;
namespace bj = boost::json;

constexpr char kRes[] = "contact";
constexpr size_t kMaxCustomFilters = 10;
constexpr char kExample[] =
    R"({"first_name":"Ada","last_name":"Lovelace","email":"ada@example.com",)"
    R"("phone":"+44 20 7946 0958","tags":["vip"]})";

Result<http::Response> Create(CrmService& s, http::RouteContext& ctx) {
  Query q(ctx.request);
  bool upsert = q.Bool("upsert").value_or(false);
  SYN_RETURN_IF_ERROR(q.Finish());
  SYN_ASSIGN_OR_RETURN(bj::object body, json::ParseObject(ctx.request));
  json::Reader in(body);
  ContactInput input = ReadContactInput(body, in);
  SYN_RETURN_IF_ERROR(in.Finish());
  SYN_ASSIGN_OR_RETURN(
      Contact c, s.CreateContact(ctx.who(), input,
                                 upsert ? OnDuplicate::kUpdateExisting : OnDuplicate::kConflict));
  return json::Reply(201, ContactJson(c));
}

// The list filters (q, tag, owner_id, lifecycle, company_id, created/updated ranges, sort).
ContactFilter ReadFilter(Query& q) {
  ContactFilter f;
  f.q = q.String("q", 200).value_or("");
  f.tag = q.String("tag", 64);
  if (auto o = q.String("owner_id", 100)) f.owner_id = UserId(*o);
  if (auto l = q.String("lifecycle", 20)) {
    f.lifecycle = ParseLifecycle(*l);
    if (!f.lifecycle) q.Fail("lifecycle", "must be one of subscriber, lead, opportunity, customer, other");
  }
  if (auto c = q.String("company_id", 100)) f.company_id = CompanyId(*c);
  f.created_from = q.Time("created_from");
  f.created_to = q.Time("created_to");
  f.updated_from = q.Time("updated_from");
  f.updated_to = q.Time("updated_to");
  if (auto sort = q.String("sort", 20)) {
    auto parsed = ParseContactSort(*sort);
    if (!parsed) {
      q.Fail("sort", "must be one of created_at, -created_at, updated_at, -updated_at, name");
    } else {
      f.sort = *parsed;
    }
  }
  auto custom = q.WithPrefix("cf.");
  if (custom.size() > kMaxCustomFilters) q.Fail("cf", "at most 10 custom field filters");
  for (auto& [key, value] : custom) {
    if (key.empty() || value.empty() || value.size() > kMaxTextBytes) {
      q.Fail("cf." + key, "needs a field key and a value of 1..1000 bytes");
      continue;
    }
    f.custom.push_back({key, std::move(value)});
  }
  return f;
}

Result<http::Response> List(CrmService& s, http::RouteContext& ctx) {
  Query q(ctx.request);
  ContactFilter f = ReadFilter(q);
  PageRequest page = q.Page();
  page.with_total = q.Bool("count").value_or(false);
  SYN_RETURN_IF_ERROR(q.Finish());
  SYN_ASSIGN_OR_RETURN(Page<Contact> contacts, s.ListContacts(ctx.who(), f, page));
  return PageReply(contacts, ContactJson);
}

// CSV export of a filtered list. The body is built in keyset batches of kMaxPageSize
// contacts (memory: the body plus one batch); true chunked streaming needs a streaming
// seam in net/http (Response has a string body today).
Result<http::Response> Export(CrmService& s, http::RouteContext& ctx) {
  Query q(ctx.request);
  ContactFilter f = ReadFilter(q);
  SYN_RETURN_IF_ERROR(q.Finish());
  SYN_ASSIGN_OR_RETURN(std::vector<CustomField> fields, s.ListCustomFields(ctx.who()));
  std::vector<std::string> keys;
  for (const auto& field : fields) keys.push_back(field.key);
  std::string body;
  AppendCsvRecord(body, ContactCsvHeader(keys));
  PageRequest page{.limit = kMaxPageSize, .cursor = ""};
  for (;;) {
    SYN_ASSIGN_OR_RETURN(Page<Contact> batch, s.ListContacts(ctx.who(), f, page));
    for (const auto& c : batch.items) AppendCsvRecord(body, ContactCsvRow(c, keys));
    if (!batch.next_cursor) break;
    page.cursor = *batch.next_cursor;
  }
  http::Response r = http::Response::Text(200, std::move(body), "text/csv; charset=utf-8");
  r.headers.Set("Content-Disposition", R"(attachment; filename="contacts.csv")");
  return r;
}

Result<http::Response> Update(CrmService& s, http::RouteContext& ctx) {
  SYN_ASSIGN_OR_RETURN(bj::object body, json::ParseObject(ctx.request));
  json::Reader in(body);
  ContactInput input = ReadContactInput(body, in);
  SYN_RETURN_IF_ERROR(in.Finish());
  SYN_ASSIGN_OR_RETURN(Contact c,
                       s.UpdateContact(ctx.who(), ContactId(std::string(ctx.Param("id"))), input));
  return json::Reply(200, ContactJson(c));
}

Result<http::Response> Merge(CrmService& s, http::RouteContext& ctx) {
  SYN_ASSIGN_OR_RETURN(bj::object body, json::ParseObject(ctx.request));
  json::Reader in(body);
  auto other = in.OptionalString("contact_id", {.min_len = 1, .max_len = 100});
  auto alias = in.OptionalString("other_id", {.min_len = 1, .max_len = 100});
  if (!other && !alias && !in.has("contact_id") && !in.has("other_id")) {
    in.Fail("contact_id", "is required");
  }
  SYN_RETURN_IF_ERROR(in.Finish());
  ContactId other_id(other ? *other : alias.value_or(""));
  SYN_ASSIGN_OR_RETURN(Contact c, s.MergeContacts(ctx.who(),
                                                  ContactId(std::string(ctx.Param("id"))),
                                                  other_id));
  return json::Reply(200, ContactJson(c));
}

Result<http::Response> Bulk(CrmService& s, http::RouteContext& ctx) {
  SYN_ASSIGN_OR_RETURN(bj::object body, json::ParseObject(ctx.request));
  json::Reader in(body);
  BulkRequest req;
  auto ids = StringList(body, in, "ids", 100);
  if (!ids && !in.has("ids")) in.Fail("ids", "is required");
  for (const auto& id : ids.value_or(std::vector<std::string>{})) req.ids.emplace_back(id);
  std::string action = in.RequiredString("action", {.min_len = 1, .max_len = 20});
  std::optional<BulkAction> parsed;
  if (!action.empty()) {
    parsed = ParseBulkAction(action);
    if (!parsed) {
      in.Fail("action", "must be one of tag, untag, assign, delete");
    } else {
      req.action = *parsed;
    }
  }
  if (auto tag = in.OptionalString("tag", {.min_len = 1, .max_len = 64})) req.tags.push_back(*tag);
  if (auto tags = StringList(body, in, "tags", 64)) {
    req.tags.insert(req.tags.end(), tags->begin(), tags->end());
  }
  if (auto owner = NullableId<UserId>(body, in, "owner_id")) req.owner_id = *owner;
  if ((parsed == BulkAction::kTag || parsed == BulkAction::kUntag) && req.tags.empty()) {
    in.Fail("tag", "is required for tag and untag");
  }
  if (parsed == BulkAction::kAssign && !in.has("owner_id")) {
    in.Fail("owner_id", "is required for assign (null unassigns)");
  }
  SYN_RETURN_IF_ERROR(in.Finish());
  SYN_ASSIGN_OR_RETURN(BulkResult r, s.BulkContacts(ctx.who(), req));
  return json::Reply(200, bj::object{{"affected", r.affected}});
}

Result<http::Response> Activities(CrmService& s, http::RouteContext& ctx) {
  Query q(ctx.request);
  PageRequest page = q.Page();
  SYN_RETURN_IF_ERROR(q.Finish());
  RecordLink link;
  link.contact_id = ContactId(std::string(ctx.Param("id")));
  SYN_ASSIGN_OR_RETURN(Page<Activity> acts, s.ListActivities(ctx.who(), link, page));
  return PageReply(acts, ActivityJson);
}

}  // namespace

// Reads {body, kind?, occurred_at?} into an activity on `link` and creates it (201).
Result<http::Response> CreateNote(CrmService& s, http::RouteContext& ctx, RecordLink link) {
  SYN_ASSIGN_OR_RETURN(bj::object body, json::ParseObject(ctx.request));
  json::Reader in(body);
  ActivityInput a;
  a.link = std::move(link);
  a.body = in.RequiredString("body", {.min_len = 1, .max_len = 64 * 1024, .trim = false});
  if (auto kind = in.OptionalString("kind", {.min_len = 1, .max_len = 20})) {
    auto k = ParseActivityKind(*kind);
    if (!k || *k == ActivityKind::kStageChange) {
      in.Fail("kind", "must be one of note, call, email");
    } else {
      a.kind = *k;
    }
  }
  if (auto t = NullableTime(body, in, "occurred_at"); t && *t) a.occurred_at = **t;
  SYN_RETURN_IF_ERROR(in.Finish());
  SYN_ASSIGN_OR_RETURN(Activity created, s.CreateActivity(ctx.who(), a));
  return json::Reply(201, ActivityJson(created));
}

void AddContactRoutes(http::Router& router, CrmService& service) {
  CrmService* s = &service;

  http::Route create = NewRoute(Method::kPost, "/api/v1/contacts", "Create a contact",
                                Role::kMember, Isolation::kCollection, kRes,
                                [s](http::RouteContext& c) { return Create(*s, c); });
  create.doc.description =
      "Needs at least one of first_name, last_name, email, phone. Emails are lowercased, "
      "phones normalised to E.164 when possible; `email`/`phone` become the primary one. "
      "An email or phone that another contact has answers 409 with "
      "`error.details.existing_id`; with `?upsert=true` that contact is updated instead "
      "(and returned). Unknown or mistyped custom fields, a company or owner outside the "
      "organization: 400 naming each field.";
  create.doc.query_params = {"upsert"};
  create.doc.request_schema = schema::ContactInput();
  create.doc.example_request = kExample;
  create.doc.response_schema = schema::Contact();
  create.doc.success_status = 201;
  create.idempotent = true;
  router.Add(std::move(create));

  http::Route list = NewRoute(Method::kGet, "/api/v1/contacts", "List and search contacts",
                              Role::kViewer, Isolation::kCollection, kRes,
                              [s](http::RouteContext& c) { return List(*s, c); });
  list.doc.description =
      "`q` searches names, emails, phones and company names with prefix matching per word; "
      "with a created_at sort, matches come newest (or oldest) first in creation order. "
      "Filters (all must hold): `tag`, `owner_id`, `lifecycle`, `company_id`, "
      "`created_from`/`created_to`, `updated_from`/`updated_to` (RFC 3339; from inclusive, to "
      "exclusive), and up to 10 custom field filters `cf.<key>=<value>` (equality, typed by "
      "the field: number `cf.seats=5` compares values, date `YYYY-MM-DD`, boolean `true`/"
      "`false`, select one of the options, text exact; an unknown key or a value of the wrong "
      "type is a 400 naming `cf.<key>`). `sort`: created_at, -created_at (default), "
      "updated_at, -updated_at, name. `count=true` adds `total` (every match; costs a count).";
  list.doc.query_params = {"q", "tag", "owner_id", "lifecycle", "company_id", "created_from",
                           "created_to", "updated_from", "updated_to", "cf.<key>", "sort",
                           "limit", "cursor", "count"};
  list.doc.response_schema = schema::ListOf(schema::Contact());
  router.Add(std::move(list));

  http::Route exp = NewRoute(Method::kGet, "/api/v1/contacts/export.csv",
                             "Export contacts as CSV", Role::kViewer, Isolation::kCollection,
                             kRes, [s](http::RouteContext& c) { return Export(*s, c); });
  exp.doc.description =
      "RFC 4180 CSV (CRLF, header row) of the contacts matching the list filters (same query "
      "parameters as the list, without paging): id, first_name, last_name, email, phone, "
      "company_id, job_title, lifecycle_stage, source, tags (';'-joined), owner_id, "
      "created_at, then one `cf:<key>` column per custom field. Cells starting with = + - @ "
      "are prefixed with ' (formula-injection guard; the importer strips it again).";
  exp.doc.query_params = {"q", "tag", "owner_id", "lifecycle", "company_id", "created_from",
                          "created_to", "updated_from", "updated_to", "cf.<key>", "sort"};
  exp.doc.response_schema = R"({"type":"string","x-content-type":"text/csv"})";
  router.Add(std::move(exp));

  http::Route bulk = NewRoute(Method::kPost, "/api/v1/contacts/bulk",
                              "Tag, untag, assign or delete a selection of contacts",
                              Role::kMember, Isolation::kCollection, kRes,
                              [s](http::RouteContext& c) { return Bulk(*s, c); });
  bulk.doc.description =
      "1..500 ids; ids of other organizations or unknown ids are skipped. `tag` (or `tags`) "
      "for tag/untag, `owner_id` (null unassigns) for assign. Answers the number of contacts "
      "changed.";
  bulk.doc.request_schema = schema::Object(
      {{"ids", schema::ArrayOf(schema::Id())},
       {"action", schema::Enum({"tag", "untag", "assign", "delete"})},
       {"tag", schema::String(64)},
       {"tags", schema::ArrayOf(schema::String(64))},
       {"owner_id", schema::NullableId()}},
      {"ids", "action"});
  bulk.doc.example_request =
      R"({"ids":["00000000-0000-7000-8000-000000000000"],"action":"tag","tag":"vip"})";
  bulk.doc.response_schema =
      schema::Object({{"affected", R"({"type":"integer"})"}}, {"affected"});
  router.Add(std::move(bulk));

  http::Route get = NewRoute(Method::kGet, "/api/v1/contacts/{id}", "Get a contact",
                             Role::kViewer, Isolation::kResource, kRes,
                             [s](http::RouteContext& c) -> Result<http::Response> {
                               SYN_ASSIGN_OR_RETURN(
                                   Contact ct,
                                   s->GetContact(c.who(), ContactId(std::string(c.Param("id")))));
                               return json::Reply(200, ContactJson(ct));
                             });
  get.doc.response_schema = schema::Contact();
  router.Add(std::move(get));

  http::Route patch = NewRoute(Method::kPatch, "/api/v1/contacts/{id}", "Update a contact",
                               Role::kMember, Isolation::kResource, kRes,
                               [s](http::RouteContext& c) { return Update(*s, c); });
  patch.doc.description =
      "Only the fields sent change; null clears company_id / owner_id, a custom field set to "
      "null is removed. `email`/`phone` become the primary (the old one is kept as "
      "secondary); `emails`/`phones` replace the lists. 409 with existing_id when another "
      "contact has the email or phone.";
  patch.doc.request_schema = schema::ContactInput();
  patch.doc.example_request = R"({"job_title":"Analyst","lifecycle":"customer"})";
  patch.doc.response_schema = schema::Contact();
  router.Add(std::move(patch));

  http::Route del = NewRoute(Method::kDelete, "/api/v1/contacts/{id}", "Delete a contact",
                             Role::kMember, Isolation::kResource, kRes,
                             [s](http::RouteContext& c) -> Result<http::Response> {
                               SYN_RETURN_IF_ERROR(s->DeleteContact(
                                   c.who(), ContactId(std::string(c.Param("id")))));
                               return http::Response::NoContent();
                             });
  del.doc.description = "Its notes go with it; its deals and tasks stay, unlinked.";
  del.doc.success_status = 204;
  router.Add(std::move(del));

  http::Route merge = NewRoute(Method::kPost, "/api/v1/contacts/{id}/merge",
                               "Merge another contact into this one", Role::kMember,
                               Isolation::kResource, kRes,
                               [s](http::RouteContext& c) { return Merge(*s, c); });
  merge.doc.description =
      "Folds `contact_id` (alias `other_id`) into `{id}` in one transaction: its emails, "
      "phones, tags and custom values missing here are added; its activities, deals and tasks "
      "move; it is deleted. 404 when either contact is not found.";
  merge.doc.request_schema = schema::Object(
      {{"contact_id", schema::Id()}, {"other_id", schema::Id()}}, {"contact_id"});
  merge.doc.example_request = R"({"contact_id":"00000000-0000-7000-8000-000000000001"})";
  merge.doc.response_schema = schema::Contact();
  router.Add(std::move(merge));

  http::Route acts = NewRoute(Method::kGet, "/api/v1/contacts/{id}/activities",
                              "A contact's timeline", Role::kViewer, Isolation::kResource, kRes,
                              [s](http::RouteContext& c) { return Activities(*s, c); });
  acts.doc.description = "Notes, calls, emails and its deals' stage changes, newest first.";
  acts.doc.query_params = {"limit", "cursor"};
  acts.doc.response_schema = schema::ListOf(schema::Activity());
  router.Add(std::move(acts));

  http::Route note = NewRoute(Method::kPost, "/api/v1/contacts/{id}/notes",
                              "Add a note (or a logged call or email) to a contact",
                              Role::kMember, Isolation::kResource, kRes,
                              [s](http::RouteContext& c) {
                                RecordLink link;
                                link.contact_id = ContactId(std::string(c.Param("id")));
                                return CreateNote(*s, c, link);
                              });
  note.doc.description = "`body` is Markdown, 1..64 KiB. `kind` defaults to note.";
  note.doc.request_schema = schema::NoteInput();
  note.doc.example_request = R"({"body":"Met at **the fair**; wants a demo."})";
  note.doc.response_schema = schema::Activity();
  note.doc.success_status = 201;
  note.idempotent = true;
  router.Add(std::move(note));
}

}  // namespace syntera::crm::api
