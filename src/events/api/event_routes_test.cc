// GET /api/v1/events through the route table, on both engines.

#include "events/api/event_routes.h"

#include <boost/json.hpp>

#include "events/api/event_codec.h"
#include "events/events_test_support.h"

namespace syntera::events {
namespace {

namespace bj = boost::json;

class EventRoutesTest : public EventsTest {
 protected:
  void SetUp() override {
    EventsTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    log_ = std::make_unique<EventLog>(db());
    AddEventRoutes(router_, *log_);
  }

  // Calls the route as `org`; returns status and parsed body.
  std::pair<int, bj::value> Get(const std::string& org, const std::string& query) {
    http::Request req;
    req.method = http::Method::kGet;
    req.path = "/api/v1/events";
    req.query = query;
    Principal who;
    who.org_id = OrgId(org);
    http::RouteMatch m = router_.Match(http::Method::kGet, req.path);
    EXPECT_NE(m.route, nullptr);
    http::RouteContext ctx{req, &who, {}};
    auto r = m.route->handler(ctx);
    if (!r.ok()) return {-static_cast<int>(r.error().code) - 1, bj::value()};
    return {r->status, bj::parse(r->body)};
  }

  http::Router router_;
  std::unique_ptr<EventLog> log_;
};

TEST_P(EventRoutesTest, ListsOwnOrganizationWithCursorAndFilters) {
  Append(Event("org-a", "contact.created", "c1", R"({"name":"Ada"})"));
  Append(Event("org-a", "deal.created", "d1"));
  Append(Event("org-b", "contact.created", "x"));
  auto [status, body] = Get("org-a", "limit=1");
  ASSERT_EQ(status, 200);
  auto& data = body.at("data").as_array();
  ASSERT_EQ(data.size(), 1u);
  EXPECT_EQ(data[0].at("type").as_string(), "contact.created");
  EXPECT_EQ(data[0].at("payload").at("name").as_string(), "Ada");
  std::string cursor(body.at("next_cursor").as_string());
  auto [s2, page2] = Get("org-a", "limit=1&cursor=" + cursor);
  ASSERT_EQ(s2, 200);
  EXPECT_EQ(page2.at("data").as_array()[0].at("aggregate_id").as_string(), "d1");
  EXPECT_TRUE(page2.at("next_cursor").is_null());

  auto [s3, typed] = Get("org-a", "type=deal.");
  ASSERT_EQ(s3, 200);
  EXPECT_EQ(typed.at("data").as_array().size(), 1u);
  auto [s4, bad] = Get("org-a", "since=yesterday");
  EXPECT_EQ(s4, -static_cast<int>(ErrorCode::kInvalidArgument) - 1);
  auto [s5, other] = Get("org-c", "");
  ASSERT_EQ(s5, 200);
  EXPECT_TRUE(other.at("data").as_array().empty());
  EXPECT_EQ(router_.routes()[0]->isolation, http::Isolation::kCollection);
}

TEST(EventCodecTest, CursorRoundTrips) {
  EXPECT_EQ(api::DecodeEventCursor(api::EncodeEventCursor(42)), 42);
  EXPECT_FALSE(api::DecodeEventCursor("nonsense"));
}

SYNTERA_INSTANTIATE_ENGINE_TEST(EventRoutesTest);

}  // namespace
}  // namespace syntera::events
