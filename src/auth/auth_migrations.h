#pragma once
// The auth module's tables (identity and tenancy), for both engines. On PostgreSQL every table
// holding tenant data has row-level security keyed on syntera_tenant_ok(org_id) (the function
// comes from the db module's own migration, which must run first).

#include "db/migrations.h"

namespace syntera::auth {

// Module "auth". Pass to db::ApplyMigrations after the db module's migrations.
db::ModuleMigrations AuthMigrations();

}  // namespace syntera::auth
