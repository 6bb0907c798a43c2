#include "jobs/jobs_migrations.h"

#include <string>

namespace syntera::jobs {
namespace {

constexpr const char* kCreate = R"sql(
CREATE TABLE jobs (
  id TEXT PRIMARY KEY,
  queue TEXT NOT NULL,
  org_id TEXT,
  payload TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'dead', 'cancelled')),
  priority BIGINT NOT NULL,
  attempts BIGINT NOT NULL,
  max_attempts BIGINT NOT NULL,
  timeout_ms BIGINT NOT NULL,
  run_at BIGINT NOT NULL,
  lease_until BIGINT,
  idempotency_key TEXT,
  last_error TEXT NOT NULL,
  progress BIGINT NOT NULL,
  progress_message TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  finished_at BIGINT
);
CREATE UNIQUE INDEX jobs_idempotency_idx ON jobs (queue, idempotency_key);
CREATE INDEX jobs_due_idx ON jobs (queue, status, priority DESC, run_at);
CREATE INDEX jobs_lease_idx ON jobs (status, lease_until);
CREATE INDEX jobs_org_idx ON jobs (org_id, id);
)sql";

}  // namespace

db::ModuleMigrations JobsMigrations() {
  db::Migration create;
  create.version = 1;
  create.name = "create_jobs";
  create.sqlite_sql = kCreate;
  create.postgres_sql = std::string(kCreate) + db::PgRowLevelSecuritySql("jobs");
  return {"jobs", {create}};
}

}  // namespace syntera::jobs
