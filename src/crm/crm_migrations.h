#pragma once
// The CRM module's tables for both engines. Every table carries org_id (with row-level
// security on PostgreSQL). Contact search: an FTS5 table on SQLite, a GIN index over
// to_tsvector('simple', search_text) on PostgreSQL. Needs the db and auth migrations first
// (syntera_tenant_ok, organizations).

#include "db/migrations.h"

namespace syntera::crm {

// Module "crm". Pass to db::ApplyMigrations after DbMigrations() and AuthMigrations().
db::ModuleMigrations CrmMigrations();

}  // namespace syntera::crm
