#pragma once
// Schema of the jobs module (module "jobs"): the `jobs` table, which is the queue itself on
// SQLite and PostgreSQL and the job-state table in RabbitMQ mode. Row-level security on
// PostgreSQL (tenants see only their organization's jobs; workers run in system scope).
// Apply after db::DbMigrations().

#include "db/migrations.h"

namespace syntera::jobs {

db::ModuleMigrations JobsMigrations();

}  // namespace syntera::jobs
