#include "crm/import_store.h"

#include "crm/store_util.h"

namespace syntera::crm::store {
namespace {

constexpr std::string_view kColumns =
    "SELECT id, org_id, status, on_duplicate, total_rows, processed_rows, imported, updated, "
    "skipped, failed_rows, failure, created_by, created_at, finished_at "
    "FROM crm_contact_imports ";

ImportStatus StatusOf(const std::string& s) {
  if (s == "running") return ImportStatus::kRunning;
  if (s == "succeeded") return ImportStatus::kSucceeded;
  if (s == "failed") return ImportStatus::kFailed;
  return ImportStatus::kQueued;
}

ContactImport ImportAt(const db::Row& r) {
  ContactImport i;
  i.id = ImportId(r.Text("id"));
  i.org_id = OrgId(r.Text("org_id"));
  i.status = StatusOf(r.Text("status"));
  i.on_duplicate =
      r.Text("on_duplicate") == "update" ? OnDuplicate::kUpdateExisting : OnDuplicate::kConflict;
  i.counts.total_rows = r.Int("total_rows");
  i.counts.processed_rows = r.Int("processed_rows");
  i.counts.imported = r.Int("imported");
  i.counts.updated = r.Int("updated");
  i.counts.skipped = r.Int("skipped");
  i.counts.failed_rows = r.Int("failed_rows");
  i.failure = r.Text("failure");
  i.created_by = OptIdAt<UserId>(r, "created_by");
  i.created_at = TimeAt(r, "created_at");
  i.finished_at = OptTimeAt(r, "finished_at");
  return i;
}

db::Value Str(std::string s) { return db::Text(std::move(s)); }

Result<void> Done(Result<int64_t> r) {
  if (!r.ok()) return r.error();
  return Ok();
}

}  // namespace

Result<void> InsertImport(db::Tx& tx, const ContactImport& i, const std::string& mapping_text,
                          const std::string& csv) {
  SYN_RETURN_IF_ERROR(tx.Exec(
      "INSERT INTO crm_contact_imports (id, org_id, status, on_duplicate, mapping, "
      "total_rows, processed_rows, imported, updated, skipped, failed_rows, failure, "
      "created_by, created_at, finished_at) VALUES (?, ?, ?, ?, ?, 0, 0, 0, 0, 0, 0, '', ?, "
      "?, NULL)",
      {Str(i.id.str()), Str(i.org_id.str()), Str(std::string(ImportStatusName(i.status))),
       Str(i.on_duplicate == OnDuplicate::kUpdateExisting ? "update" : "skip"),
       Str(mapping_text), OptIdValue(i.created_by), TimeValue(i.created_at)}));
  return Done(tx.Exec(
      "INSERT INTO crm_contact_import_files (import_id, org_id, csv_text) VALUES (?, ?, ?)",
      {Str(i.id.str()), Str(i.org_id.str()), Str(csv)}));
}

Result<std::optional<ContactImport>> FindImport(db::Tx& tx, const OrgId& org,
                                                const ImportId& id) {
  SYN_ASSIGN_OR_RETURN(db::Rows rows, tx.Query(std::string(kColumns) +
                                                   "WHERE org_id = ? AND id = ?",
                                               {Str(org.str()), Str(id.str())}));
  if (rows.empty()) return std::optional<ContactImport>();
  return std::optional<ContactImport>(ImportAt(rows[0]));
}

Result<std::vector<ImportRowError>> ListImportErrors(db::Tx& tx, const OrgId& org,
                                                     const ImportId& id) {
  SYN_ASSIGN_OR_RETURN(db::Rows rows,
                       tx.Query("SELECT line, reason FROM crm_contact_import_errors "
                                "WHERE org_id = ? AND import_id = ? ORDER BY line",
                                {Str(org.str()), Str(id.str())}));
  std::vector<ImportRowError> out;
  for (const auto& r : rows) out.push_back({r.Int(0), r.Text(1)});
  return out;
}

Result<std::pair<std::string, std::string>> LoadImportInput(db::Tx& tx, const OrgId& org,
                                                            const ImportId& id) {
  SYN_ASSIGN_OR_RETURN(db::Rows rows,
                       tx.Query("SELECT i.mapping, f.csv_text FROM crm_contact_imports i "
                                "JOIN crm_contact_import_files f ON f.import_id = i.id "
                                "WHERE i.org_id = ? AND i.id = ?",
                                {Str(org.str()), Str(id.str())}));
  if (rows.empty()) return NotFound("import not found");
  return std::make_pair(rows[0].Text(0), rows[0].Text(1));
}

Result<void> SaveImportState(db::Tx& tx, const ContactImport& i, bool clear_csv) {
  if (clear_csv) {
    SYN_RETURN_IF_ERROR(
        tx.Exec("DELETE FROM crm_contact_import_files WHERE org_id = ? AND import_id = ?",
                {Str(i.org_id.str()), Str(i.id.str())}));
  }
  return Done(tx.Exec("UPDATE crm_contact_imports SET status = ?, total_rows = ?, "
                      "processed_rows = ?, imported = ?, updated = ?, skipped = ?, "
                      "failed_rows = ?, failure = ? , finished_at = ? WHERE org_id = ? AND id = ?",
                 {Str(std::string(ImportStatusName(i.status))), db::Int(i.counts.total_rows),
                  db::Int(i.counts.processed_rows), db::Int(i.counts.imported),
                  db::Int(i.counts.updated), db::Int(i.counts.skipped),
                  db::Int(i.counts.failed_rows), Str(i.failure), OptTimeValue(i.finished_at),
                  Str(i.org_id.str()), Str(i.id.str())}));
}

Result<void> AppendImportErrors(db::Tx& tx, const OrgId& org, const ImportId& id,
                                const std::vector<ImportRowError>& errors) {
  for (const auto& e : errors) {
    SYN_RETURN_IF_ERROR(tx.Exec(
        "INSERT INTO crm_contact_import_errors (org_id, import_id, line, reason) "
        "VALUES (?, ?, ?, ?)",
        {Str(org.str()), Str(id.str()), db::Int(e.line), Str(e.reason)}));
  }
  return Ok();
}

Result<Page<ContactImport>> ListImports(db::Tx& tx, const OrgId& org, const PageRequest& page) {
  std::string where = "WHERE org_id = ?";
  std::vector<db::Value> params = {Str(org.str())};
  if (!page.cursor.empty()) {
    where += " AND id < ?";
    params.push_back(Str(page.cursor));
  }
  params.push_back(db::Int(page.limit + 1));
  SYN_ASSIGN_OR_RETURN(db::Rows rows,
                       tx.Query(std::string(kColumns) + where + " ORDER BY id DESC LIMIT ?", params));
  Page<ContactImport> out;
  for (const auto& r : rows) out.items.push_back(ImportAt(r));
  if (out.items.size() > static_cast<size_t>(page.limit)) {
    out.items.resize(static_cast<size_t>(page.limit));
    out.next_cursor = out.items.back().id.str();
  }
  return out;
}

}  // namespace syntera::crm::store
