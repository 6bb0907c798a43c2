// The CRM routes end to end through a real http::Router + http::Pipeline (authentication, roles,
// error mapping) on both engines.

#include "crm/api/crm_routes.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <map>
#include <set>

#include "auth/auth_migrations.h"
#include "auth/testing/test_org.h"
#include "crm/crm_domain_events.h"
#include "crm/crm_import.h"
#include "crm/crm_migrations.h"
#include "crm/crm_service.h"
#include "crypto/crypto.h"
#include "db/engine_test.h"
#include "db/migrations.h"
#include "events/events_migrations.h"
#include "http/pipeline.h"
#include "http/testing/route_test_support.h"
#include "idempotency/sql_idempotency_store.h"
#include "obs/logger.h"
#include "obs/metrics.h"

namespace syntera::crm {
namespace {

namespace bj = boost::json;
using http::Method;

using Reply = http::testing::TestReply;
using http::testing::TokenAuthenticator;

class CrmRoutesTest : public db::EngineTest {
 protected:
  void SetUp() override {
    db::EngineTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    auto applied = db::ApplyMigrations(db(), {db::DbMigrations(), auth::AuthMigrations(),
                                              events::EventsMigrations(), CrmMigrations(),
                                              idempotency::IdempotencyMigrations()});
    ASSERT_TRUE(applied.ok()) << applied.error().message;
    Principal a = MakeOrg("alpha"), b = MakeOrg("beta");
    auth_.principals["a"] = a;
    Principal viewer = a, member = a;
    viewer.role = Role::kViewer;
    member.role = Role::kMember;
    auth_.principals["a-viewer"] = viewer;
    auth_.principals["a-member"] = member;
    auth_.principals["b"] = b;
    service_ = std::make_unique<CrmService>(db(), clock_, random_, sink_);
    AddCrmRoutes(router_, *service_);
    importer_ = std::make_unique<CrmImporter>(db(), clock_, random_, *service_);
    AddCrmImportRoutes(router_, *importer_);
    http::PipelineOptions opts;
    opts.access_log = false;
    opts.per_ip = {.capacity = 100000, .refill_per_second = 100000};
    opts.per_class["api"] = {.capacity = 100000, .refill_per_second = 100000};
    idempotency_ = std::make_unique<idempotency::SqlIdempotencyStore>(db(), clock_, random_);
    pipeline_ = std::make_unique<http::Pipeline>(router_, &auth_, *limiter_, *logger_, metrics_,
                                                 opts, idempotency_.get());
  }

  Principal MakeOrg(const std::string& name) {
    return auth::testing::MakeOrg(db(), clock_, random_, name);
  }

  Reply Call(Method method, const std::string& target, const std::string& token = "a",
             const std::string& body = "") {
    http::Request req;
    req.method = method;
    req.target = target;
    size_t q = target.find('?');
    req.path = target.substr(0, q);
    if (q != std::string::npos) req.query = target.substr(q + 1);
    req.client_ip = req.peer_ip = "192.0.2.10";
    if (!token.empty()) req.headers.Add("Authorization", "Bearer " + token);
    if (!body.empty()) req.headers.Add("Content-Type", "application/json");
    for (const auto& [name, value] : extra_headers_) req.headers.Add(name, value);
    req.body = body;
    http::Response r = pipeline_->Handle(req);
    clock_.Advance(std::chrono::milliseconds(1));
    return {r.status, r.body};
  }
  Reply Post(const std::string& path, const std::string& body, const std::string& token = "a") {
    return Call(Method::kPost, path, token, body);
  }
  Reply PostWithKey(const std::string& path, const std::string& body, const std::string& key,
                    const std::string& token = "a") {
    extra_headers_ = {{"Idempotency-Key", key}};
    Reply r = Call(Method::kPost, path, token, body);
    extra_headers_.clear();
    return r;
  }
  Reply Patch(const std::string& path, const std::string& body, const std::string& token = "a") {
    return Call(Method::kPatch, path, token, body);
  }
  Reply Get(const std::string& path, const std::string& token = "a") {
    return Call(Method::kGet, path, token);
  }
  Reply Delete(const std::string& path, const std::string& token = "a") {
    return Call(Method::kDelete, path, token);
  }

  int CountRows(const std::string& table) {
    auto r = db::InTx(db(), db::Scope::System(), db::TxMode::kRead,
                      [&](db::Tx& tx) { return tx.Query("SELECT COUNT(*) FROM " + table); });
    return r.ok() ? static_cast<int>((*r)[0].Int(0)) : -1;
  }

  static size_t DataSize(const Reply& r) { return r.json().at("data").as_array().size(); }

