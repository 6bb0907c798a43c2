#include "crm/crm_import.h"

#include <algorithm>
#include <cstdlib>
#include <sstream>

#include "base/encoding.h"
#include "base/ids.h"
#include "crm/crm_csv.h"
#include "crm/import_store.h"

namespace syntera::crm {
namespace {

const char* const kTargets[] = {"first_name", "last_name", "email", "phone", "company_id",
                                "job_title", "lifecycle", "lifecycle_stage", "source", "tags",
                                "owner_id", "marketing_consent", "data_processing_consent"};

bool KnownTarget(const std::string& t) {
  if (t.empty()) return true;
  if (t.rfind("cf:", 0) == 0) return t.size() > 3;
  return std::find(std::begin(kTargets), std::end(kTargets), t) != std::end(kTargets);
}

std::optional<bool> ParseBoolCell(std::string_view v) {
  std::string s = ToLowerAscii(std::string(v));
  if (s == "true" || s == "yes" || s == "1" || s == "y") return true;
  if (s == "false" || s == "no" || s == "0" || s == "n") return false;
  return std::nullopt;
}

bool IsNumber(const std::string& s) {
  if (s.empty()) return false;
  char* end = nullptr;
  std::strtod(s.c_str(), &end);
  return end == s.c_str() + s.size();
}

bool Blank(const std::vector<std::string>& rec) {
  return std::all_of(rec.begin(), rec.end(), [](const std::string& f) { return f.empty(); });
}

// One data record converted: the input, or the reason it cannot be.
struct PendingRow {
  int64_t line = 0;
  ContactInput input;
  std::optional<std::string> problem;
};

PendingRow ConvertRow(const std::vector<std::string>& rec, const std::vector<std::string>& targets,
                      const std::map<std::string, FieldType>& field_types, int64_t line) {
  PendingRow row;
  row.line = line;
  ContactInput& in = row.input;
  in.source = Source::kImport;
  std::vector<std::string> problems;
  for (size_t i = 0; i < targets.size() && i < rec.size(); ++i) {
    const std::string& t = targets[i];
    if (t.empty()) continue;
    std::string v(StripFormulaGuard(TrimAscii(rec[i])));
    if (v.empty()) continue;
    if (t == "first_name") in.first_name = v;
    else if (t == "last_name") in.last_name = v;
    else if (t == "email") in.email = v;
    else if (t == "phone") in.phone = v;
    else if (t == "company_id") in.company_id = std::optional<CompanyId>(CompanyId(v));
    else if (t == "owner_id") in.owner_id = std::optional<UserId>(UserId(v));
    else if (t == "job_title") in.job_title = v;
    else if (t == "lifecycle" || t == "lifecycle_stage") {
      in.lifecycle = ParseLifecycle(ToLowerAscii(v));
      if (!in.lifecycle) {
        problems.push_back("lifecycle: must be one of subscriber, lead, opportunity, customer, other");
      }
    } else if (t == "source") {
      in.source = ParseSource(ToLowerAscii(v));
      if (!in.source) {
        problems.push_back("source: must be one of widget, voice, phone, sms, import, api, manual");
      }
    } else if (t == "tags") {
      std::vector<std::string> tags;
      std::string cur;
      for (char c : v + ";") {
        if (c == ';' || c == ',') {
          std::string tag(TrimAscii(cur));
          if (!tag.empty()) tags.push_back(tag);
          cur.clear();
        } else {
          cur.push_back(c);
        }
      }
      in.tags = tags;
    } else if (t == "marketing_consent" || t == "data_processing_consent") {
      auto b = ParseBoolCell(v);
      if (!b) {
        problems.push_back(t + ": must be true or false");
      } else if (t == "marketing_consent") {
        in.marketing_consent = *b;
      } else {
        in.data_processing_consent = *b;
      }
    } else if (t.rfind("cf:", 0) == 0) {
      std::string key = t.substr(3);
      CustomValueInput cv{CustomValueInput::Kind::kString, v};
      auto type = field_types.find(key);
      if (type != field_types.end()) {
        if (type->second == FieldType::kNumber) {
          cv.kind = IsNumber(v) ? CustomValueInput::Kind::kNumber : CustomValueInput::Kind::kOther;
        } else if (type->second == FieldType::kBoolean) {
          auto b = ParseBoolCell(v);
          cv = b ? CustomValueInput{CustomValueInput::Kind::kBool, *b ? "true" : "false"}
                 : CustomValueInput{CustomValueInput::Kind::kOther, v};
        }
      }
      in.custom[key] = cv;
    }
  }
  if (!problems.empty()) {
    std::string reason;
    for (const auto& p : problems) reason += (reason.empty() ? "" : "; ") + p;
    row.problem = reason;
  }
  return row;
}

// Parses the mapping text (two CSV records: headers, targets).
Result<ImportMapping> DecodeMapping(const std::string& text) {
  std::istringstream in(text);
  CsvReader reader(in);
  std::vector<std::string> headers, targets;
  int64_t line = 0;
  SYN_ASSIGN_OR_RETURN(bool h, reader.Next(headers, line));
  SYN_ASSIGN_OR_RETURN(bool t, reader.Next(targets, line));
  ImportMapping m;
  if (h && t) {
    for (size_t i = 0; i < headers.size() && i < targets.size(); ++i) m[headers[i]] = targets[i];
  }
  return m;
}

std::string EncodeMapping(const ImportMapping& m) {
  std::vector<std::string> headers, targets;
  for (const auto& [h, t] : m) {
    headers.push_back(h);
    targets.push_back(t);
  }
  std::string out;
  AppendCsvRecord(out, headers, /*formula_safe=*/false);
  AppendCsvRecord(out, targets, /*formula_safe=*/false);
  return out;
}

}  // namespace

std::string_view ImportStatusName(ImportStatus s) {
  switch (s) {
    case ImportStatus::kQueued: return "queued";
    case ImportStatus::kRunning: return "running";
    case ImportStatus::kSucceeded: return "succeeded";
    case ImportStatus::kFailed: return "failed";
  }
  return "queued";
}

std::optional<FieldError> MappingProblem(const ImportMapping& mapping) {
  bool any = false;
  for (const auto& [header, target] : mapping) {
    if (!KnownTarget(target)) {
      return FieldError{"mapping." + header,
                        "must be a contact field (first_name, last_name, email, phone, "
                        "company_id, job_title, lifecycle, source, tags, owner_id, "
                        "marketing_consent, data_processing_consent), cf:<key> or \"\""};
    }
    any = any || !target.empty();
  }
  if (!any) return FieldError{"mapping", "must map at least one column"};
  return std::nullopt;
}

CrmImporter::CrmImporter(db::Database& db, const Clock& clock, Random& random,
                         CrmService& service, ImportEnqueue enqueue)
    : db_(db), clock_(clock), random_(random), service_(service), enqueue_(std::move(enqueue)) {}

Result<ContactImport> CrmImporter::CreateImport(const Principal& who, const ImportRequest& req) {
  SYN_RETURN_IF_ERROR(RequireRole(who, Role::kMember));
  std::vector<FieldError> errors;
  if (req.csv.empty()) errors.push_back({"csv", "is required"});
  if (req.csv.size() > kMaxImportCsvBytes) errors.push_back({"csv", "is larger than 50 MB"});
  if (auto p = MappingProblem(req.mapping)) errors.push_back(*p);
  if (errors.empty()) {
    // The header must name at least one mapped column.
    std::istringstream in(req.csv);
    CsvReader reader(in);
    std::vector<std::string> header;
    int64_t line = 0;
    auto got = reader.Next(header, line);
    if (!got.ok()) return got.error();
    bool mapped = false;
    for (auto& h : header) {
      auto it = req.mapping.find(std::string(TrimAscii(h)));
      if (it != req.mapping.end() && !it->second.empty()) mapped = true;
    }
    if (!*got || !mapped) errors.push_back({"mapping", "maps none of the CSV header's columns"});
  }
  if (!errors.empty()) return InvalidArgument("invalid import", std::move(errors));
  ContactImport imp;
  imp.id = ImportId(NewUuidV7(clock_, random_));
  imp.org_id = who.org_id;
  imp.on_duplicate = req.on_duplicate;
  if (!who.user_id.empty()) imp.created_by = who.user_id;
  imp.created_at = clock_.Now();
  SYN_RETURN_IF_ERROR(db::InTx(db_, db::Scope::Tenant(who.org_id.str()), db::TxMode::kWrite,
                               [&](db::Tx& tx) {
                                 return store::InsertImport(tx, imp, EncodeMapping(req.mapping),
                                                            req.csv);
                               }));
  if (enqueue_) SYN_RETURN_IF_ERROR(enqueue_(imp.org_id, imp.id));
  return imp;
}

Result<ContactImport> CrmImporter::GetImport(const Principal& who, const ImportId& id) {
  return db::InTx(db_, db::Scope::Tenant(who.org_id.str()), db::TxMode::kRead,
                  [&](db::Tx& tx) -> Result<ContactImport> {
                    SYN_ASSIGN_OR_RETURN(auto imp, store::FindImport(tx, who.org_id, id));
                    if (!imp) return NotFound("import not found");
                    SYN_ASSIGN_OR_RETURN(imp->errors, store::ListImportErrors(tx, who.org_id, id));
                    return std::move(*imp);
                  });
}

Result<Page<ContactImport>> CrmImporter::ListImports(const Principal& who,
                                                     const PageRequest& page) {
  return db::InTx(db_, db::Scope::Tenant(who.org_id.str()), db::TxMode::kRead,
                  [&](db::Tx& tx) { return store::ListImports(tx, who.org_id, page); });
}

Result<ImportCounts> CrmImporter::ImportCsv(const Principal& who, std::istream& in,
                                            const ImportMapping& mapping, OnDuplicate on_duplicate,
                                            std::vector<ImportRowError>& errors,
                                            const ImportProgress& progress) {
  if (auto p = MappingProblem(mapping)) return InvalidArgument("invalid mapping", {*p});
  // Count the records first (cheap) so progress is exact, then rewind.
  auto start = in.tellg();
  int64_t total = -1;
  if (start != std::streampos(-1)) {
    CsvReader counter(in);
    std::vector<std::string> rec;
    int64_t line = 0;
    total = 0;
    bool header = true;
    for (;;) {
      SYN_ASSIGN_OR_RETURN(bool more, counter.Next(rec, line));
      if (!more) break;
      if (header) header = false;
      else if (!Blank(rec)) ++total;
    }
    in.clear();
    in.seekg(start);
  }
  return Execute(who, in, mapping, on_duplicate, total, {}, errors, progress, nullptr);
}

Result<ImportCounts> CrmImporter::Execute(const Principal& who, std::istream& in,
                                          const ImportMapping& mapping, OnDuplicate on_duplicate,
                                          int64_t total_rows, ImportCounts counts,
                                          std::vector<ImportRowError>& errors,
                                          const ImportProgress& progress,
                                          ContactImport* import_row) {
  SYN_ASSIGN_OR_RETURN(std::vector<CustomField> defs, service_.ListCustomFields(who));
  std::map<std::string, FieldType> field_types;
  for (const auto& d : defs) field_types[d.key] = d.type;

  CsvReader reader(in);
  std::vector<std::string> rec;
  int64_t line = 0;
  SYN_ASSIGN_OR_RETURN(bool has_header, reader.Next(rec, line));
  if (!has_header) return InvalidArgument("empty CSV", {{"csv", "has no header row"}});
  std::vector<std::string> targets;
  for (const auto& h : rec) {
    auto it = mapping.find(std::string(TrimAscii(h)));
    targets.push_back(it == mapping.end() ? "" : it->second);
  }
  counts.total_rows = std::max<int64_t>(total_rows, 0);
  size_t stored = static_cast<size_t>(
      std::min<int64_t>(counts.failed_rows + counts.skipped, kMaxStoredImportErrors));
  const int64_t resume_after = counts.processed_rows;
  int64_t seen = 0;
  std::vector<PendingRow> batch;

  auto flush = [&]() -> Result<void> {
    if (batch.empty()) return Ok();
    std::vector<ContactInput> inputs;
    std::vector<size_t> index;  // batch position of each input
    for (size_t i = 0; i < batch.size(); ++i) {
      if (!batch[i].problem) {
        inputs.push_back(batch[i].input);
        index.push_back(i);
      }
    }
    ImportCounts next = counts;
    std::vector<ImportRowError> new_errors;
    size_t next_stored = stored;
    auto account = [&](const std::vector<ImportOutcome>& outcomes) {
      next = counts;
      new_errors.clear();
      next_stored = stored;
      std::vector<std::optional<ImportOutcome>> by_row(batch.size());
      for (size_t k = 0; k < outcomes.size(); ++k) by_row[index[k]] = outcomes[k];
      for (size_t i = 0; i < batch.size(); ++i) {
        ++next.processed_rows;
        std::optional<std::string> reason;
        if (batch[i].problem) {
          ++next.failed_rows;
          reason = batch[i].problem;
        } else {
          switch (by_row[i]->kind) {
            case ImportOutcome::Kind::kImported: ++next.imported; break;
            case ImportOutcome::Kind::kUpdated: ++next.updated; break;
            case ImportOutcome::Kind::kSkipped: ++next.skipped; reason = by_row[i]->reason; break;
            case ImportOutcome::Kind::kFailed: ++next.failed_rows; reason = by_row[i]->reason; break;
          }
        }
        if (reason && next_stored < kMaxStoredImportErrors) {
          new_errors.push_back({batch[i].line, *reason});
          ++next_stored;
        }
      }
    };
    std::function<Result<void>(db::Tx&, const std::vector<ImportOutcome>&)> within =
        [&](db::Tx& tx, const std::vector<ImportOutcome>& outcomes) -> Result<void> {
      account(outcomes);
      if (!import_row) return Ok();
      ContactImport state = *import_row;
      state.counts = next;
      SYN_RETURN_IF_ERROR(store::AppendImportErrors(tx, state.org_id, state.id, new_errors));
      return store::SaveImportState(tx, state, /*clear_csv=*/false);
    };
    SYN_RETURN_IF_ERROR(service_.ImportContactBatch(who, inputs, on_duplicate, within));
    counts = next;
    stored = next_stored;
    if (import_row) import_row->counts = counts;
    errors.insert(errors.end(), new_errors.begin(), new_errors.end());
    batch.clear();
    if (progress) {
      int pct = counts.total_rows > 0
                    ? static_cast<int>(std::min<int64_t>(
                          99, counts.processed_rows * 100 / counts.total_rows))
                    : 0;
      SYN_RETURN_IF_ERROR(progress(counts, pct));
    }
    return Ok();
  };

  for (;;) {
    SYN_ASSIGN_OR_RETURN(bool more, reader.Next(rec, line));
    if (!more) break;
    if (Blank(rec)) continue;
    if (++seen <= resume_after) continue;
    batch.push_back(ConvertRow(rec, targets, field_types, line));
    if (batch.size() >= static_cast<size_t>(kImportBatchRows)) SYN_RETURN_IF_ERROR(flush());
  }
  SYN_RETURN_IF_ERROR(flush());
  if (total_rows < 0) counts.total_rows = counts.processed_rows;
  if (progress) SYN_RETURN_IF_ERROR(progress(counts, 100));
  return counts;
}

Result<ContactImport> CrmImporter::RunImport(const OrgId& org, const ImportId& id,
                                             const ImportProgress& progress) {
  auto scope = db::Scope::Tenant(org.str());
  SYN_ASSIGN_OR_RETURN(auto found, db::InTx(db_, scope, db::TxMode::kRead, [&](db::Tx& tx) {
                         return store::FindImport(tx, org, id);
                       }));
  if (!found) return NotFound("import not found");
  ContactImport imp = std::move(*found);
  if (imp.status == ImportStatus::kSucceeded || imp.status == ImportStatus::kFailed) return imp;
  SYN_ASSIGN_OR_RETURN(auto input, db::InTx(db_, scope, db::TxMode::kRead, [&](db::Tx& tx) {
                         return store::LoadImportInput(tx, org, id);
                       }));
  auto save = [&](bool clear_csv) {
    return db::InTx(db_, scope, db::TxMode::kWrite,
                    [&](db::Tx& tx) { return store::SaveImportState(tx, imp, clear_csv); });
  };
  auto fail = [&](const Error& e) -> Result<ContactImport> {
    imp.status = ImportStatus::kFailed;
    imp.failure = e.message;
    for (const auto& f : e.fields) imp.failure += "; " + f.field + ": " + f.message;
    imp.finished_at = clock_.Now();
    SYN_RETURN_IF_ERROR(save(/*clear_csv=*/true));
    return e;
  };
  auto mapping = DecodeMapping(input.first);
  if (!mapping.ok()) return fail(mapping.error());
  if (imp.counts.total_rows == 0) {
    std::istringstream in(input.second);
    CsvReader counter(in);
    std::vector<std::string> rec;
    int64_t line = 0;
    bool header = true;
    for (;;) {
      auto more = counter.Next(rec, line);
      if (!more.ok()) return fail(more.error());
      if (!*more) break;
      if (header) header = false;
      else if (!Blank(rec)) ++imp.counts.total_rows;
    }
  }
  imp.status = ImportStatus::kRunning;
  SYN_RETURN_IF_ERROR(save(false));

  Principal who;
  who.org_id = org;
  who.role = Role::kMember;
  if (imp.created_by) who.user_id = *imp.created_by;
  std::istringstream in(input.second);
  std::vector<ImportRowError> errors;
  auto ran = Execute(who, in, *mapping, imp.on_duplicate, imp.counts.total_rows, imp.counts,
                     errors, progress, &imp);
  if (!ran.ok()) {
    if (ran.error().code == ErrorCode::kInvalidArgument) return fail(ran.error());
    return ran.error();  // transient: the job retries and resumes
  }
  imp.counts = *ran;
  imp.status = ImportStatus::kSucceeded;
  imp.finished_at = clock_.Now();
  SYN_RETURN_IF_ERROR(save(/*clear_csv=*/true));
  return imp;
}

}  // namespace syntera::crm
