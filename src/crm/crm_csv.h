#pragma once
// RFC 4180 CSV for contact import and export: a streaming reader (quoted fields, "" escapes,
// CRLF or LF, newlines inside quotes, a leading UTF-8 BOM) and the writer side (quoting,
// formula-injection guard), plus the contact <-> CSV row mapping shared by export and tests.
// No SQL, no JSON.

#include <istream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "crm/crm_types.h"

namespace syntera::crm {

// Reads records one at a time from a stream; memory is bounded by the longest record.
class CsvReader {
 public:
  explicit CsvReader(std::istream& in) : in_(in) {}
  // Reads the next record into `fields`; false at end of input. `line` is the 1-based
  // physical line the record starts on. Errors: kInvalidArgument for a quote that is never
  // closed, or a quote inside an unquoted field / text after a closing quote.
  Result<bool> Next(std::vector<std::string>& fields, int64_t& line);
  // Bytes consumed so far (for progress).
  int64_t bytes_read() const { return bytes_; }

 private:
  int Get();
  int Peek();
  std::istream& in_;
  int64_t line_ = 1;
  int64_t bytes_ = 0;
  bool started_ = false;
};

// One cell, quoted when needed (comma, quote, CR, LF, leading/trailing space). With
// `formula_safe`, a cell starting with = + - @ (or TAB/CR) gets a leading ' so spreadsheets
// do not evaluate it.
std::string CsvCell(std::string_view value, bool formula_safe = true);
// Appends `cells` as one CRLF-terminated record.
void AppendCsvRecord(std::string& out, const std::vector<std::string>& cells,
                     bool formula_safe = true);
// Undoes the formula guard of an exported cell ("'+44…" → "+44…").
std::string_view StripFormulaGuard(std::string_view cell);

// Export columns: id, first_name, last_name, email, phone, company_id, job_title,
// lifecycle_stage, source, tags (';'-joined), owner_id, created_at (RFC 3339 UTC), then
// cf:<key> per custom field key.
std::vector<std::string> ContactCsvHeader(const std::vector<std::string>& custom_keys);
std::vector<std::string> ContactCsvRow(const Contact& contact,
                                       const std::vector<std::string>& custom_keys);

}  // namespace syntera::crm