  ManualClock clock_{FromUnixMillis(1'800'000'000'000)};
  crypto::SecureRandom random_;
  CrmDomainEventSink sink_{clock_, random_};
  TokenAuthenticator auth_;
  std::unique_ptr<CrmService> service_;
  std::unique_ptr<CrmImporter> importer_;
  http::Router router_;
  std::unique_ptr<http::RateLimiter> limiter_ = http::NewMemoryRateLimiter();
  std::unique_ptr<obs::Logger> logger_ = obs::NullLogger();
  obs::MetricsRegistry metrics_;
  std::unique_ptr<idempotency::SqlIdempotencyStore> idempotency_;
  std::unique_ptr<http::Pipeline> pipeline_;
  std::vector<std::pair<std::string, std::string>> extra_headers_;
};

TEST_P(CrmRoutesTest, EveryRouteIsClassifiedAndDocumented) {
  std::set<std::string> resources = {"contact", "company", "deal", "pipeline", "task",
                                     "custom_field", "contact_import"};
  ASSERT_GE(router_.routes().size(), 35u);
  for (const auto& r : router_.routes()) {
    std::string label = std::string(http::MethodName(r->method)) + " " + r->path;
    EXPECT_EQ(r->path.rfind("/api/v1/", 0), 0u) << label;
    EXPECT_EQ(r->access, http::Access::kPrincipal) << label;
    EXPECT_EQ(r->rate_class, "api") << label;
    EXPECT_EQ(r->doc.tag, "crm") << label;
    EXPECT_FALSE(r->doc.summary.empty()) << label;
    EXPECT_TRUE(resources.count(r->resource)) << label;
    bool has_param = r->path.find('{') != std::string::npos;
    EXPECT_EQ(r->isolation, has_param ? http::Isolation::kResource : http::Isolation::kCollection)
        << label;
    if (r->method == Method::kGet) {
      EXPECT_EQ(r->min_role, Role::kViewer) << label;
    } else {
      EXPECT_NE(r->min_role, Role::kViewer) << label;
    }
    for (const std::string* schema :
         {&r->doc.request_schema, &r->doc.response_schema, &r->doc.example_request}) {
      if (schema->empty()) continue;
      boost::system::error_code ec;
      bj::value v = bj::parse(*schema, ec);
      EXPECT_TRUE(!ec && v.is_object()) << label << ": " << *schema;
    }
    EXPECT_EQ(r->doc.request_schema.empty(), r->doc.example_request.empty()) << label;
    if (r->method != Method::kDelete) {
      EXPECT_FALSE(r->doc.response_schema.empty()) << label;
    }
  }
}

TEST_P(CrmRoutesTest, ExampleBodiesAreValid) {
  // Every documented example body is accepted as written (the isolation test relies on it);
  // for collection routes it is sent for real as the organization's admin.
  for (const auto& r : router_.routes()) {
    if (r->doc.example_request.empty() || r->isolation != http::Isolation::kCollection) continue;
    Reply reply = Call(r->method, r->path, "a", r->doc.example_request);
    EXPECT_LT(reply.status, 300) << r->path << ": " << reply.body;
  }
}

TEST_P(CrmRoutesTest, ContactsCrudOverHttp) {
  Reply created = Post("/api/v1/contacts",
                       R"({"first_name":"Ada","last_name":"Lovelace","email":" Ada@Example.com ",)"
                       R"("phone":"+44 20 7946 0958","tags":["VIP","beta"],"lifecycle":"lead"})");
  ASSERT_EQ(created.status, 201) << created.body;
  std::string id = created.str("id");
  bj::value c = created.json();
  EXPECT_EQ(c.at("email").as_string(), "ada@example.com");
  EXPECT_EQ(c.at("phone").as_string(), "+442079460958");
  EXPECT_EQ(c.at("tags").as_array().size(), 2u);
  EXPECT_EQ(std::string(c.at("created_at").as_string()).back(), 'Z');
  EXPECT_TRUE(c.at("company_id").is_null());

  Reply got = Get("/api/v1/contacts/" + id, "a-viewer");
  ASSERT_EQ(got.status, 200) << got.body;
  EXPECT_EQ(got.str("first_name"), "Ada");

  Reply patched = Patch("/api/v1/contacts/" + id,
                        R"({"job_title":"Countess","lifecycle":"customer","marketing_consent":true})");
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(patched.str("job_title"), "Countess");
  EXPECT_EQ(patched.str("lifecycle"), "customer");
  EXPECT_TRUE(patched.json().at("consent").at("marketing").at("granted").as_bool());
  EXPECT_EQ(patched.str("last_name"), "Lovelace");

  Reply list = Get("/api/v1/contacts?q=lovel&lifecycle=customer&tag=vip");
  ASSERT_EQ(list.status, 200) << list.body;
  ASSERT_EQ(DataSize(list), 1u);
  EXPECT_TRUE(list.json().at("next_cursor").is_null());
  EXPECT_EQ(DataSize(Get("/api/v1/contacts?lifecycle=lead")), 0u);

  // Roles: viewers read only.
  EXPECT_EQ(Patch("/api/v1/contacts/" + id, R"({"job_title":"x"})", "a-viewer").status, 403);
  EXPECT_EQ(Get("/api/v1/contacts", "").status, 401);

  // Another organization's id answers 404 and changes nothing.
  EXPECT_EQ(Get("/api/v1/contacts/" + id, "b").status, 404);
  EXPECT_EQ(Patch("/api/v1/contacts/" + id, R"({"job_title":"Hacked"})", "b").status, 404);
  EXPECT_EQ(Delete("/api/v1/contacts/" + id, "b").status, 404);
  EXPECT_EQ(Get("/api/v1/contacts/" + id + "/activities", "b").status, 404);
  EXPECT_EQ(Post("/api/v1/contacts/" + id + "/notes", R"({"body":"x"})", "b").status, 404);
  EXPECT_EQ(DataSize(Get("/api/v1/contacts", "b")), 0u);
  EXPECT_EQ(Get("/api/v1/contacts/" + id).str("job_title"), "Countess");

  Reply note = Post("/api/v1/contacts/" + id + "/notes", R"({"body":"Met at **the fair**"})");
  ASSERT_EQ(note.status, 201) << note.body;
  EXPECT_EQ(note.str("kind"), "note");
  Reply acts = Get("/api/v1/contacts/" + id + "/activities");
  ASSERT_EQ(acts.status, 200);
  EXPECT_EQ(DataSize(acts), 1u);

  EXPECT_EQ(Delete("/api/v1/contacts/" + id).status, 204);
  EXPECT_EQ(Get("/api/v1/contacts/" + id).status, 404);
}

TEST_P(CrmRoutesTest, BadInputListsEveryFieldAndWritesNothing) {
  ASSERT_EQ(Post("/api/v1/custom-fields", R"({"key":"seats","label":"Seats","type":"number"})").status,
            201);
  Reply r = Post("/api/v1/contacts",
                 R"({"first_name":7,"email":"not-an-email","phone":"call me","lifecycle":"vip",)"
                 R"("custom_fields":{"seats":"many","unknown":1}})");
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(r.fields(), (std::set<std::string>{"first_name", "lifecycle"}));
  Reply service_level = Post("/api/v1/contacts",
                             R"({"first_name":"Bad","email":"not-an-email","phone":"call me",)"
                             R"("custom_fields":{"seats":"many","unknown":1}})");
  ASSERT_EQ(service_level.status, 400) << service_level.body;
  EXPECT_EQ(service_level.fields(),
            (std::set<std::string>{"email", "phone", "custom_fields.seats", "custom_fields.unknown"}));
  EXPECT_EQ(CountRows("crm_contacts"), 0);

  Reply deal = Post("/api/v1/deals",
                    R"({"title":"X","value":-5,"currency":"EURO","expected_close_date":"2024-02-30"})");
  ASSERT_EQ(deal.status, 400) << deal.body;
  EXPECT_EQ(deal.fields(), (std::set<std::string>{"value"}));
  deal = Post("/api/v1/deals", R"({"title":"X","value":5,"currency":"EURO","expected_close_date":"2024-02-30"})");
  ASSERT_EQ(deal.status, 400) << deal.body;
  EXPECT_EQ(deal.fields(), (std::set<std::string>{"currency", "expected_close_date"}));
  EXPECT_EQ(CountRows("crm_deals"), 0);

  EXPECT_EQ(Get("/api/v1/contacts?limit=0").status, 400);
  EXPECT_EQ(Get("/api/v1/contacts?limit=201").status, 400);
  EXPECT_EQ(Get("/api/v1/contacts?sort=sideways").status, 400);
  EXPECT_EQ(Get("/api/v1/contacts?created_from=yesterday").status, 400);
  EXPECT_EQ(Get("/api/v1/contacts?cursor=bm9wZQ").status, 400);
  EXPECT_EQ(Get("/api/v1/tasks?due_before=soon").status, 400);
  EXPECT_EQ(Call(Method::kPost, "/api/v1/contacts", "a", "{nope").status, 400);
  EXPECT_EQ(CountRows("events"), 0);  // no change, no event
}

TEST_P(CrmRoutesTest, DuplicateContactConflictsWithExistingIdAndUpsertUpdates) {
  Reply first = Post("/api/v1/contacts", R"({"first_name":"Ada","email":"ada@example.com"})");
  ASSERT_EQ(first.status, 201) << first.body;
  Reply dup = Post("/api/v1/contacts", R"({"first_name":"Other","email":"ADA@example.com"})");
  ASSERT_EQ(dup.status, 409) << dup.body;
  bj::value err = dup.json().at("error");
  EXPECT_EQ(err.at("code").as_string(), "conflict");
  EXPECT_EQ(err.at("details").at("existing_id").as_string(), first.str("id"));
  EXPECT_EQ(CountRows("crm_contacts"), 1);
  // Another organization may hold the same email.
  EXPECT_EQ(Post("/api/v1/contacts", R"({"first_name":"Ada","email":"ada@example.com"})", "b").status,
            201);
  Reply up = Post("/api/v1/contacts?upsert=true",
                  R"({"email":"ada@example.com","job_title":"CTO"})");
  ASSERT_EQ(up.status, 201) << up.body;
  EXPECT_EQ(up.str("id"), first.str("id"));
  EXPECT_EQ(up.str("job_title"), "CTO");
  EXPECT_EQ(Post("/api/v1/contacts?upsert=maybe", R"({"first_name":"X"})").status, 400);
}

TEST_P(CrmRoutesTest, PaginationFollowsTheCursor) {
  for (int i = 0; i < 5; ++i) {
    ASSERT_EQ(Post("/api/v1/contacts",
                   R"({"first_name":"C)" + std::to_string(i) + R"(","email":"c)" +
                       std::to_string(i) + R"(@x.io"})")
                  .status,
              201);
  }
  std::vector<std::string> seen;
  std::string target = "/api/v1/contacts?sort=created_at&limit=2";
  for (int round = 0; round < 10; ++round) {
    Reply page = Get(target);
    ASSERT_EQ(page.status, 200) << page.body;
    bj::value body = page.json();
    for (const auto& c : body.at("data").as_array()) {
      seen.emplace_back(c.at("first_name").as_string());
    }
    const bj::value& next = body.at("next_cursor");
    if (next.is_null()) break;
    target = "/api/v1/contacts?sort=created_at&limit=2&cursor=" + std::string(next.as_string());
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"C0", "C1", "C2", "C3", "C4"}));
}

