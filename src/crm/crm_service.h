#pragma once
// The CRM module's service: contacts, companies, custom fields, pipelines and deals,
// activities and tasks. Plain C++ in and out; the HTTP adapter lives in crm/api.
//
// Tenancy: every operation runs in Scope::Tenant(principal.org_id) and addresses only that
// organization: another organization's id answers kNotFound when it is the addressed record,
// and kInvalidArgument naming the field when it is a reference in the input (a deal's
// contact_id, …). Nothing is written when any check fails.
// Permissions: viewers read; members write; admins manage pipelines and custom fields
// (kPermissionDenied otherwise; the routes enforce the same minimum roles).
// Events: every change appends its domain event(s) through CrmEventSink inside the same
// transaction (crm_events.h lists the types).
// Thread-safety: all methods may be called concurrently.

#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include "base/clock.h"
#include "base/principal.h"
#include "base/random.h"
#include "base/result.h"
#include "crm/crm_events.h"
#include "crm/crm_types.h"
#include "db/database.h"

namespace syntera::crm {

// What happened to one row of an import batch.
struct ImportOutcome {
  enum class Kind { kImported, kUpdated, kSkipped, kFailed };
  Kind kind = Kind::kImported;
  std::string reason;  // kSkipped / kFailed: "email: must be …; phone: …"
};

// How a create meets an existing contact with the same email or phone.
enum class OnDuplicate { kConflict, kUpdateExisting };

class CrmService {
 public:
  // All references must outlive the service.
  CrmService(db::Database& db, const Clock& clock, Random& random, CrmEventSink& events);

  // ---- Contacts (crm_service_contacts.cc) ----

  // Member+. Needs at least one of first_name, last_name, email, phone. Errors:
  // kInvalidArgument listing fields (bad email/phone, unknown or mistyped custom field,
  // company_id or owner_id not in the organization, …); kConflict with existing_id when an
  // email or phone belongs to another contact. With kUpdateExisting, that contact is updated
  // with the input instead and returned.
  Result<Contact> CreateContact(const Principal& who, const ContactInput& input,
                                OnDuplicate on_duplicate = OnDuplicate::kConflict);
  Result<Contact> GetContact(const Principal& who, const ContactId& id);
  // Errors: kInvalidArgument for a bad cursor.
  Result<Page<Contact>> ListContacts(const Principal& who, const ContactFilter& filter,
                                     const PageRequest& page);
  // Member+. PATCH semantics. Errors as CreateContact (kConflict never updates the other).
  Result<Contact> UpdateContact(const Principal& who, const ContactId& id,
                                const ContactInput& input);
  // Member+. Its notes go with it; deals and tasks stay, unlinked.
  Result<void> DeleteContact(const Principal& who, const ContactId& id);
  // Member+. Folds `other` into `keep` in one transaction: emails, phones, tags and custom
  // values missing on `keep` are added; activities, deals and tasks move; `other` is deleted.
  // Errors: kNotFound for either id; kInvalidArgument when they are the same contact.
  Result<Contact> MergeContacts(const Principal& who, const ContactId& keep,
                                const ContactId& other);
  // Member+. Applies the action to the organization's contacts among `ids` (others are
  // skipped). Errors: kInvalidArgument (ids empty or over 500, tags invalid, owner_id not a
  // member).
  Result<BulkResult> BulkContacts(const Principal& who, const BulkRequest& request);

  // Member+. Creates the contacts of one import batch in ONE write transaction, each row
  // validated exactly as CreateContact. A row that fails validation (kInvalidArgument) or
  // meets a duplicate (with kConflict: skipped) is reported in its outcome and writes
  // nothing; other rows are written. `within_tx` (optional) runs last in the same
  // transaction (the importer records its progress there, so a batch and its bookkeeping
  // commit together). Errors: storage errors only (then nothing of the batch is written).
  Result<std::vector<ImportOutcome>> ImportContactBatch(
      const Principal& who, const std::vector<ContactInput>& rows, OnDuplicate on_duplicate,
      const std::function<Result<void>(db::Tx&, const std::vector<ImportOutcome>&)>& within_tx =
          {});

  // ---- Companies (crm_service_records.cc) ----

  // Member+. Errors: kInvalidArgument (name required, domain); kConflict with existing_id
  // when the domain is taken.
  Result<Company> CreateCompany(const Principal& who, const CompanyInput& input);
  Result<Company> GetCompany(const Principal& who, const CompanyId& id);
  Result<Page<Company>> ListCompanies(const Principal& who, const PageRequest& page);
  Result<Company> UpdateCompany(const Principal& who, const CompanyId& id,
                                const CompanyInput& input);
  // Member+. Contacts and deals stay, unlinked.
  Result<void> DeleteCompany(const Principal& who, const CompanyId& id);

  // ---- Custom fields (crm_service_records.cc) ----

  // Admin+. Errors: kInvalidArgument (key, label, options for select); kConflict (key).
  Result<CustomField> CreateCustomField(const Principal& who, const CustomFieldInput& input);
  Result<std::vector<CustomField>> ListCustomFields(const Principal& who);
  // Admin+. Removes the field's values from every contact.
  Result<void> DeleteCustomField(const Principal& who, const CustomFieldId& id);

  // ---- Pipelines and deals (crm_service_deals.cc) ----

