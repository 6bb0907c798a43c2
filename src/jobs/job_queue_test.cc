// One behavioural suite for every JobQueue implementation (SQLite, PostgreSQL, RabbitMQ).

#include <gtest/gtest.h>

#include <atomic>
#include <set>

#include "jobs/job_runner.h"
#include "jobs/jobs_test_support.h"

namespace syntera::jobs {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

const OrgId kOrg("org-a");

EnqueueOptions ForOrg(EnqueueOptions o = {}) {
  o.org_id = kOrg;
  return o;
}

class QueueBehaviourTest : public JobQueueTest {
 protected:
  RunnerOptions FastRetries() {
    RunnerOptions o;
    o.retry.base = milliseconds(200);
    o.retry.max = milliseconds(400);
    return o;
  }
  // Runs due jobs of `queue` until `done` holds or the (real-time) deadline passes.
  template <typename Pred>
  bool RunUntil(JobRunner& runner, const std::string& q, Pred done, seconds deadline = seconds(20)) {
    auto until = std::chrono::steady_clock::now() + deadline;
    while (!done()) {
      if (std::chrono::steady_clock::now() > until) return false;
      auto n = runner.RunOnce(q);
      if (!n.ok()) return false;
      if (*n == 0) std::this_thread::sleep_for(milliseconds(5));  // poll, broker latency
    }
    return true;
  }
  Job Load(const std::string& id) {
    auto j = queue().Inspect(id);
    EXPECT_TRUE(j.ok()) << (j.ok() ? "" : j.error().message);
    return j.ok() ? *j : Job{};
  }
};

TEST_P(QueueBehaviourTest, EnqueuedJobIsDurableAndProcessedOnce) {
  auto id = queue().Enqueue("email", R"({"to":"a@example.com"})", ForOrg());
  ASSERT_TRUE(id.ok()) << id.error().message;
  Job queued = Load(*id);
  EXPECT_EQ(queued.status, JobStatus::kQueued);
  EXPECT_EQ(queued.payload, R"({"to":"a@example.com"})");

  JobRunner runner(backend(), clock_, random_, logger(), nullptr, FastRetries());
  std::atomic<int> runs{0};
  runner.Register("email", {}, [&](JobContext& ctx) -> Result<void> {
    EXPECT_EQ(ctx.payload(), R"({"to":"a@example.com"})");
    EXPECT_EQ(ctx.attempt(), 1);
    ++runs;
    return Ok();
  });
  ASSERT_TRUE(RunUntil(runner, "email", [&] { return Load(*id).status == JobStatus::kSucceeded; }));
  Job done = Load(*id);
  EXPECT_EQ(done.attempts, 1);
  EXPECT_EQ(done.progress, 100);
  EXPECT_TRUE(done.finished_at.has_value());
  EXPECT_EQ(runs.load(), 1);
}

TEST_P(QueueBehaviourTest, IdempotencyKeyReturnsTheFirstJob) {
  auto o = ForOrg();
  o.idempotency_key = "import-42";
  auto a = queue().Enqueue("import", "{}", o);
  auto b = queue().Enqueue("import", R"({"other":true})", o);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(*a, *b);
  auto c = queue().Enqueue("other-queue", "{}", o);
  ASSERT_TRUE(c.ok());
  EXPECT_NE(*a, *c);
  auto bad = queue().Enqueue("Bad Queue!", "{}", o);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
}

TEST_P(QueueBehaviourTest, DelayedJobRunsOnlyWhenDue) {
  auto o = ForOrg();
  o.delay = milliseconds(1500);
  auto id = queue().Enqueue("later", "{}", o);
  ASSERT_TRUE(id.ok());
  JobRunner runner(backend(), clock_, random_, logger(), nullptr);
  std::atomic<int> runs{0};
  runner.Register("later", {}, [&](JobContext&) -> Result<void> {
    ++runs;
    return Ok();
  });
  auto n = runner.RunOnce("later");
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(runs.load(), 0);
  Pass(milliseconds(1600));
  ASSERT_TRUE(RunUntil(runner, "later", [&] { return runs.load() == 1; }));
}

TEST_P(QueueBehaviourTest, FailuresRetryWithBackoffThenDeadLetterWithLastError) {
  auto o = ForOrg();
  o.max_attempts = 3;
  auto id = queue().Enqueue("flaky", "{}", o);
  ASSERT_TRUE(id.ok());
  JobRunner runner(backend(), clock_, random_, logger(), nullptr, FastRetries());
  std::atomic<int> runs{0};
  runner.Register("flaky", {}, [&](JobContext& ctx) -> Result<void> {
    ++runs;
    return Unavailable("smtp down (attempt " + std::to_string(ctx.attempt()) + ")");
  });
  ASSERT_TRUE(RunUntil(runner, "flaky", [&] { return runs.load() == 1; }));
  Job after_first = Load(*id);
  EXPECT_EQ(after_first.status, JobStatus::kQueued);
  EXPECT_EQ(after_first.last_error, "smtp down (attempt 1)");
  EXPECT_GE(after_first.run_at, clock_.Now() + milliseconds(100));  // backoff with jitter
  EXPECT_LE(after_first.run_at, clock_.Now() + milliseconds(200));
  for (int i = 0; i < 2; ++i) {
    Pass(milliseconds(450));
    ASSERT_TRUE(RunUntil(runner, "flaky", [&] { return runs.load() == 2 + i; }));
  }
  ASSERT_TRUE(RunUntil(runner, "flaky", [&] { return Load(*id).status == JobStatus::kDead; }));
  Job dead = Load(*id);
  EXPECT_EQ(dead.attempts, 3);
  EXPECT_EQ(dead.last_error, "smtp down (attempt 3)");
  EXPECT_EQ(runs.load(), 3);

  // Admin retry gives it fresh attempts; purge removes dead jobs.
  auto retried = queue().Retry(kOrg, *id);
  ASSERT_TRUE(retried.ok()) << retried.error().message;
  EXPECT_EQ(retried->status, JobStatus::kQueued);
  EXPECT_EQ(retried->attempts, 0);
  ASSERT_TRUE(RunUntil(runner, "flaky", [&] { return runs.load() == 4; }));
  auto not_dead = queue().Retry(kOrg, *id);
  EXPECT_FALSE(not_dead.ok());
}

TEST_P(QueueBehaviourTest, PermanentErrorIsDeadAtOnceAndPurgeable) {
  auto id = queue().Enqueue("parse", "{}", ForOrg());
  auto other = queue().Enqueue("parse", "{}", {.org_id = OrgId("org-b")});
  ASSERT_TRUE(id.ok() && other.ok());
  JobRunner runner(backend(), clock_, random_, logger(), nullptr);
  runner.Register("parse", {}, [&](JobContext&) -> Result<void> {
    return InvalidArgument("payload is not a CSV");
  });
  ASSERT_TRUE(RunUntil(runner, "parse", [&] {
    return Load(*id).status == JobStatus::kDead && Load(*other).status == JobStatus::kDead;
  }));
  EXPECT_EQ(Load(*id).attempts, 1);
  auto purged = queue().PurgeDead(kOrg, "");
  ASSERT_TRUE(purged.ok());
  EXPECT_EQ(*purged, 1);
  EXPECT_FALSE(queue().Inspect(*id).ok());
  EXPECT_TRUE(queue().Inspect(*other).ok());  // another organization's dead job stays
}

TEST_P(QueueBehaviourTest, JobOfADeadWorkerIsRedeliveredAfterItsLease) {
  auto o = ForOrg();
  o.timeout = milliseconds(800);
  auto id = queue().Enqueue("ingest", "{}", o);
  ASSERT_TRUE(id.ok());
  // A worker takes the job and dies without finishing it.
  std::vector<LeasedJob> taken;
  auto until = std::chrono::steady_clock::now() + seconds(20);
  while (taken.empty() && std::chrono::steady_clock::now() < until) {
    auto l = backend().Lease("ingest", 1);
    ASSERT_TRUE(l.ok()) << l.error().message;
    taken = *l;
  }
  ASSERT_EQ(taken.size(), 1u);
  EXPECT_EQ(Load(*id).status, JobStatus::kRunning);

  Pass(milliseconds(900));
  auto reaped = backend().ReapExpired();
  ASSERT_TRUE(reaped.ok()) << reaped.error().message;
  JobRunner runner(backend(), clock_, random_, logger(), nullptr);
  std::atomic<int> runs{0};
  runner.Register("ingest", {}, [&](JobContext& ctx) -> Result<void> {
    EXPECT_EQ(ctx.attempt(), 2);
    ++runs;
    return Ok();
  });
  ASSERT_TRUE(RunUntil(runner, "ingest", [&] { return Load(*id).status == JobStatus::kSucceeded; }));
  EXPECT_EQ(runs.load(), 1);
  // The dead worker's late completion is fenced off.
  backend().Complete(taken[0]);
  ASSERT_TRUE(backend().Flush().ok());
  EXPECT_EQ(Load(*id).attempts, 2);
}

TEST_P(QueueBehaviourTest, ProgressIsVisibleAndCancelStopsARunningJob) {
  auto id = queue().Enqueue("report", "{}", ForOrg());
  ASSERT_TRUE(id.ok());
  JobRunner runner(backend(), clock_, random_, logger(), nullptr);
  Result<void> after_cancel = Ok();
  runner.Register("report", {}, [&](JobContext& ctx) -> Result<void> {
    EXPECT_TRUE(ctx.ReportProgress(40, "rows 400/1000").ok());
    auto seen = queue().Get(kOrg, ctx.job().id);
    EXPECT_TRUE(seen.ok());
    if (seen.ok()) {
      EXPECT_EQ(seen->progress, 40);
      EXPECT_EQ(seen->progress_message, "rows 400/1000");
      EXPECT_EQ(seen->status, JobStatus::kRunning);
    }
    EXPECT_TRUE(queue().Cancel(kOrg, ctx.job().id).ok());
    after_cancel = ctx.ReportProgress(50, "");
    return after_cancel;
  });
  ASSERT_TRUE(RunUntil(runner, "report", [&] { return !after_cancel.ok(); }));
  EXPECT_EQ(after_cancel.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(Load(*id).status, JobStatus::kCancelled);

  // A queued job that is cancelled never runs.
  auto later = queue().Enqueue("report", "{}", ForOrg());
  ASSERT_TRUE(later.ok());
  auto cancelled = queue().Cancel(kOrg, *later);
  ASSERT_TRUE(cancelled.ok());
  EXPECT_EQ(cancelled->status, JobStatus::kCancelled);
  EXPECT_FALSE(queue().Cancel(kOrg, *later).ok());
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(runner.RunOnce("report").ok());
  EXPECT_EQ(Load(*later).status, JobStatus::kCancelled);
  EXPECT_EQ(Load(*later).attempts, 0);
}

TEST_P(QueueBehaviourTest, AdminViewIsScopedToTheOrganization) {
  std::vector<std::string> mine;
  for (int i = 0; i < 5; ++i) {
    auto id = queue().Enqueue(i % 2 ? "a" : "b", "{}", ForOrg());
    ASSERT_TRUE(id.ok());
    mine.push_back(*id);
  }
  auto foreign = queue().Enqueue("a", "{}", {.org_id = OrgId("org-b")});
  auto system = queue().Enqueue("a", "{}", {});
  ASSERT_TRUE(foreign.ok() && system.ok());

  EXPECT_EQ(queue().Get(kOrg, *foreign).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(queue().Get(kOrg, *system).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(queue().Cancel(kOrg, *foreign).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(queue().Retry(kOrg, *system).error().code, ErrorCode::kNotFound);
  EXPECT_FALSE(queue().Get(OrgId(), *system).ok());

  std::set<std::string> listed;
  JobFilter f{.limit = 2};
  while (true) {
    auto page = queue().List(kOrg, f);
    ASSERT_TRUE(page.ok());
    for (const Job& j : page->items) listed.insert(j.id);
    if (!page->next_after) break;
    f.after_id = *page->next_after;
  }
  EXPECT_EQ(listed, std::set<std::string>(mine.begin(), mine.end()));
  auto only_a = queue().List(kOrg, {.queue = "a", .status = JobStatus::kQueued});
  ASSERT_TRUE(only_a.ok());
  EXPECT_EQ(only_a->items.size(), 2u);
  auto depth = queue().Depth("a");
  ASSERT_TRUE(depth.ok());
  EXPECT_EQ(*depth, 4);
}

TEST_P(QueueBehaviourTest, StartedRunnerRespectsConcurrencyAndDrainsOnStop) {
  constexpr int kJobs = 120;
  JobRunner runner(backend(), clock_, random_, logger(), nullptr,
                   RunnerOptions{.poll_interval = milliseconds(20)});
  std::atomic<int> running{0}, peak{0}, done{0};
  runner.Register("thumbs", {.concurrency = 3}, [&](JobContext&) -> Result<void> {
    int now = ++running;
    int p = peak.load();
    while (now > p && !peak.compare_exchange_weak(p, now)) {}
    std::this_thread::sleep_for(milliseconds(1));  // simulated work
    --running;
    ++done;
    return Ok();
  });
  ASSERT_TRUE(runner.Start().ok());
  std::vector<std::thread> producers;
  std::atomic<int> enqueue_failures{0};
  for (int t = 0; t < 4; ++t) {
    producers.emplace_back([&] {
      for (int i = 0; i < kJobs / 4; ++i) {
        if (!queue().Enqueue("thumbs", "{}", ForOrg()).ok()) ++enqueue_failures;
      }
    });
  }
  for (auto& p : producers) p.join();
  ASSERT_EQ(enqueue_failures.load(), 0);
  auto until = std::chrono::steady_clock::now() + seconds(60);
  while (done.load() < kJobs && std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(milliseconds(5));
  }
  EXPECT_TRUE(runner.Stop(seconds(10)));
  EXPECT_EQ(done.load(), kJobs);
  EXPECT_LE(peak.load(), 3);
  auto depth = queue().Depth("thumbs");
  ASSERT_TRUE(depth.ok());
  EXPECT_EQ(*depth, 0);
}

TEST_P(QueueBehaviourTest, StopGivesBackAJobStillRunningAtTheDeadline) {
  auto id = queue().Enqueue("slow", "{}", ForOrg());
  ASSERT_TRUE(id.ok());
  JobRunner runner(backend(), clock_, random_, logger(), nullptr,
                   RunnerOptions{.poll_interval = milliseconds(20)});
  std::atomic<bool> started{false}, release{false};
  runner.Register("slow", {.concurrency = 1}, [&](JobContext&) -> Result<void> {
    started = true;
    while (!release.load()) std::this_thread::sleep_for(milliseconds(1));
    return Ok();
  });
  ASSERT_TRUE(runner.Start().ok());
  auto until = std::chrono::steady_clock::now() + seconds(20);
  while (!started.load() && std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(milliseconds(2));
  }
  ASSERT_TRUE(started.load());
  std::thread unblock([&] {
    std::this_thread::sleep_for(milliseconds(300));  // after Stop's deadline
    release = true;
  });
  EXPECT_FALSE(runner.Stop(milliseconds(50)));
  unblock.join();
  Job j = Load(*id);
  EXPECT_EQ(j.status, JobStatus::kQueued);  // will run again; the late success was fenced
  EXPECT_EQ(j.last_error, "shutdown deadline exceeded");
}

// Completions are committed together (SQL: a few statements for hundreds of jobs); each still
// honours its own fence, so a job cancelled meanwhile stays cancelled.
TEST_P(QueueBehaviourTest, ManyCompletionsCommitTogetherAndKeepTheirFences) {
  // SQL: more than one statement's worth; a broker delivers at most its prefetch (64) unacked.
  const int kJobs = broker() ? 60 : 300;
  std::vector<EnqueueRequest> requests(kJobs, EnqueueRequest{"bulk", "{}", ForOrg()});
  auto ids = queue().EnqueueBatch(std::move(requests));
  ASSERT_TRUE(ids.ok()) << ids.error().message;
  std::vector<LeasedJob> leases;
  auto until = std::chrono::steady_clock::now() + seconds(20);
  while (static_cast<int>(leases.size()) < kJobs && std::chrono::steady_clock::now() < until) {
    auto got = backend().Lease("bulk", kJobs);
    ASSERT_TRUE(got.ok()) << got.error().message;
    for (LeasedJob& l : *got) leases.push_back(std::move(l));
    if (got->empty()) std::this_thread::sleep_for(milliseconds(5));  // broker delivery
  }
  ASSERT_EQ(static_cast<int>(leases.size()), kJobs);
  const std::string cancelled = leases[7].job.id;
  ASSERT_TRUE(queue().Cancel(kOrg, cancelled).ok());
  for (const LeasedJob& l : leases) backend().Complete(l);
  ASSERT_TRUE(backend().Flush().ok());
  int succeeded = 0;
  for (const LeasedJob& l : leases) {
    Job j = Load(l.job.id);
    if (l.job.id == cancelled) {
      EXPECT_EQ(j.status, JobStatus::kCancelled);
    } else {
      succeeded += j.status == JobStatus::kSucceeded;
      EXPECT_EQ(j.progress, 100);
      EXPECT_TRUE(j.finished_at.has_value());
    }
  }
  EXPECT_EQ(succeeded, kJobs - 1);
}

SYNTERA_INSTANTIATE_JOBS_TEST(QueueBehaviourTest);

}  // namespace
}  // namespace syntera::jobs