TEST_P(CrmRoutesTest, MergeBulkAndCompaniesOverHttp) {
  Reply company = Post("/api/v1/companies", R"({"name":"Acme","domain":"https://www.Acme.example/x"})");
  ASSERT_EQ(company.status, 201) << company.body;
  std::string co = company.str("id");
  EXPECT_EQ(company.str("domain"), "acme.example");
  Reply again = Post("/api/v1/companies", R"({"name":"Acme 2","domain":"acme.example"})");
  ASSERT_EQ(again.status, 409);
  EXPECT_EQ(again.json().at("error").at("details").at("existing_id").as_string(), co);
  EXPECT_EQ(Patch("/api/v1/companies/" + co, R"({"industry":"Rockets"})").str("industry"), "Rockets");
  EXPECT_EQ(Get("/api/v1/companies/" + co, "b").status, 404);
  EXPECT_EQ(Get("/api/v1/companies/" + co + "/contacts", "b").status, 404);
  EXPECT_EQ(Get("/api/v1/companies/" + co + "/deals", "b").status, 404);
  EXPECT_EQ(DataSize(Get("/api/v1/companies")), 1u);

  std::string keep = Post("/api/v1/contacts",
                          R"({"first_name":"Ada","email":"ada@x.io","company_id":")" + co + R"("})")
                         .str("id");
  std::string other =
      Post("/api/v1/contacts", R"({"first_name":"Augusta","email":"augusta@x.io","tags":["old"]})")
          .str("id");
  ASSERT_FALSE(keep.empty());
  ASSERT_FALSE(other.empty());
  ASSERT_EQ(Post("/api/v1/contacts/" + other + "/notes", R"({"body":"note"})").status, 201);
  Reply deal = Post("/api/v1/deals", R"({"title":"Engine","value":100000,"currency":"GBP",)"
                                     R"("contact_id":")" + other + R"(","company_id":")" + co + R"("})");
  ASSERT_EQ(deal.status, 201) << deal.body;
  Reply task = Post("/api/v1/tasks", R"({"title":"Call back","contact_id":")" + other + R"("})");
  ASSERT_EQ(task.status, 201) << task.body;

  EXPECT_EQ(Post("/api/v1/contacts/" + keep + "/merge", R"({"contact_id":")" + other + R"("})", "b")
                .status,
            404);
  Reply merged = Post("/api/v1/contacts/" + keep + "/merge", R"({"contact_id":")" + other + R"("})");
  ASSERT_EQ(merged.status, 200) << merged.body;
  EXPECT_EQ(merged.json().at("emails").as_array().size(), 2u);
  EXPECT_EQ(merged.json().at("tags").as_array()[0].as_string(), "old");
  EXPECT_EQ(Get("/api/v1/contacts/" + other).status, 404);
  EXPECT_EQ(DataSize(Get("/api/v1/contacts/" + keep + "/activities")), 2u);
  EXPECT_EQ(Get("/api/v1/deals/" + deal.str("id")).str("contact_id"), keep);
  EXPECT_EQ(DataSize(Get("/api/v1/tasks?contact_id=" + keep)), 1u);
  EXPECT_EQ(DataSize(Get("/api/v1/companies/" + co + "/contacts")), 1u);
  EXPECT_EQ(DataSize(Get("/api/v1/companies/" + co + "/deals")), 1u);
  EXPECT_EQ(Post("/api/v1/contacts/" + keep + "/merge", "{}").status, 400);

  Reply bulk = Post("/api/v1/contacts/bulk",
                    R"({"ids":[")" + keep + R"("],"action":"tag","tag":"hot"})");
  ASSERT_EQ(bulk.status, 200) << bulk.body;
  EXPECT_EQ(bulk.json().at("affected").as_int64(), 1);
  EXPECT_EQ(Post("/api/v1/contacts/bulk", R"({"ids":[")" + keep + R"("],"action":"tag","tag":"x"})",
                 "b")
                .json()
                .at("affected")
                .as_int64(),
            0);
  EXPECT_EQ(DataSize(Get("/api/v1/contacts?tag=hot")), 1u);
  EXPECT_EQ(Post("/api/v1/contacts/bulk", R"({"action":"explode"})").fields(),
            (std::set<std::string>{"ids", "action"}));

  EXPECT_EQ(Delete("/api/v1/companies/" + co, "b").status, 404);
  EXPECT_EQ(Delete("/api/v1/companies/" + co).status, 204);
}

TEST_P(CrmRoutesTest, PipelinesDealsAndTheBoard) {
  Reply pipelines = Get("/api/v1/pipelines", "a-viewer");
  ASSERT_EQ(pipelines.status, 200) << pipelines.body;
  ASSERT_EQ(DataSize(pipelines), 1u);
  bj::value sales = pipelines.json().at("data").as_array()[0];
  std::string sales_id(sales.at("id").as_string());
  const auto& stages = sales.at("stages").as_array();
  ASSERT_EQ(stages.size(), 6u);
  std::string lead(stages[0].at("id").as_string()), won(stages[4].at("id").as_string());
  EXPECT_EQ(stages[0].at("position").as_int64(), 0);

  for (int i = 0; i < 6; ++i) {
    std::string body = R"({"title":"D)" + std::to_string(i) + R"(","value":)" +
                       std::to_string(100 * (i + 1)) + R"(,"currency":")" +
                       (i % 3 == 0 ? "USD" : "EUR") + R"("})";
    ASSERT_EQ(Post("/api/v1/deals", body).status, 201);
  }
  Reply deals = Get("/api/v1/deals?limit=4");
  ASSERT_EQ(deals.status, 200);
  ASSERT_EQ(DataSize(deals), 4u);
  EXPECT_FALSE(deals.json().at("next_cursor").is_null());
  std::string deal_id(deals.json().at("data").as_array()[0].at("id").as_string());
  Reply one = Get("/api/v1/deals/" + deal_id);
  ASSERT_EQ(one.status, 200);
  EXPECT_EQ(one.str("stage"), lead);
  EXPECT_EQ(one.json().at("stage_history").as_array().size(), 1u);

  Reply moved = Post("/api/v1/deals/" + deal_id + "/move",
                     R"({"stage_id":")" + won + R"(","position":0})");
  ASSERT_EQ(moved.status, 200) << moved.body;
  EXPECT_EQ(moved.str("status"), "won");
  EXPECT_EQ(moved.json().at("stage_history").as_array().size(), 2u);
  EXPECT_EQ(Post("/api/v1/deals/" + deal_id + "/move", R"({"stage_id":")" + lead + R"("})", "b").status,
            404);
  EXPECT_EQ(DataSize(Get("/api/v1/deals/" + deal_id + "/activities")), 2u);
  EXPECT_EQ(Patch("/api/v1/deals/" + deal_id, R"({"title":"Renamed"})").str("title"), "Renamed");
  EXPECT_EQ(Get("/api/v1/deals?status=won").json().at("data").as_array().size(), 1u);

  Reply board = Get("/api/v1/pipelines/" + sales_id + "/board?per_stage=2");
  ASSERT_EQ(board.status, 200) << board.body;
  bj::value board_json = board.json();
  const auto& columns = board_json.at("columns").as_array();
  ASSERT_EQ(columns.size(), 6u);
  // Lead holds D1..D5 (D0 moved to won): EUR D1 200 + D2 300 + D4 500 + D5 600, USD D3 400.
  EXPECT_EQ(columns[0].at("count").as_int64(), 5);
  EXPECT_EQ(columns[0].at("deals").as_array().size(), 2u);
  const auto& totals = columns[0].at("totals").as_array();
  ASSERT_EQ(totals.size(), 2u);
  EXPECT_EQ(totals[0].at("currency").as_string(), "EUR");
  EXPECT_EQ(totals[0].at("value").as_int64(), 1600);
  EXPECT_EQ(totals[1].at("value").as_int64(), 400);
  EXPECT_EQ(columns[4].at("count").as_int64(), 1);
  EXPECT_EQ(columns[4].at("totals").as_array()[0].at("value").as_int64(), 100);
  EXPECT_EQ(Get("/api/v1/pipelines/" + sales_id + "/board", "b").status, 404);

  // Custom pipelines: admin only.
  std::string body = R"({"name":"Partners","stages":[{"name":"Intro","probability":10},)"
                     R"({"name":"Signed","probability":100,"kind":"won"}]})";
  EXPECT_EQ(Post("/api/v1/pipelines", body, "a-member").status, 403);
  Reply partners = Post("/api/v1/pipelines", body);
  ASSERT_EQ(partners.status, 201) << partners.body;
  std::string pid = partners.str("id");
  EXPECT_EQ(Patch("/api/v1/pipelines/" + pid, R"({"name":"P2"})", "b").status, 404);
  EXPECT_EQ(Patch("/api/v1/pipelines/" + pid, R"({"name":"P2"})").str("name"), "P2");
  EXPECT_EQ(Post("/api/v1/pipelines", R"({"name":"X","stages":[{"probability":500}]})").fields(),
            (std::set<std::string>{"stages.0.name", "stages.0.probability"}));
  // A stage of another pipeline is refused.
  Reply wrong = Post("/api/v1/deals", R"({"title":"W","value":1,"currency":"EUR","stage":")" +
                                          std::string(partners.json().at("stages").as_array()[0].at("id").as_string()) +
                                          R"("})");
  EXPECT_EQ(wrong.status, 400) << wrong.body;
  EXPECT_EQ(Delete("/api/v1/pipelines/" + sales_id).status, 422);
  EXPECT_EQ(Delete("/api/v1/pipelines/" + pid).status, 204);
  EXPECT_EQ(Delete("/api/v1/deals/" + deal_id, "b").status, 404);
  EXPECT_EQ(Delete("/api/v1/deals/" + deal_id).status, 204);
}

