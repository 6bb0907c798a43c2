// The admin job routes through the route table.

#include "jobs/api/job_routes.h"

#include <boost/json.hpp>

#include "jobs/jobs_test_support.h"

namespace syntera::jobs {
namespace {

namespace bj = boost::json;

class JobRoutesTest : public JobQueueTest {
 protected:
  void SetUp() override {
    JobQueueTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    AddJobRoutes(router_, queue());
  }
  std::pair<int, bj::value> Call(http::Method method, const std::string& path,
                                 const std::string& org, const std::string& query = "") {
    http::Request req;
    req.method = method;
    req.path = path;
    req.query = query;
    Principal who;
    who.org_id = OrgId(org);
    who.role = Role::kAdmin;
    http::RouteMatch m = router_.Match(method, path);
    EXPECT_NE(m.route, nullptr) << path;
    if (!m.route) return {0, bj::value()};
    EXPECT_EQ(m.route->min_role, Role::kAdmin);
    http::RouteContext ctx{req, &who, m.params};
    auto r = m.route->handler(ctx);
    if (!r.ok()) return {-static_cast<int>(r.error().code) - 1, bj::value()};
    return {r->status, r->body.empty() ? bj::value() : bj::parse(r->body)};
  }
  static int Code(ErrorCode c) { return -static_cast<int>(c) - 1; }
  http::Router router_;
};

TEST_P(JobRoutesTest, AdminCanInspectRetryCancelAndPurgeOwnJobsOnly) {
  auto id = queue().Enqueue("import", R"({"file":"a.csv"})", {.org_id = OrgId("org-a")});
  ASSERT_TRUE(id.ok());
  auto [s1, list] = Call(http::Method::kGet, "/api/v1/admin/jobs", "org-a", "status=queued");
  ASSERT_EQ(s1, 200);
  ASSERT_EQ(list.at("data").as_array().size(), 1u);
  EXPECT_EQ(list.at("data").as_array()[0].at("payload").at("file").as_string(), "a.csv");

  auto [s2, job] = Call(http::Method::kGet, "/api/v1/admin/jobs/" + *id, "org-a");
  ASSERT_EQ(s2, 200);
  EXPECT_EQ(job.at("status").as_string(), "queued");
  EXPECT_EQ(Call(http::Method::kGet, "/api/v1/admin/jobs/" + *id, "org-b").first,
            Code(ErrorCode::kNotFound));
  EXPECT_EQ(Call(http::Method::kPost, "/api/v1/admin/jobs/" + *id + "/cancel", "org-b").first,
            Code(ErrorCode::kNotFound));
  EXPECT_EQ(Call(http::Method::kPost, "/api/v1/admin/jobs/" + *id + "/retry", "org-a").first,
            Code(ErrorCode::kFailedPrecondition));
  auto [s3, cancelled] = Call(http::Method::kPost, "/api/v1/admin/jobs/" + *id + "/cancel", "org-a");
  ASSERT_EQ(s3, 200);
  EXPECT_EQ(cancelled.at("status").as_string(), "cancelled");
  auto [s4, retried] = Call(http::Method::kPost, "/api/v1/admin/jobs/" + *id + "/retry", "org-a");
  ASSERT_EQ(s4, 200);
  EXPECT_EQ(retried.at("status").as_string(), "queued");
  auto [s5, purged] = Call(http::Method::kDelete, "/api/v1/admin/jobs/dead", "org-a");
  ASSERT_EQ(s5, 200);
  EXPECT_EQ(purged.at("deleted").as_int64(), 0);
  EXPECT_EQ(Call(http::Method::kGet, "/api/v1/admin/jobs", "org-a", "status=bogus").first,
            Code(ErrorCode::kInvalidArgument));
  for (const auto& r : router_.routes()) {
    EXPECT_NE(r->isolation, http::Isolation::kUnclassified) << r->path;
    EXPECT_EQ(r->resource, "job");
  }
}

SYNTERA_INSTANTIATE_JOBS_TEST(JobRoutesTest);

}  // namespace
}  // namespace syntera::jobs
