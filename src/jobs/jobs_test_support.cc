#include "jobs/jobs_test_support.h"

#include <cstdlib>

#include "db/migrations.h"
#include "jobs/jobs_migrations.h"
#include "jobs/rabbitmq_job_queue.h"
#include "jobs/sql_job_queue.h"

namespace syntera::jobs {

std::string BackendName(const ::testing::TestParamInfo<Backend>& info) {
  switch (info.param) {
    case Backend::kSqlite: return "sqlite";
    case Backend::kPostgres: return "postgres";
    case Backend::kRabbitMq: return "rabbitmq";
  }
  return "unknown";
}

Result<QueueUnderTest> MakeQueueUnderTest(Backend backend, const Clock& clock, Random& random) {
  QueueUnderTest q;
  q.logger = obs::NullLogger();
  const char* amqp = std::getenv(kTestAmqpUrlEnv);
  if (backend == Backend::kPostgres && !db::TestDatabase::PostgresConfigured()) {
    return FailedPrecondition(std::string("PostgreSQL not configured: set ") + db::kTestPgUrlEnv +
                              " (scripts/pg-test-server start prints one)");
  }
  if (backend == Backend::kRabbitMq && (amqp == nullptr || *amqp == '\0')) {
    return FailedPrecondition(std::string("RabbitMQ not configured: set ") + kTestAmqpUrlEnv +
                              " (scripts/rabbitmq-test-server start prints one)");
  }
  auto dialect = backend == Backend::kPostgres ? db::Dialect::kPostgres : db::Dialect::kSqlite;
  SYN_ASSIGN_OR_RETURN(q.database, db::TestDatabase::Create(dialect));
  SYN_RETURN_IF_ERROR(
      db::ApplyMigrations(q.database->db(), {db::DbMigrations(), JobsMigrations()}));
  if (backend == Backend::kRabbitMq) {
    AmqpOptions o;
    o.url = amqp;
    // Fresh queue names per test, so tests never see each other's messages.
    std::array<uint8_t, 6> salt{};
    random.Fill(salt);
    static std::atomic<int> counter{0};
    o.prefix = "t" + std::to_string(::getpid()) + "_" + std::to_string(++counter) + "_" +
               std::to_string(salt[0]);
    o.auto_delete_queues = true;
    auto rmq = std::make_shared<RabbitMqJobQueue>(q.database->db(), clock, random, *q.logger, o);
    SYN_RETURN_IF_ERROR(rmq->Connect());
    q.queue = rmq.get();
    q.backend = rmq.get();
    q.owner = rmq;
    q.broker = true;
    return q;
  }
  auto sql = std::make_shared<SqlJobQueue>(q.database->db(), clock, random);
  q.queue = sql.get();
  q.backend = sql.get();
  q.owner = sql;
  return q;
}

void JobQueueTest::SetUp() {
  auto made = MakeQueueUnderTest(GetParam(), clock_, random_);
  if (!made.ok() && made.error().code == ErrorCode::kFailedPrecondition &&
      made.error().message.find("not configured") != std::string::npos) {
    GTEST_SKIP() << made.error().message;
  }
  ASSERT_TRUE(made.ok()) << made.error().message;
  q_ = std::move(*made);
}

}  // namespace syntera::jobs