TEST_P(CrmRoutesTest, TasksAndCustomFieldsOverHttp) {
  Reply task = Post("/api/v1/tasks", R"({"title":"Call","due_at":"2027-01-10T09:00:00Z"})");
  ASSERT_EQ(task.status, 201) << task.body;
  std::string id = task.str("id");
  EXPECT_EQ(task.str("due_at"), "2027-01-10T09:00:00.000Z");
  ASSERT_EQ(Post("/api/v1/tasks", R"({"title":"Later","due_at":"2027-03-01T09:00:00+01:00"})").status,
            201);
  EXPECT_EQ(DataSize(Get("/api/v1/tasks?due_before=2027-02-01T00:00:00Z")), 1u);
  EXPECT_EQ(DataSize(Get("/api/v1/tasks?due_after=2027-02-01T00:00:00Z")), 1u);
  Reply done = Patch("/api/v1/tasks/" + id, R"({"done":true,"due_at":null})");
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_TRUE(done.json().at("done").as_bool());
  EXPECT_TRUE(done.json().at("due_at").is_null());
  EXPECT_EQ(DataSize(Get("/api/v1/tasks?done=true")), 1u);
  EXPECT_EQ(Get("/api/v1/tasks/" + id, "b").status, 404);
  EXPECT_EQ(Patch("/api/v1/tasks/" + id, R"({"title":"x"})", "b").status, 404);
  EXPECT_EQ(Post("/api/v1/tasks", R"({"due_at":"tomorrow"})").fields(),
            (std::set<std::string>{"due_at"}));
  EXPECT_EQ(Delete("/api/v1/tasks/" + id).status, 204);
  EXPECT_EQ(Get("/api/v1/tasks/" + id).status, 404);

  EXPECT_EQ(Post("/api/v1/custom-fields", R"({"key":"plan","label":"Plan","type":"select","options":["free","pro"]})",
                 "a-member")
                .status,
            403);
  Reply field = Post("/api/v1/custom-fields",
                     R"({"key":"plan","label":"Plan","type":"select","options":["free","pro"]})");
  ASSERT_EQ(field.status, 201) << field.body;
  EXPECT_EQ(Post("/api/v1/custom-fields", R"({"key":"plan","label":"Plan","type":"text"})").status, 409);
  EXPECT_EQ(Post("/api/v1/custom-fields", R"({"label":"","type":"colour"})").fields(),
            (std::set<std::string>{"key", "label", "type"}));
  EXPECT_EQ(DataSize(Get("/api/v1/custom-fields", "a-viewer")), 1u);
  EXPECT_EQ(DataSize(Get("/api/v1/custom-fields", "b")), 0u);
  Reply c = Post("/api/v1/contacts", R"({"first_name":"Ada","custom_fields":{"plan":"pro"}})");
  ASSERT_EQ(c.status, 201) << c.body;
  EXPECT_EQ(c.json().at("custom_fields").at("plan").as_string(), "pro");
  EXPECT_EQ(Delete("/api/v1/custom-fields/" + field.str("id"), "b").status, 404);
  EXPECT_EQ(Delete("/api/v1/custom-fields/" + field.str("id")).status, 204);
  EXPECT_TRUE(Get("/api/v1/contacts/" + c.str("id")).json().at("custom_fields").as_object().empty());
}

