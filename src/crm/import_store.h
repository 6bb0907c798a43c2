#pragma once
// SQL for CSV imports (crm_contact_imports, crm_contact_import_errors). Every function
// filters by `org`.

#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "crm/crm_import.h"
#include "db/database.h"

namespace syntera::crm::store {

Result<void> InsertImport(db::Tx& tx, const ContactImport& imp, const std::string& mapping_text,
                          const std::string& csv);
// Without errors; nullopt when not found.
Result<std::optional<ContactImport>> FindImport(db::Tx& tx, const OrgId& org, const ImportId& id);
Result<std::vector<ImportRowError>> ListImportErrors(db::Tx& tx, const OrgId& org,
                                                     const ImportId& id);
// The stored mapping text and CSV.
Result<std::pair<std::string, std::string>> LoadImportInput(db::Tx& tx, const OrgId& org,
                                                            const ImportId& id);
// Counters, status, failure and finished_at; deletes the stored CSV when `clear_csv`.
Result<void> SaveImportState(db::Tx& tx, const ContactImport& imp, bool clear_csv);
Result<void> AppendImportErrors(db::Tx& tx, const OrgId& org, const ImportId& id,
                                const std::vector<ImportRowError>& errors);
Result<Page<ContactImport>> ListImports(db::Tx& tx, const OrgId& org, const PageRequest& page);

}  // namespace syntera::crm::store
