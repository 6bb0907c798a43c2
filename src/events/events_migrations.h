#pragma once
// Schema of the events module (module "events"): the `events` outbox (row-level security on
// PostgreSQL: a tenant sees only its organization's events), `event_checkpoints` (one row per
// subscriber), `event_dead_letters` (deliveries a subscriber gave up on) and
// `event_subscriber_leases` (which dispatcher process delivers a subscriber now).
// Apply after db::DbMigrations().

#include "db/migrations.h"

namespace syntera::events {

db::ModuleMigrations EventsMigrations();

}  // namespace syntera::events