SYNTERA_INSTANTIATE_ENGINE_TEST(CrmRoutesTest);

TEST_P(CrmRoutesTest, CsvExportAndImportRoutes) {
  ASSERT_EQ(Post("/api/v1/contacts", R"({"first_name":"=Ada","email":"ada@example.com","tags":["vip"]})").status, 201);
  ASSERT_EQ(Post("/api/v1/contacts", R"({"first_name":"Bob","email":"bob@example.com"})").status, 201);
  Reply csv = Get("/api/v1/contacts/export.csv?tag=vip", "a-viewer");
  ASSERT_EQ(csv.status, 200) << csv.body;
  EXPECT_EQ(csv.body.rfind("id,first_name,last_name,email,phone,company_id,job_title,lifecycle_stage,", 0), 0u);
  EXPECT_NE(csv.body.find("'=Ada"), std::string::npos);
  EXPECT_EQ(csv.body.find("bob@example.com"), std::string::npos);
  EXPECT_EQ(Get("/api/v1/contacts/export.csv", "b").body.find("ada@"), std::string::npos);
  EXPECT_EQ(Get("/api/v1/contacts/export.csv?lifecycle=bogus").status, 400);

  std::string body = R"({"csv":"Email,First\r\ncy@example.com,Cy\r\nbad-email,Dee\r\n",)"
                     R"("mapping":{"Email":"email","First":"first_name"}})";
  EXPECT_EQ(Post("/api/v1/contacts/imports", body, "a-viewer").status, 403);
  EXPECT_EQ(Post("/api/v1/contacts/imports", R"({"csv":"A\n1\n","mapping":{"A":"bogus"}})",
                 "a-member").status, 400);
  Reply created = Post("/api/v1/contacts/imports", body, "a-member");
  ASSERT_EQ(created.status, 202) << created.body;
  EXPECT_EQ(created.str("status"), "queued");
  std::string id = created.str("id");
  ASSERT_TRUE(importer_->RunImport(auth_.principals["a"].org_id, ImportId(id)).ok());
  Reply got = Get("/api/v1/contacts/imports/" + id, "a-viewer");
  ASSERT_EQ(got.status, 200) << got.body;
  EXPECT_EQ(got.str("status"), "succeeded");
  auto o = got.json().as_object();
  EXPECT_EQ(o.at("imported").as_int64(), 1);
  EXPECT_EQ(o.at("failed_rows").as_int64(), 1);
  EXPECT_EQ(o.at("progress").as_int64(), 100);
  ASSERT_EQ(o.at("errors").as_array().size(), 1u);
  EXPECT_EQ(o.at("errors").as_array()[0].at("line").as_int64(), 3);
  EXPECT_EQ(Get("/api/v1/contacts/imports/" + id, "b").status, 404);
  EXPECT_EQ(DataSize(Get("/api/v1/contacts/imports", "a-viewer")), 1u);
  EXPECT_EQ(DataSize(Get("/api/v1/contacts/imports", "b")), 0u);
}

