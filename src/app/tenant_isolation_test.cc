// The tenant-isolation matrix, generated from the route table: for EVERY route,
//  (a) no credentials → 401 unless the route is public;
//  (b) organization B can neither see nor change organization A's resources: a path id of A's
//      answers 404 to B and A's resource is unchanged afterwards; lists and self-routes answer B
//      without any of A's identifiers;
//  (c) a principal one role below the route's minimum → 403 (and an API key → 403 on
//      user-only routes).
// A route without an isolation class fails the test, so routes added later are covered.

#include <gtest/gtest.h>

#include <functional>
#include <map>

#include "app/modules.h"
#include "app/test_app.h"
#include "jobs/job_queue.h"
#include "http/router.h"

namespace syntera::app {
namespace {

using testing::Reply;
using testing::TestApp;
namespace bj = boost::json;
using http::Method;

constexpr char kPassword[] = "Tz8!qLm-isolation-pass";

std::string Str(const bj::value& v, std::string_view key) {
  if (!v.is_object()) return "";
  auto* f = v.as_object().if_contains(key);
  return f && f->is_string() ? std::string(f->as_string()) : "";
}

struct Org {
  std::string name, org_id, owner_email, owner_token;
  std::map<Role, std::string> user_tokens;  // viewer, member, admin users (invited)
  std::map<Role, std::string> key_secrets;  // viewer, member, admin API keys
};

class TenantIsolation : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    app_ = std::make_unique<TestApp>(GetParam());
    if (!app_->ok()) GTEST_SKIP() << app_->skip_reason();
    a_ = MakeOrg("alpha");
    b_ = MakeOrg("beta");
  }

  Reply Call(Method m, const std::string& path, const std::string& token = "",
             const std::string& body = "") {
    return app_->Call(m, path, token, body);
  }

  std::string Login(const std::string& email) {
    Reply r = Call(Method::kPost, "/api/v1/auth/login", "",
                   bj::serialize(bj::object{{"email", email}, {"password", kPassword}}));
    EXPECT_EQ(r.status, 200) << r.body;
    return Str(r.json(), "access_token");
  }

  // Invites `email` into the org of `owner_token` with `role`, accepts as a new user, and
  // returns {user_id, access token}.
  std::pair<std::string, std::string> AddUser(const std::string& owner_token,
                                              const std::string& email, Role role) {
    Reply inv = Call(Method::kPost, "/api/v1/invitations", owner_token,
                     bj::serialize(bj::object{{"email", email}, {"role", RoleName(role)}}));
    EXPECT_EQ(inv.status, 201) << inv.body;
    auto mail = app_->LastEmailTo(email);
    EXPECT_TRUE(mail.has_value()) << "invitation email for " << email;
    std::string token = testing::TokenFromEmail(mail.value_or(""));
    Reply acc = Call(Method::kPost, "/api/v1/invitations/accept", "",
                     bj::serialize(bj::object{{"token", token}, {"password", kPassword},
                                              {"name", "Invited"}}));
    EXPECT_TRUE(acc.status == 200 || acc.status == 201) << acc.body;
    std::string access = Login(email);
    Reply me = Call(Method::kGet, "/api/v1/me", access);
    return {Str(me.json().at("user"), "id"), access};
  }

  Org MakeOrg(const std::string& name) {
    Org o;
    o.name = name;
    o.owner_email = "owner@" + name + ".example";
    Reply r = Call(Method::kPost, "/api/v1/auth/signup", "",
                   bj::serialize(bj::object{{"email", o.owner_email}, {"password", kPassword},
                                            {"name", "Owner " + name},
                                            {"organization_name", "Org " + name}}));
    EXPECT_EQ(r.status, 201) << r.body;
    o.owner_token = Str(r.json(), "access_token");
    o.org_id = Str(r.json().at("organization"), "id");
    for (Role role : {Role::kViewer, Role::kMember, Role::kAdmin}) {
      std::string rn(RoleName(role));
      o.user_tokens[role] = AddUser(o.owner_token, rn + "@" + name + ".example", role).second;
      Reply k = Call(Method::kPost, "/api/v1/api-keys", o.owner_token,
                     bj::serialize(bj::object{{"name", rn + " key"}, {"role", rn}}));
      EXPECT_EQ(k.status, 201) << k.body;
      o.key_secrets[role] = Str(k.json(), "secret");
    }
    return o;
  }

