#pragma once
// CSV contact import: maps CSV columns to contact fields, validates every row with the
// service's rules (CrmService::ImportContactBatch), writes good rows in batches of
// kImportBatchRows per transaction, and records per-row errors {line, reason} (the first
// kMaxStoredImportErrors are stored, all are counted).
//
// An import is a row of crm_contact_imports (status queued → running → succeeded | failed)
// holding the CSV text; CreateImport stores it and calls the `enqueue` hook (the job glue in
// crm_jobs.h enqueues a "crm.import" job); RunImport is what the job runs. Each batch commits
// together with the import's counters, so a re-run after a crash resumes after the last
// committed batch (at-least-once jobs, exactly-once rows).
// Thread-safety: all methods may be called concurrently.

#include <functional>
#include <istream>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/principal.h"
#include "base/random.h"
#include "base/result.h"
#include "crm/crm_service.h"
#include "crm/crm_types.h"
#include "db/database.h"

namespace syntera::crm {

using ImportId = TypedId<struct ImportIdTag>;

inline constexpr int kImportBatchRows = 500;
inline constexpr size_t kMaxStoredImportErrors = 1000;
inline constexpr size_t kMaxImportCsvBytes = 50u * 1024 * 1024;

enum class ImportStatus { kQueued, kRunning, kSucceeded, kFailed };
std::string_view ImportStatusName(ImportStatus s);

struct ImportRowError {
  int64_t line = 0;  // physical line where the record starts (the header is line 1)
  std::string reason;
};

// Column header → target. Targets: first_name, last_name, email, phone, company_id,
// job_title, lifecycle (alias lifecycle_stage), source, tags (';' or ','-separated),
// owner_id, marketing_consent, data_processing_consent, cf:<custom field key>, or "" to
// ignore the column. CSV columns not in the mapping are ignored.
using ImportMapping = std::map<std::string, std::string>;
// The first problem of `mapping` as a field error ("mapping.<header>"), or nullopt.
std::optional<FieldError> MappingProblem(const ImportMapping& mapping);

struct ImportCounts {
  int64_t total_rows = 0;  // data records in the CSV (blank lines excluded)
  int64_t processed_rows = 0;
  int64_t imported = 0;
  int64_t updated = 0;
  int64_t skipped = 0;      // duplicates with on_duplicate skip
  int64_t failed_rows = 0;  // all failed rows (errors holds at most kMaxStoredImportErrors)
};

struct ContactImport {
  ImportId id;
  OrgId org_id;
  ImportStatus status = ImportStatus::kQueued;
  OnDuplicate on_duplicate = OnDuplicate::kConflict;  // kConflict = skip
  ImportCounts counts;
  std::vector<ImportRowError> errors;  // skipped and failed rows, by line (filled by Get)
  std::string failure;                 // kFailed: why the whole import failed
  std::optional<UserId> created_by;
  Timestamp created_at;
  std::optional<Timestamp> finished_at;
  int progress() const {
    return counts.total_rows == 0 ? (status == ImportStatus::kSucceeded ? 100 : 0)
                                  : static_cast<int>(counts.processed_rows * 100 / counts.total_rows);
  }
};

struct ImportRequest {
  std::string csv;
  ImportMapping mapping;
  OnDuplicate on_duplicate = OnDuplicate::kConflict;  // kConflict = skip with a reason
};

// Called after each committed batch with the counts so far (percent 0..100, monotonic).
// An error stops the import (it stays resumable).
using ImportProgress = std::function<Result<void>(const ImportCounts&, int percent)>;
// Schedules RunImport for the import (the job glue); empty in tests that run it directly.
using ImportEnqueue = std::function<Result<void>(const OrgId& org, const ImportId& id)>;

class CrmImporter {
 public:
  // All references must outlive the importer.
  CrmImporter(db::Database& db, const Clock& clock, Random& random, CrmService& service,
              ImportEnqueue enqueue = {});
  void set_enqueue(ImportEnqueue enqueue) { enqueue_ = std::move(enqueue); }

  // Member+. Stores the CSV (≤ kMaxImportCsvBytes) as a queued import and enqueues it.
  // Errors: kInvalidArgument (csv empty or too big, mapping, header without a mapped column).
  Result<ContactImport> CreateImport(const Principal& who, const ImportRequest& request);
  // Viewer+. With its stored errors. kNotFound for another organization's import.
  Result<ContactImport> GetImport(const Principal& who, const ImportId& id);
  // Newest first, without errors.
  Result<Page<ContactImport>> ListImports(const Principal& who, const PageRequest& page);

  // Runs a stored import (the job handler). Succeeded imports return at once; a running
  // one resumes after its last committed batch. A malformed CSV marks the import failed
  // and returns kInvalidArgument (permanent).
  Result<ContactImport> RunImport(const OrgId& org, const ImportId& id,
                                  const ImportProgress& progress = {});

  // The import itself over a stream, without an import row: the header row then records.
  // `errors` receives up to kMaxStoredImportErrors rows. Errors: kInvalidArgument for a
  // malformed CSV or mapping (rows of committed batches stay).
  Result<ImportCounts> ImportCsv(const Principal& who, std::istream& in,
                                 const ImportMapping& mapping, OnDuplicate on_duplicate,
                                 std::vector<ImportRowError>& errors,
                                 const ImportProgress& progress = {});

 private:
  struct Run;
  Result<ImportCounts> Execute(const Principal& who, std::istream& in, const ImportMapping& mapping,
                               OnDuplicate on_duplicate, int64_t total_rows, ImportCounts start,
                               std::vector<ImportRowError>& errors, const ImportProgress& progress,
                               ContactImport* import_row);

  db::Database& db_;
  const Clock& clock_;
  Random& random_;
  CrmService& service_;
  ImportEnqueue enqueue_;
};

}  // namespace syntera::crm