TEST_P(CrmRoutesTest, IdempotencyKeyReplaysTheFirstCreate) {
  std::string body = R"({"first_name":"Ada","email":"ada@example.com"})";
  Reply first = PostWithKey("/api/v1/contacts", body, "key-1");
  ASSERT_EQ(first.status, 201) << first.body;
  Reply again = PostWithKey("/api/v1/contacts", body, "key-1");
  EXPECT_EQ(again.status, 201) << again.body;
  EXPECT_EQ(again.body, first.body);
  EXPECT_EQ(CountRows("crm_contacts"), 1);
  // The same key with another body is a client bug; another organization has its own keys.
  EXPECT_EQ(PostWithKey("/api/v1/contacts", R"({"first_name":"Other"})", "key-1").status, 422);
  Reply theirs = PostWithKey("/api/v1/contacts", body, "key-1", "b");
  EXPECT_EQ(theirs.status, 201) << theirs.body;
  EXPECT_NE(theirs.str("id"), first.str("id"));
  // A failed request frees its key: the corrected retry runs.
  EXPECT_EQ(PostWithKey("/api/v1/deals", R"({"title":"D","value":1,"currency":"EURO"})", "key-2").status,
            400);
  Reply deal = PostWithKey("/api/v1/deals", R"({"title":"D","value":1,"currency":"EUR"})", "key-2");
  ASSERT_EQ(deal.status, 201) << deal.body;
  EXPECT_EQ(PostWithKey("/api/v1/deals", R"({"title":"D","value":1,"currency":"EUR"})", "key-2").body,
            deal.body);
  EXPECT_EQ(CountRows("crm_deals"), 1);
  EXPECT_EQ(PostWithKey("/api/v1/tasks", R"({"title":"T"})", std::string(201, 'k')).status, 400);
  EXPECT_EQ(CountRows("crm_tasks"), 0);
  // Keys expire after 24 h.
  clock_.Advance(std::chrono::hours(25));
  EXPECT_EQ(PostWithKey("/api/v1/contacts", body, "key-1").status, 409);  // runs again: duplicate
}

