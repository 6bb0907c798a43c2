#pragma once
// Query-planner statistics. SQLite has none until ANALYZE runs, and without them it may pick an
// index that scans a whole organization (measured in bench/crm: 500 ms instead of 5 ms).
// RefreshStatistics runs a bounded ANALYZE (analysis_limit: a sample of each index, so it costs
// milliseconds even at millions of rows); the application calls it at start and hourly.
// PostgreSQL keeps its own statistics (autovacuum): a no-op there.

#include "base/result.h"
#include "db/database.h"

namespace syntera::db {

Result<void> RefreshStatistics(Database& db);

}  // namespace syntera::db
