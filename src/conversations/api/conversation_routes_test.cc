// The conversations routes end to end through a real http::Router + http::Pipeline
// (authentication, roles, error mapping) on both engines.

#include "conversations/api/conversation_routes.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <map>
#include <random>
#include <set>

#include "conversations/api/visitor_authenticator.h"
#include "conversations/conversation_service.h"
#include "conversations/conversations_test_support.h"
#include "conversations/widget_service.h"
#include "db/file_storage.h"
#include "http/pipeline.h"
#include "http/testing/route_test_support.h"
#include "obs/logger.h"
#include "obs/metrics.h"

namespace syntera::conversations {
namespace {

namespace bj = boost::json;
using http::Method;
using testing::Count;

using Reply = http::testing::TestReply;
using http::testing::TokenAuthenticator;

class ConversationRoutesTest : public db::EngineTest {
 protected:
  void SetUp() override {
    db::EngineTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    ASSERT_TRUE(testing::ApplyAll(db()).ok());
    Principal a = testing::MakeOrg(db(), clock_, random_, "alpha");
    auth_.principals["a"] = a;
    Principal viewer = a, key = a;
    viewer.role = Role::kViewer;
    key.kind = CredentialKind::kApiKey;
    key.role = Role::kMember;
    key.api_key_id = "key1";
    auth_.principals["a-viewer"] = viewer;
    auth_.principals["a-key"] = key;
    auth_.principals["b"] = testing::MakeOrg(db(), clock_, random_, "beta");
    std::random_device rd;
    dir_ = std::filesystem::temp_directory_path() / ("conv_routes_" + std::to_string(rd()));
    files_ = std::make_unique<db::LocalFileStorage>(dir_);
    service_ = std::make_unique<ConversationService>(db(), clock_, random_, *files_, listener_);
    widget_ = std::make_unique<WidgetService>(db(), clock_, random_, tokens_);
    visitors_ = std::make_unique<VisitorAuthenticator>(*widget_);
    AddConversationRoutes(router_, *service_);
    AddWidgetRoutes(router_, *widget_, *service_, *visitors_);
    http::PipelineOptions opts;
    opts.access_log = false;
    opts.per_ip = {.capacity = 100000, .refill_per_second = 100000};
    opts.per_class["api"] = {.capacity = 100000, .refill_per_second = 100000};
    opts.per_class["auth"] = {.capacity = 100000, .refill_per_second = 100000};
    pipeline_ = std::make_unique<http::Pipeline>(router_, &auth_, *limiter_, logger_, metrics_, opts);
  }
  void TearDown() override {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  Reply Call(Method method, const std::string& target, const std::string& token = "a",
             const std::string& body = "", const std::string& content_type = "application/json") {
    http::Request req;
    req.method = method;
    req.target = target;
    size_t q = target.find('?');
    req.path = target.substr(0, q);
    if (q != std::string::npos) req.query = target.substr(q + 1);
    req.client_ip = req.peer_ip = "192.0.2.10";
    if (!token.empty()) req.headers.Add("Authorization", "Bearer " + token);
    if (!body.empty()) req.headers.Add("Content-Type", content_type);
    req.body = body;
    http::Response r = pipeline_->Handle(req);
    clock_.Advance(std::chrono::milliseconds(1));
    return {r.status, r.body, r.headers};
  }
  Reply Post(const std::string& path, const std::string& body, const std::string& token = "a") {
    return Call(Method::kPost, path, token, body);
  }
  Reply Get(const std::string& path, const std::string& token = "a") { return Call(Method::kGet, path, token); }

  // A visitor token for A's widget (origin configured).
  std::string VisitorToken(std::string* visitor_id = nullptr) {
    Reply put = Call(Method::kPut, "/api/v1/widget/settings", "a",
                     R"({"allowed_origins":["https://shop.example.com"]})");
    EXPECT_EQ(put.status, 200) << put.body;
    Reply s = Post("/api/v1/widget/sessions",
                   R"({"public_key":")" + put.str("public_key") + R"(","origin":"https://shop.example.com"})", "");
    EXPECT_EQ(s.status, 201) << s.body;
    if (visitor_id) *visitor_id = s.str("visitor_id");
    return s.str("visitor_token");
  }

  ManualClock clock_{FromUnixMillis(1'800'000'000'000)};
  crypto::SecureRandom random_;
  NullListener listener_;
  VisitorTokens tokens_{"k0123456789abcdef0123456789abcdef", clock_};
  std::filesystem::path dir_;
  std::unique_ptr<db::LocalFileStorage> files_;
  std::unique_ptr<ConversationService> service_;
  std::unique_ptr<WidgetService> widget_;
  std::unique_ptr<VisitorAuthenticator> visitors_;
  TokenAuthenticator auth_;
  http::Router router_;
  std::unique_ptr<http::RateLimiter> limiter_ = http::NewMemoryRateLimiter();
  obs::Logger logger_{obs::LogOptions{.level = obs::LogLevel::kError, .to_stderr = false}};
  obs::MetricsRegistry metrics_;
  std::unique_ptr<http::Pipeline> pipeline_;
};

TEST_P(ConversationRoutesTest, ConversationLifecycleOverHttp) {
  Reply created = Post("/api/v1/conversations", R"({"subject":"Order 1042","tags":["Billing"],"message":"Hello"})");
  ASSERT_EQ(created.status, 201) << created.body;
  std::string id = created.str("id");
  bj::value c = created.json();
  EXPECT_EQ(c.at("channel").as_string(), "api");
  EXPECT_EQ(c.at("tags").as_array().at(0).as_string(), "billing");
  EXPECT_EQ(c.at("message").at("content").as_string(), "Hello");

  Reply list = Get("/api/v1/conversations?status=open,waiting_for_human&assignee=ai&count=true&q=hello");
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(list.json().at("total").as_int64(), 1);
  EXPECT_EQ(Get("/api/v1/conversations?assignee=me").json().at("data").as_array().size(), 0u);

  Reply m1 = Post("/api/v1/conversations/" + id + "/messages", R"({"content":"note","type":"note","client_message_id":"n1"})");
  ASSERT_EQ(m1.status, 201) << m1.body;
  EXPECT_EQ(m1.json().at("private").as_bool(), true);
  Reply again = Post("/api/v1/conversations/" + id + "/messages", R"({"content":"note","type":"note","client_message_id":"n1"})");
  EXPECT_EQ(again.status, 200);
  EXPECT_EQ(again.str("id"), m1.str("id"));
  Reply key_msg = Post("/api/v1/conversations/" + id + "/messages", R"({"content":"from the customer"})", "a-key");
  ASSERT_EQ(key_msg.status, 201) << key_msg.body;
  EXPECT_EQ(key_msg.str("sender_type"), "contact");

  Reply patch = Call(Method::kPatch, "/api/v1/conversations/" + id, "a", R"({"priority":"urgent","assignee":"unassigned"})");
  ASSERT_EQ(patch.status, 200) << patch.body;
  EXPECT_EQ(patch.str("status"), "waiting_for_human");
  EXPECT_EQ(Post("/api/v1/conversations/" + id + "/claim", "").status, 200);
  Reply counts = Get("/api/v1/inbox/counts");
  EXPECT_EQ(counts.json().at("mine").as_int64(), 1);
  Reply resolved = Post("/api/v1/conversations/" + id + "/resolve", "");
  EXPECT_EQ(resolved.str("status"), "resolved");

  Reply text = Get("/api/v1/conversations/" + id + "/transcript?format=text");
  ASSERT_EQ(text.status, 200);
  EXPECT_NE(text.body.find("(private note): note"), std::string::npos);
  Reply msgs = Get("/api/v1/conversations/" + id + "/messages?limit=2");
  EXPECT_EQ(msgs.json().at("data").as_array().size(), 2u);
  EXPECT_FALSE(msgs.json().at("next_cursor").is_null());
}

TEST_P(ConversationRoutesTest, BadInputAnswers4xxAndWritesNothing) {
  std::string id = Post("/api/v1/conversations", "{}").str("id");
  int64_t before = Count(db(), "SELECT COUNT(*) FROM conversation_messages") +
                   Count(db(), "SELECT COUNT(*) FROM conversations") + Count(db(), "SELECT COUNT(*) FROM events");
  struct Case {
    Method method;
    std::string path, body, token;
    int status;
  };
  std::string big(kMaxContentBytes + 10, 'a');
  std::vector<Case> cases = {
      {Method::kPost, "/api/v1/conversations", R"({"channel":"web_widget"})", "a", 400},
      {Method::kPost, "/api/v1/conversations", R"({"channel":"fax"})", "a", 400},
      {Method::kPost, "/api/v1/conversations", R"({"metadata":[1,2]})", "a", 400},
      {Method::kPost, "/api/v1/conversations", R"({"contact_id":"not-a-contact"})", "a", 400},
      {Method::kPost, "/api/v1/conversations", R"({"tags":"x"})", "a", 400},
      {Method::kPost, "/api/v1/conversations", "not json", "a", 400},
      {Method::kPost, "/api/v1/conversations", "{}", "a-viewer", 403},
      {Method::kPost, "/api/v1/conversations/" + id + "/messages", R"({"content":")" + big + R"("})", "a", 400},
      {Method::kPost, "/api/v1/conversations/" + id + "/messages", R"({"content":""})", "a", 400},
      {Method::kPost, "/api/v1/conversations/" + id + "/messages", R"({"content":"x","type":"shout"})", "a", 400},
      {Method::kPost, "/api/v1/conversations/" + id + "/messages", R"({"content":"x","sender_type":"user"})", "a-key", 403},
      {Method::kPost, "/api/v1/conversations/" + id + "/messages", R"({"content":"x\u202e"})", "a", 400},
      {Method::kPost, "/api/v1/conversations/" + id + "/messages", R"({"content":"x"})", "b", 404},
      {Method::kPost, "/api/v1/conversations/" + id + "/messages", R"({"content":"x"})", "", 401},
      {Method::kPost, "/api/v1/conversations/" + id + "/assign", R"({"user_id":"nobody"})", "a", 400},
      {Method::kPost, "/api/v1/conversations/" + id + "/transfer", R"({"user_id":"nobody"})", "a", 422},
      {Method::kPost, "/api/v1/conversations/" + id + "/claim", "", "a-key", 403},
      {Method::kPatch, "/api/v1/conversations/" + id, R"({"status":"nope"})", "a", 400},
      {Method::kPatch, "/api/v1/conversations/" + id, R"({"summary":1})", "a", 400},
      {Method::kGet, "/api/v1/conversations?limit=0", "", "a", 400},
      {Method::kGet, "/api/v1/conversations?assignee=me", "", "a-key", 400},
      {Method::kGet, "/api/v1/conversations?created_from=yesterday", "", "a", 400},
      {Method::kGet, "/api/v1/conversations?cursor=bm9wZQ", "", "a", 400},
      {Method::kGet, "/api/v1/conversations/" + id + "/transcript?format=pdf", "", "a", 400},
      {Method::kPut, "/api/v1/widget/settings", R"x({"allowed_origins":["javascript:alert(1)"]})x", "a", 400},
      {Method::kPost, "/api/v1/widget/sessions", R"({"public_key":"pk_nope","origin":"https://x.example"})", "", 401},
  };
  for (const auto& c : cases) {
    Reply r = Call(c.method, c.path, c.token, c.body);
    EXPECT_EQ(r.status, c.status) << MethodName(c.method) << " " << c.path << " " << c.body.substr(0, 80)
                                  << " → " << r.body;
  }
  int64_t after = Count(db(), "SELECT COUNT(*) FROM conversation_messages") +
                  Count(db(), "SELECT COUNT(*) FROM conversations") + Count(db(), "SELECT COUNT(*) FROM events");
  EXPECT_EQ(after, before);
}

TEST_P(ConversationRoutesTest, UploadsAreSniffedAndLimited) {
  std::string id = Post("/api/v1/conversations", "{}").str("id");
  std::string pdf = "%PDF-1.7\n...";
  Reply ok = Call(Method::kPost, "/api/v1/conversations/" + id + "/attachments?name=invoice.pdf", "a", pdf,
                  "application/pdf");
  ASSERT_EQ(ok.status, 201) << ok.body;
  Reply mismatch = Call(Method::kPost, "/api/v1/conversations/" + id + "/attachments?name=x.png", "a", pdf,
                        "image/png");
  EXPECT_EQ(mismatch.status, 415) << mismatch.body;
  Reply down = Get("/api/v1/conversations/" + id + "/attachments/" + ok.str("file_id"));
  ASSERT_EQ(down.status, 200);
  EXPECT_EQ(down.body, pdf);
  EXPECT_EQ(down.headers.Get("Content-Type").value_or(""), "application/pdf");
  EXPECT_EQ(Get("/api/v1/conversations/" + id + "/attachments/" + ok.str("file_id"), "b").status, 404);
  EXPECT_EQ(Count(db(), "SELECT COUNT(*) FROM conversation_files"), 1);
}

TEST_P(ConversationRoutesTest, VisitorsUseOnlyTheWidgetRoutes) {
  std::string visitor_id;
  std::string token = VisitorToken(&visitor_id);
  ASSERT_FALSE(token.empty());
  // Staff routes refuse visitor tokens (the pipeline's authenticator does not know them).
  EXPECT_EQ(Get("/api/v1/conversations", token).status, 401);
  EXPECT_EQ(Post("/api/v1/conversations", "{}", token).status, 401);
  Reply started = Post("/api/v1/widget/conversations", R"({"message":"Hi!"})", token);
  ASSERT_EQ(started.status, 201) << started.body;
  std::string id = started.str("id");
  EXPECT_EQ(started.str("channel"), "web_widget");
  EXPECT_FALSE(started.json().as_object().contains("tags"));  // visitor view
  Post("/api/v1/conversations/" + id + "/messages", R"({"content":"VIP, be nice","type":"note"})");
  Post("/api/v1/conversations/" + id + "/messages", R"({"content":"Hello from the team"})");
  Reply mine = Get("/api/v1/widget/conversations/" + id + "/messages", token);
  ASSERT_EQ(mine.status, 200) << mine.body;
  EXPECT_EQ(mine.json().at("data").as_array().size(), 2u);
  EXPECT_EQ(mine.body.find("VIP"), std::string::npos);
  Reply resend1 = Post("/api/v1/widget/conversations/" + id + "/messages", R"({"content":"x","client_message_id":"w1"})", token);
  Reply resend2 = Post("/api/v1/widget/conversations/" + id + "/messages", R"({"content":"x","client_message_id":"w1"})", token);
  EXPECT_EQ(resend1.status, 201);
  EXPECT_EQ(resend2.status, 200);
  EXPECT_EQ(resend1.str("id"), resend2.str("id"));
  Reply handoff = Post("/api/v1/widget/conversations/" + id + "/handoff", "{}", token);
  EXPECT_EQ(handoff.str("status"), "waiting_for_human");

  // Another visitor of the same organization cannot reach it; staff tokens are not visitors.
  std::string other = VisitorToken();
  EXPECT_EQ(Get("/api/v1/widget/conversations/" + id, other).status, 404);
  EXPECT_EQ(Get("/api/v1/widget/conversations/" + id + "/messages", other).status, 404);
  EXPECT_EQ(Get("/api/v1/widget/conversations", other).json().at("data").as_array().size(), 0u);
  EXPECT_EQ(Get("/api/v1/widget/conversations", "a").status, 401);
  EXPECT_EQ(Get("/api/v1/widget/conversations", "").status, 401);
  std::string forged = token;
  // A character inside the signature (the last one carries 2 unused bits: changing only
  // those would decode to the same signature).
  char& c = forged[forged.size() - 5];
  c = c == 'A' ? 'B' : 'A';
  EXPECT_EQ(Get("/api/v1/widget/conversations", forged).status, 401);
  // Origin header mismatch and an unlisted origin.
  Reply s = Post("/api/v1/widget/sessions", R"({"public_key":"pk_x","origin":"https://evil.example"})", "");
  EXPECT_EQ(s.status, 401);
}

TEST_P(ConversationRoutesTest, MessagesAreEditedByTheirAuthorOnly) {
  std::string visitor_id;
  std::string token = VisitorToken(&visitor_id);
  Reply started = Post("/api/v1/widget/conversations", R"({"message":"helo"})", token);
  ASSERT_EQ(started.status, 201) << started.body;
  std::string id = started.str("id");
  std::string mine = started.json().at("message").at("id").as_string().c_str();
  std::string staff = Post("/api/v1/conversations/" + id + "/messages", R"({"content":"Hi!"})").str("id");
  const std::string staff_path = "/api/v1/conversations/" + id + "/messages/" + staff;
  const std::string widget_path = "/api/v1/widget/conversations/" + id + "/messages/";
  int64_t events_before = Count(db(), "SELECT COUNT(*) FROM events");

  struct Case {
    std::string path, body, token;
    int status;
  };
  const std::vector<Case> refused = {
      {staff_path, R"({"content":"x"})", "a-viewer", 403},
      {staff_path, R"({"content":"x"})", "a-key", 403},
      {staff_path, R"({"content":"x"})", "b", 404},
      {staff_path, R"({"content":"x"})", "", 401},
      {staff_path, R"({})", "a", 400},
      {staff_path, R"({"content":42})", "a", 400},
      {staff_path, R"({"content":""})", "a", 400},
      {staff_path, "not json", "a", 400},
      {"/api/v1/conversations/" + id + "/messages/" + mine, R"({"content":"x"})", "a", 403},
      {"/api/v1/conversations/" + id + "/messages/nope", R"({"content":"x"})", "a", 404},
      {widget_path + staff, R"({"content":"x"})", token, 403},
      {widget_path + mine, R"({"content":"x"})", VisitorToken(), 404},
      {widget_path + mine, R"({"content":"x"})", "a", 401},
  };
  for (const auto& c : refused) {
    Reply r = Call(Method::kPatch, c.path, c.token, c.body);
    EXPECT_EQ(r.status, c.status) << c.path << " " << c.body << " as " << c.token << " → " << r.body;
  }
  EXPECT_EQ(Count(db(), "SELECT COUNT(*) FROM events"), events_before);
  EXPECT_EQ(Count(db(), "SELECT COUNT(*) FROM conversation_messages WHERE edited_at IS NOT NULL"), 0);

  Reply edited = Call(Method::kPatch, staff_path, "a", R"({"content":"Hi there!"})");
  ASSERT_EQ(edited.status, 200) << edited.body;
  EXPECT_EQ(edited.str("content"), "Hi there!");
  EXPECT_TRUE(edited.json().at("edited_at").is_string());
  Reply own = Call(Method::kPatch, widget_path + mine, token, R"({"content":"hello"})");
  ASSERT_EQ(own.status, 200) << own.body;
  EXPECT_EQ(own.str("content"), "hello");
  EXPECT_FALSE(own.json().as_object().contains("ai"));  // visitor view
  // Reading through the widget stamps the team's message; staff see the receipt.
  EXPECT_EQ(Post("/api/v1/widget/conversations/" + id + "/read", R"({"message_id":")" + staff + R"("})", token).status,
            200);
  bj::value listed = Get("/api/v1/conversations/" + id + "/messages").json();
  for (const auto& m : listed.at("data").as_array()) {
    if (m.at("id").as_string() != staff) continue;
    EXPECT_TRUE(m.at("read_at").is_string()) << bj::serialize(m);
    EXPECT_TRUE(m.at("delivered_at").is_string()) << bj::serialize(m);
  }
}

TEST_P(ConversationRoutesTest, MessagesAreDeletedInPlace) {
  std::string token = VisitorToken();
  Reply started = Post("/api/v1/widget/conversations", R"({"message":"my card is 4242"})", token);
  ASSERT_EQ(started.status, 201) << started.body;
  const std::string id = started.str("id");
  const std::string visitors = started.json().at("message").at("id").as_string().c_str();
  const std::string staff = Post("/api/v1/conversations/" + id + "/messages", R"({"content":"Hi!"})").str("id");
  const std::string staff_path = "/api/v1/conversations/" + id + "/messages/";
  const std::string widget_path = "/api/v1/widget/conversations/" + id + "/messages/";

  // Refused, and nothing is deleted.
  EXPECT_EQ(Call(Method::kDelete, widget_path + staff, token).status, 403);   // not the visitor's
  EXPECT_EQ(Call(Method::kDelete, staff_path + staff, "a-viewer").status, 403);
  EXPECT_EQ(Call(Method::kDelete, staff_path + staff, "a-key").status, 403);
  EXPECT_EQ(Call(Method::kDelete, staff_path + staff, "b").status, 404);      // another organization
  EXPECT_EQ(Call(Method::kDelete, staff_path + "nope", "a").status, 404);
  EXPECT_EQ(Call(Method::kDelete, widget_path + visitors, "a").status, 401);  // staff token, widget route
  EXPECT_EQ(Count(db(), "SELECT COUNT(*) FROM conversation_messages WHERE deleted_at IS NOT NULL"), 0);

  // The visitor deletes their own message; the team sees it deleted, in place.
  Reply gone = Call(Method::kDelete, widget_path + visitors, token);
  EXPECT_EQ(gone.status, 204) << gone.body;
  EXPECT_EQ(gone.body, "");
  EXPECT_EQ(Call(Method::kDelete, widget_path + visitors, token).status, 204);  // again: the same
  const bj::value listed = Get("/api/v1/conversations/" + id + "/messages").json();
  const auto& items = listed.at("data").as_array();
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].at("id").as_string(), visitors);
  EXPECT_TRUE(items[0].at("deleted_at").is_string());
  EXPECT_EQ(items[0].at("content").as_string(), "");
  EXPECT_TRUE(items[1].at("deleted_at").is_null());
  // The transcript says so without the words.
  Reply text = Get("/api/v1/conversations/" + id + "/transcript?format=text");
  ASSERT_EQ(text.status, 200);
  EXPECT_NE(text.body.find("(message deleted)"), std::string::npos) << text.body;
  EXPECT_EQ(text.body.find("4242"), std::string::npos) << text.body;
  // The author on the staff route; editing it afterwards is 422.
  EXPECT_EQ(Call(Method::kDelete, staff_path + staff, "a").status, 204);
  EXPECT_EQ(Call(Method::kPatch, staff_path + staff, "a", R"({"content":"x"})").status, 422);
}

TEST_P(ConversationRoutesTest, DeliveryReceiptsOverRestMoveOnlyForward) {
  std::string token = VisitorToken();
  Reply started = Post("/api/v1/widget/conversations", R"({"message":"hello"})", token);
  ASSERT_EQ(started.status, 201) << started.body;
  const std::string id = started.str("id");
  const std::string visitors = started.json().at("message").at("id").as_string().c_str();
  const std::string first = Post("/api/v1/conversations/" + id + "/messages", R"({"content":"1"})").str("id");
  const std::string second = Post("/api/v1/conversations/" + id + "/messages", R"({"content":"2"})").str("id");
  const std::string widget = "/api/v1/widget/conversations/" + id + "/delivered";
  const std::string staff = "/api/v1/conversations/" + id + "/delivered";
  const auto body = [](const std::string& m) { return R"({"message_id":")" + m + R"("})"; };

  // Refused, and nothing moves.
  EXPECT_EQ(Post(widget, "{}", token).status, 400);
  EXPECT_EQ(Post(widget, body("nope"), token).status, 404);
  EXPECT_EQ(Post(widget, body(second), "a").status, 401);  // staff token on a widget route
  EXPECT_EQ(Post(staff, body(second), "a-key").status, 403);  // API keys have no cursor
  EXPECT_EQ(Post(staff, body(second), "b").status, 404);      // another organization
  const auto stamps = [&](const std::string& message) {
    const bj::value listed = Get("/api/v1/conversations/" + id + "/messages").json();
    for (const auto& m : listed.at("data").as_array()) {
      if (m.at("id").as_string() == message) {
        return std::pair{m.at("delivered_at").is_string(), m.at("read_at").is_string()};
      }
    }
    ADD_FAILURE() << "message " << message << " not listed";
    return std::pair{false, false};
  };
  EXPECT_EQ(stamps(first), std::pair(false, false));

  // The visitor's client received the first message: delivered, not read.
  Reply moved = Post(widget, body(first), token);
  ASSERT_EQ(moved.status, 200) << moved.body;
  EXPECT_EQ(moved.str("last_delivered_message_id"), first);
  EXPECT_EQ(moved.str("last_read_message_id"), visitors);  // writing read what came before
  EXPECT_EQ(stamps(first), std::pair(true, false));
  EXPECT_EQ(stamps(second), std::pair(false, false));
  // Then the second; going back to the first leaves the cursor where it is.
  ASSERT_EQ(Post(widget, body(second), token).status, 200);
  Reply back = Post(widget, body(first), token);
  ASSERT_EQ(back.status, 200) << back.body;
  EXPECT_EQ(back.str("last_delivered_message_id"), second);
  EXPECT_EQ(stamps(second), std::pair(true, false));

  // The team's side: a member's client received the visitor's next message.
  Reply later = Post("/api/v1/widget/conversations/" + id + "/messages", R"({"content":"3"})", token);
  ASSERT_EQ(later.status, 201) << later.body;
  EXPECT_EQ(stamps(later.str("id")), std::pair(false, false));
  Reply member = Post(staff, body(later.str("id")), "a");
  ASSERT_EQ(member.status, 200) << member.body;
  EXPECT_EQ(member.str("last_delivered_message_id"), later.str("id"));
  EXPECT_EQ(stamps(later.str("id")), std::pair(true, false));
}

TEST_P(ConversationRoutesTest, RegeneratingTheWidgetKeyRevokesVisitorTokens) {
  std::string token = VisitorToken();
  ASSERT_EQ(Get("/api/v1/widget/conversations", token).status, 200);
  Reply regen = Call(Method::kPut, "/api/v1/widget/settings", "a", R"({"regenerate_key":true})");
  ASSERT_EQ(regen.status, 200) << regen.body;
  Reply refused = Get("/api/v1/widget/conversations", token);
  EXPECT_EQ(refused.status, 401) << refused.body;
  EXPECT_NE(refused.body.find("revoked"), std::string::npos) << refused.body;
  EXPECT_EQ(Get("/api/v1/widget/conversations", VisitorToken()).status, 200);  // a new session
}

SYNTERA_INSTANTIATE_ENGINE_TEST(ConversationRoutesTest);

}  // namespace
}  // namespace syntera::conversations