  // The organization's pipelines; the default pipeline (lead, qualified, proposal,
  // negotiation, closed-won, closed-lost) is created at first use.
  Result<std::vector<Pipeline>> ListPipelines(const Principal& who);
  Result<Pipeline> GetPipeline(const Principal& who, const PipelineId& id);
  // Admin+. Errors: kInvalidArgument (name, stages: 1..30, names, probability 0..100).
  Result<Pipeline> CreatePipeline(const Principal& who, const PipelineInput& input);
  // Admin+. `stages` replaces the ordered list: stages with an id are updated, others added,
  // missing ones removed. Errors: kFailedPrecondition when a removed stage still has deals;
  // kInvalidArgument for a stage id of another pipeline.
  Result<Pipeline> UpdatePipeline(const Principal& who, const PipelineId& id,
                                  const PipelineInput& input);
  // Admin+. Errors: kFailedPrecondition for the default pipeline or one with deals.
  Result<void> DeletePipeline(const Principal& who, const PipelineId& id);
  // Counts and value totals per stage over all deals, plus the first `per_stage` deals.
  Result<Board> GetBoard(const Principal& who, const PipelineId& id, int per_stage);

  // Member+. Pipeline defaults to the default pipeline, stage to its first stage, probability
  // to the stage's. Errors: kInvalidArgument listing fields (title, value, currency not ISO
  // 4217, expected_close_date, stage not of the pipeline, contact/company/owner not in the
  // organization).
  Result<Deal> CreateDeal(const Principal& who, const DealInput& input);
  Result<Deal> GetDeal(const Principal& who, const DealId& id);
  Result<Page<Deal>> ListDeals(const Principal& who, const DealFilter& filter,
                               const PageRequest& page);
  // Member+. A stage change records stage history, a stage_change activity and the
  // deal.stage_changed event (plus deal.won / deal.lost when it enters such a stage).
  Result<Deal> UpdateDeal(const Principal& who, const DealId& id, const DealInput& input);
  Result<void> DeleteDeal(const Principal& who, const DealId& id);

  // ---- Activities and tasks (crm_service_records.cc) ----

  // Newest first, for exactly one of link's records. Errors: kNotFound for the record.
  Result<Page<Activity>> ListActivities(const Principal& who, const RecordLink& link,
                                        const PageRequest& page);
  // Member+. Notes, calls and emails (stage changes are written by the system). Errors:
  // kInvalidArgument (body 1..64 KiB, kind); kNotFound for the linked record.
  Result<Activity> CreateActivity(const Principal& who, const ActivityInput& input);

  // Member+. Errors: kInvalidArgument (title, more than one link, link or assignee not in the
  // organization).
  Result<Task> CreateTask(const Principal& who, const TaskInput& input);
  Result<Task> GetTask(const Principal& who, const TaskId& id);
  Result<Page<Task>> ListTasks(const Principal& who, const TaskFilter& filter,
                               const PageRequest& page);
  Result<Task> UpdateTask(const Principal& who, const TaskId& id, const TaskInput& input);
  Result<void> DeleteTask(const Principal& who, const TaskId& id);

  // ---- System work (crm_service_system.cc; job handlers, no principal) ----

  // Emits task.due once for each task whose due time has passed and that is not done
  // (rescheduling makes it due again), marking it in the same transaction as its event: one
  // transaction per organization, at most `max_tasks` tasks per call (earliest due first).
  // Returns how many events were emitted; fewer than `max_tasks` means none are left.
  Result<int> NotifyDueTasks(int max_tasks = 500);

 private:
  Timestamp Now() const { return clock_.Now(); }
  std::string NewId();
  db::Scope ScopeOf(const Principal& who) const { return db::Scope::Tenant(who.org_id.str()); }
  Result<void> Emit(db::Tx& tx, const Principal& who, std::string type, std::string aggregate,
                    std::string id, std::string payload);
  // Validates `input` and applies it to `contact` (whose org_id is set).
  // `defs`: the organization's custom fields when already loaded (imports), else read here.
  Result<void> ApplyContactInput(db::Tx& tx, const ContactInput& input, Contact& contact,
                                 const std::vector<CustomField>* defs = nullptr);
  Result<Contact> SaveNewContact(db::Tx& tx, const Principal& who, const ContactInput& input,
                                 OnDuplicate on_duplicate,
                                 const std::vector<CustomField>* defs = nullptr);
  Result<Contact> SaveContactChanges(db::Tx& tx, const Principal& who, Contact contact,
                                     const ContactInput& input,
                                     const std::vector<CustomField>* defs = nullptr);
  // The default pipeline's id, creating it when missing (write transactions only).
  Result<PipelineId> EnsureDefaultPipeline(db::Tx& tx, const OrgId& org);
  Result<void> ApplyDealInput(db::Tx& tx, const Principal& who, const DealInput& input,
                              Deal& deal, std::vector<FieldError>& errors);
  Result<void> RecordStageChange(db::Tx& tx, const Principal& who, const Deal& deal,
                                 const std::optional<StageId>& from, const Pipeline& pipeline);
  Result<void> CheckLink(db::Tx& tx, const OrgId& org, const RecordLink& link,
                         std::vector<FieldError>& errors);

  db::Database& db_;
  const Clock& clock_;
  Random& random_;
  CrmEventSink& events_;
};

// kPermissionDenied unless `who` has at least `role`.
Result<void> RequireRole(const Principal& who, Role role);

}  // namespace syntera::crm
