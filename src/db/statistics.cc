#include "db/statistics.h"

namespace syntera::db {

Result<void> RefreshStatistics(Database& db) {
  if (db.dialect() != Dialect::kSqlite) return Ok();
  SYN_ASSIGN_OR_RETURN(std::unique_ptr<Tx> tx, db.Begin(Scope::System(), TxMode::kWrite));
  SYN_RETURN_IF_ERROR(tx->ExecScript("PRAGMA analysis_limit=1000; ANALYZE;"));
  return tx->Commit();
}

}  // namespace syntera::db
