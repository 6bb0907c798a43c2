#include "events/events_migrations.h"

#include <string>

namespace syntera::events {
namespace {

constexpr const char* kSqlite = R"sql(
CREATE TABLE events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  org_id TEXT,
  type TEXT NOT NULL,
  aggregate_type TEXT NOT NULL,
  aggregate_id TEXT NOT NULL,
  payload TEXT NOT NULL,
  occurred_at BIGINT NOT NULL
);
)sql";

constexpr const char* kPostgres = R"sql(
CREATE TABLE events (
  seq BIGSERIAL PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  org_id TEXT,
  type TEXT NOT NULL,
  aggregate_type TEXT NOT NULL,
  aggregate_id TEXT NOT NULL,
  payload TEXT NOT NULL,
  occurred_at BIGINT NOT NULL
);
)sql";

constexpr const char* kCommon = R"sql(
CREATE INDEX events_org_idx ON events (org_id, seq);
CREATE INDEX events_occurred_idx ON events (occurred_at);
CREATE TABLE event_checkpoints (
  subscriber TEXT PRIMARY KEY,
  seq BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE TABLE event_dead_letters (
  subscriber TEXT NOT NULL,
  seq BIGINT NOT NULL,
  event_id TEXT NOT NULL,
  error TEXT NOT NULL,
  attempts BIGINT NOT NULL,
  failed_at BIGINT NOT NULL,
  PRIMARY KEY (subscriber, seq)
);
)sql";

// Who delivers each subscriber right now (Dispatcher: one process at a time).
constexpr const char* kLeases = R"sql(
CREATE TABLE event_subscriber_leases (
  subscriber TEXT PRIMARY KEY,
  owner TEXT NOT NULL,
  lease_until BIGINT NOT NULL
);
)sql";

}  // namespace

db::ModuleMigrations EventsMigrations() {
  db::Migration create;
  create.version = 1;
  create.name = "create_events";
  create.sqlite_sql = std::string(kSqlite) + kCommon;
  create.postgres_sql = std::string(kPostgres) + kCommon + db::PgRowLevelSecuritySql("events");
  db::Migration leases;
  leases.version = 2;
  leases.name = "create_event_subscriber_leases";
  leases.sqlite_sql = kLeases;
  leases.postgres_sql = kLeases;
  return {"events", {create, leases}};
}

}  // namespace syntera::events
