// The whole application (every module's routes): a widget visitor token is refused (401) by
// every non-public route, and accepted by the widget routes. Generated from the route table,
// so routes added later are covered.

#include <gtest/gtest.h>

#include "app/test_app.h"
#include "http/router.h"

namespace syntera::conversations {
namespace {

namespace bj = boost::json;
using app::testing::Reply;
using app::testing::TestApp;
using http::Method;

std::string Str(const bj::value& v, std::string_view key) {
  auto* f = v.is_object() ? v.as_object().if_contains(key) : nullptr;
  return f && f->is_string() ? std::string(f->as_string()) : "";
}

std::string FillPath(const std::string& tmpl, const std::string& id) {
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

TEST(VisitorTokens, AreRefusedByEveryNonPublicRouteOfTheApplication) {
  TestApp app("sqlite");
  ASSERT_TRUE(app.ok()) << app.skip_reason();
  Reply signup = app.Call(Method::kPost, "/api/v1/auth/signup", "",
                          R"({"email":"owner@visitor.example","password":"Tz8!qLm-visitor-pass",)"
                          R"("name":"Owner","organization_name":"Visitor Org"})");
  ASSERT_EQ(signup.status, 201) << signup.body;
  std::string owner = Str(signup.json(), "access_token");
  Reply put = app.Call(Method::kPut, "/api/v1/widget/settings", owner,
                       R"({"allowed_origins":["https://shop.example.com"]})");
  ASSERT_EQ(put.status, 200) << put.body;
  Reply session = app.Call(Method::kPost, "/api/v1/widget/sessions", "",
                           R"({"public_key":")" + Str(put.json(), "public_key") +
                               R"(","origin":"https://shop.example.com"})");
  ASSERT_EQ(session.status, 201) << session.body;
  std::string visitor = Str(session.json(), "visitor_token");
  ASSERT_EQ(visitor.rfind("vt1.", 0), 0u);
  Reply mine = app.Call(Method::kPost, "/api/v1/widget/conversations", visitor, R"({"message":"hi"})");
  ASSERT_EQ(mine.status, 201) << mine.body;
  std::string conversation = Str(mine.json(), "id");

  int refused = 0, widget = 0;
  for (const auto& rp : app.app().router().routes()) {
    const http::Route& r = *rp;
    if (r.path.rfind("/api/", 0) != 0) continue;
    SCOPED_TRACE(std::string(http::MethodName(r.method)) + " " + r.path);
    Reply reply = app.Call(r.method, FillPath(r.path, conversation), visitor, r.doc.example_request);
    if (r.access != http::Access::kPublic) {
      EXPECT_EQ(reply.status, 401) << reply.body;
      ++refused;
    } else if (r.path.rfind("/api/v1/widget/conversations", 0) == 0) {
      EXPECT_NE(reply.status, 401) << reply.body;
      ++widget;
    }
  }
  EXPECT_GT(refused, 50);
  EXPECT_GE(widget, 5);
}

}  // namespace
}  // namespace syntera::conversations