TEST_P(CrmRoutesTest, ListFiltersOnCustomFieldsAndCountsOnRequest) {
  ASSERT_EQ(Post("/api/v1/custom-fields", R"({"key":"seats","label":"Seats","type":"number"})").status, 201);
  ASSERT_EQ(Post("/api/v1/custom-fields",
                 R"({"key":"plan","label":"Plan","type":"select","options":["free","pro"]})")
                .status,
            201);
  ASSERT_EQ(Post("/api/v1/contacts", R"({"first_name":"A","custom_fields":{"seats":5,"plan":"pro"}})").status, 201);
  ASSERT_EQ(Post("/api/v1/contacts", R"({"first_name":"B","custom_fields":{"seats":7,"plan":"pro"}})").status, 201);
  ASSERT_EQ(Post("/api/v1/contacts", R"({"first_name":"C"})").status, 201);
  Reply pro = Get("/api/v1/contacts?cf.plan=pro&count=true&limit=1", "a-viewer");
  ASSERT_EQ(pro.status, 200) << pro.body;
  EXPECT_EQ(DataSize(pro), 1u);
  EXPECT_EQ(pro.json().at("total").as_int64(), 2);
  Reply five = Get("/api/v1/contacts?cf.seats=5&cf.plan=pro");
  ASSERT_EQ(DataSize(five), 1u);
  EXPECT_EQ(five.json().at("data").as_array()[0].at("first_name").as_string(), "A");
  EXPECT_FALSE(Get("/api/v1/contacts").json().as_object().contains("total"));
  Reply bad = Get("/api/v1/contacts?cf.seats=lots&cf.colour=red&cf.plan=gold");
  ASSERT_EQ(bad.status, 400) << bad.body;
  EXPECT_EQ(bad.fields(), (std::set<std::string>{"cf.seats", "cf.colour", "cf.plan"}));
  EXPECT_EQ(Get("/api/v1/contacts?cf.=1").status, 400);
  EXPECT_EQ(Get("/api/v1/contacts?count=maybe").status, 400);
  EXPECT_EQ(Get("/api/v1/contacts?cf.plan=pro", "b").status, 400);  // not b's field
}

