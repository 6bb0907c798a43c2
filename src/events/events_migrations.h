#pragma once
// Schema of the events module (module "events"): the `events` outbox (row-level security on
// PostgreSQL: a tenant sees only its organization's events), `event_checkpoints` (one row per
// subscriber) and `event_dead_letters` (deliveries a subscriber gave up on).
// Apply after db::DbMigrations().

#include "db/migrations.h"

namespace syntera::events {

db::ModuleMigrations EventsMigrations();

}  // namespace syntera::events