  // Creates a resource of kind `resource` in organization A; returns its id.
  std::string CreateInA(const std::string& resource) {
    static int n = 0;
    ++n;
    if (resource == "api_key") {
      Reply k = Call(Method::kPost, "/api/v1/api-keys", a_.owner_token,
                     R"({"name":"victim key","role":"member"})");
      EXPECT_EQ(k.status, 201) << k.body;
      return Str(k.json(), "id");
    }
    if (resource == "invitation") {
      Reply i = Call(Method::kPost, "/api/v1/invitations", a_.owner_token,
                     bj::serialize(bj::object{{"email", "victim" + std::to_string(n) + "@alpha.example"},
                                              {"role", "member"}}));
      EXPECT_EQ(i.status, 201) << i.body;
      return Str(i.json(), "id");
    }
    if (resource == "member") {
      return AddUser(a_.owner_token, "member" + std::to_string(n) + "@alpha.example",
                     Role::kMember).first;
    }
    static const std::map<std::string, std::pair<std::string, std::string>> kCrm = {
        {"contact", {"/api/v1/contacts", R"({"first_name":"Victim","email":"victim#@alpha.example"})"}},
        {"company", {"/api/v1/companies", R"({"name":"Victim #","domain":"victim#.alpha.example"})"}},
        {"deal", {"/api/v1/deals", R"({"title":"Victim deal","value":1000,"currency":"EUR"})"}},
        {"pipeline", {"/api/v1/pipelines", R"({"name":"Victim #","stages":[{"name":"Open","probability":10}]})"}},
        {"task", {"/api/v1/tasks", R"({"title":"Victim task"})"}},
        {"custom_field", {"/api/v1/custom-fields", R"({"key":"victim_#","label":"Victim","type":"text"})"}},
        {"contact_import",
         {"/api/v1/contacts/imports",
          R"({"csv":"Email,First\r\nfx#@alpha.example,Fx\r\n","mapping":{"Email":"email","First":"first_name"}})"}},
        {"conversation",
         {"/api/v1/conversations", R"({"subject":"Victim #","tags":["victim"],"message":"Victim message #"})"}},
    };
    if (auto it = kCrm.find(resource); it != kCrm.end()) {
      std::string body = it->second.second;
      for (size_t p = body.find('#'); p != std::string::npos; p = body.find('#'))
        body.replace(p, 1, std::to_string(n));
      Reply c = Call(Method::kPost, it->second.first, a_.owner_token, body);
      EXPECT_TRUE(c.status == 201 || c.status == 202) << resource << ": " << c.body;
      return Str(c.json(), "id");
    }
    if (resource == "job") {
      jobs::EnqueueOptions o;
      o.org_id = OrgId(a_.org_id);
      auto id = app_->app().modules().jobs->Enqueue("isolation.fixture", "{}", o);
      EXPECT_TRUE(id.ok()) << (id.ok() ? "" : id.error().message);
      return id.ok() ? *id : "";
    }
    ADD_FAILURE() << "no fixture for resource \"" << resource
                  << "\": add one to tenant_isolation_test.cc";
    return "";
  }

  // What organization A sees of the resource (to prove B changed nothing).
  std::string SnapshotInA(const std::string& resource, const std::string& id) {
    static const std::map<std::string, std::string> kLists = {
        {"api_key", "/api/v1/api-keys"},   {"invitation", "/api/v1/invitations"},
        {"job", "/api/v1/admin/jobs"},     {"member", "/api/v1/members"},
        {"contact", "/api/v1/contacts"},   {"company", "/api/v1/companies"},
        {"deal", "/api/v1/deals"},         {"pipeline", "/api/v1/pipelines"},
        {"task", "/api/v1/tasks"},         {"custom_field", "/api/v1/custom-fields"},
        {"contact_import", "/api/v1/contacts/imports"},
        {"conversation", "/api/v1/conversations"}};
    std::string list = kLists.at(resource);
    Reply r = Call(Method::kGet, list + "?limit=200", a_.owner_token);
    EXPECT_EQ(r.status, 200) << r.body;
    bj::value body = r.json();
    for (const auto& item : body.at("data").as_array()) {
      std::string item_id = Str(item, "id");
      if (item_id.empty() && item.is_object() && item.as_object().contains("user")) {
        item_id = Str(item.at("user"), "id");
      }
      if (item_id == id) return bj::serialize(item);
    }
    return "<absent>";
  }

  static std::string FillPath(const std::string& tmpl, const std::string& id) {
    std::string out;
    for (size_t i = 0; i < tmpl.size(); ++i) {
      if (tmpl[i] == '{') {
        out += id;
        i = tmpl.find('}', i);
      } else {
        out += tmpl[i];
      }
    }
    return out;
  }

  std::unique_ptr<TestApp> app_;
  Org a_, b_;
};

constexpr char kUnknownId[] = "00000000-0000-7000-8000-000000000000";

// Static checks of the route table: every route classified, resource routes name a fixture,
// public routes reach no tenant data, routes with a body document an example body.
std::vector<std::string> ClassificationProblems(const http::Router& router) {
  std::vector<std::string> problems;
  for (const auto& rp : router.routes()) {
    const http::Route& r = *rp;
    std::string label = std::string(http::MethodName(r.method)) + " " + r.path;
    if (r.isolation == http::Isolation::kUnclassified)
      problems.push_back(label + ": no isolation class (set Route::isolation)");
    if (r.isolation == http::Isolation::kResource && r.resource.empty())
      problems.push_back(label + ": kResource without Route::resource");
    if (r.access == http::Access::kPublic && r.isolation != http::Isolation::kPublic &&
        r.isolation != http::Isolation::kSelf)
      problems.push_back(label + ": public routes must be kPublic or kSelf");
    if (!r.doc.request_schema.empty() && r.doc.example_request.empty())
      problems.push_back(label + ": takes a body but has no doc.example_request");
  }
  return problems;
}

TEST(RouteClassification, AnUnclassifiedRouteIsReported) {
  http::Router router;
  http::Route r;
  r.path = "/api/v1/new-thing";
  r.handler = [](http::RouteContext&) -> Result<http::Response> { return http::Response::NoContent(); };
  router.Add(r);
  auto problems = ClassificationProblems(router);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].find("no isolation class"), std::string::npos);
}

TEST_P(TenantIsolation, EveryRouteIsClassifiedAndEnforced) {
  const auto& routes = app_->app().router().routes();
  ASSERT_GT(routes.size(), 20u);
  auto problems = ClassificationProblems(app_->app().router());
  for (const auto& p : problems) ADD_FAILURE() << p;
  ASSERT_TRUE(problems.empty());
  int checked_resources = 0;
  for (const auto& rp : routes) {
    const http::Route& route = *rp;
    std::string label = std::string(http::MethodName(route.method)) + " " + route.path;
    SCOPED_TRACE(label);
    const std::string& body = route.doc.example_request;
    std::string any_path = FillPath(route.path, kUnknownId);

    // (a) no credentials
    if (route.access != http::Access::kPublic) {
      Reply r = Call(route.method, any_path, "", body);
      EXPECT_EQ(r.status, 401) << label << " without credentials: " << r.body;
    }

    // (c) one role below the minimum, and API keys on user-only routes
    if (route.access != http::Access::kPublic && route.min_role != Role::kViewer) {
      Role below = static_cast<Role>(static_cast<int>(route.min_role) - 1);
      Reply r = Call(route.method, any_path, b_.user_tokens.at(below), body);
      EXPECT_EQ(r.status, 403) << label << " as " << RoleName(below) << ": " << r.body;
      if (route.access == http::Access::kPrincipal && below != Role::kOwner) {
        Reply k = Call(route.method, any_path, b_.key_secrets.at(below), body);
        EXPECT_EQ(k.status, 403) << label << " as a " << RoleName(below) << " key: " << k.body;
      }
    }
    if (route.access == http::Access::kUserOnly) {
      Reply r = Call(route.method, any_path, b_.key_secrets.at(Role::kAdmin), body);
      EXPECT_EQ(r.status, 403) << label << " with an API key: " << r.body;
    }

    // (b) organization B against organization A's data
    if (route.isolation == http::Isolation::kResource) {
      std::string id = CreateInA(route.resource);
      std::string before = SnapshotInA(route.resource, id);
      ASSERT_NE(before, "<absent>") << "fixture " << route.resource << " not visible to A";
      std::string b_token = Login(b_.owner_email);
      Reply r = Call(route.method, FillPath(route.path, id), b_token, body);
      EXPECT_EQ(r.status, 404) << label << " with A's id as B: " << r.body;
      EXPECT_EQ(SnapshotInA(route.resource, id), before) << label << " changed A's resource";
      ++checked_resources;
    } else if (route.isolation == http::Isolation::kCollection ||
               route.isolation == http::Isolation::kSelf) {
      if (route.access == http::Access::kPublic) continue;
      std::string b_token = Login(b_.owner_email);
      Reply r = Call(route.method, any_path, b_token, body);
      EXPECT_LT(r.status, 500) << label << ": " << r.body;
      for (const std::string& secret_of_a : {a_.org_id, a_.owner_email, std::string("alpha.example")}) {
        EXPECT_EQ(r.body.find(secret_of_a), std::string::npos)
            << label << " answered B with A's data (" << secret_of_a << "): " << r.body;
      }
    }
  }
  EXPECT_GT(checked_resources, 0);
}

INSTANTIATE_TEST_SUITE_P(Engines, TenantIsolation, ::testing::Values("sqlite", "postgres"),
                         [](const auto& param_info) { return param_info.param; });

}  // namespace
}  // namespace syntera::app