TEST_P(CrmRoutesTest, ReferencesAndCustomValuesOfTheWrongKindWriteNothing) {
  ASSERT_EQ(Post("/api/v1/custom-fields", R"({"key":"renews","label":"R","type":"date"})").status, 201);
  ASSERT_EQ(Post("/api/v1/custom-fields", R"({"key":"vip","label":"V","type":"boolean"})").status, 201);
  ASSERT_EQ(Post("/api/v1/custom-fields",
                 R"({"key":"plan","label":"P","type":"select","options":["free","pro"]})")
                .status,
            201);
  Reply theirs = Post("/api/v1/contacts", R"({"first_name":"Theirs"})", "b");
  Reply their_company = Post("/api/v1/companies", R"({"name":"Theirs"})", "b");
  ASSERT_EQ(theirs.status, 201);
  ASSERT_EQ(their_company.status, 201);
  int contacts = CountRows("crm_contacts"), companies = CountRows("crm_companies");
  Reply c = Post("/api/v1/contacts",
                 R"({"first_name":"Ada","custom_fields":{"renews":"2027-02-30","vip":"yes","plan":"gold"},)"
                 R"("company_id":")" + their_company.str("id") + R"("})");
  ASSERT_EQ(c.status, 400) << c.body;
  EXPECT_EQ(c.fields(), (std::set<std::string>{"custom_fields.renews", "custom_fields.vip",
                                               "custom_fields.plan", "company_id"}));
  Reply deal = Post("/api/v1/deals", R"({"title":"D","value":1,"currency":"EUR","contact_id":")" +
                                         theirs.str("id") + R"(","company_id":")" +
                                         their_company.str("id") + R"("})");
  ASSERT_EQ(deal.status, 400) << deal.body;
  EXPECT_EQ(deal.fields(), (std::set<std::string>{"contact_id", "company_id"}));
  Reply task = Post("/api/v1/tasks", R"({"title":"T","contact_id":")" + theirs.str("id") + R"("})");
  ASSERT_EQ(task.status, 400) << task.body;
  EXPECT_EQ(task.fields(), (std::set<std::string>{"contact_id"}));
  EXPECT_EQ(Post("/api/v1/contacts", R"({"first_name":"Ada","phone":"+1"})").fields(),
            (std::set<std::string>{"phone"}));
  EXPECT_EQ(Post("/api/v1/deals", R"({"title":"D","value":"1","currency":"EUR"})").fields(),
            (std::set<std::string>{"value"}));
  EXPECT_EQ(CountRows("crm_contacts"), contacts);
  EXPECT_EQ(CountRows("crm_companies"), companies);
  EXPECT_EQ(CountRows("crm_deals"), 0);
  EXPECT_EQ(CountRows("crm_tasks"), 0);
}

}  // namespace
}  // namespace syntera::crm
