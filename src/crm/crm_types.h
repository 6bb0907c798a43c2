#pragma once
// Plain value types of the CRM module: contacts, companies, custom fields, pipelines, deals,
// activities and tasks, the inputs that create or change them, and list pages. No SQL, no JSON.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/page.h"
#include "base/clock.h"
#include "base/ids.h"

namespace syntera::crm {

using ContactId = TypedId<struct ContactIdTag>;
using CompanyId = TypedId<struct CompanyIdTag>;
using DealId = TypedId<struct DealIdTag>;
using PipelineId = TypedId<struct PipelineIdTag>;
using StageId = TypedId<struct StageIdTag>;
using ActivityId = TypedId<struct ActivityIdTag>;
using TaskId = TypedId<struct TaskIdTag>;
using CustomFieldId = TypedId<struct CustomFieldIdTag>;

enum class Lifecycle { kSubscriber, kLead, kOpportunity, kCustomer, kOther };
enum class Source { kWidget, kVoice, kPhone, kSms, kImport, kApi, kManual };
enum class FieldType { kText, kNumber, kDate, kBoolean, kSelect };
enum class StageKind { kOpen, kWon, kLost };
enum class DealStatus { kOpen, kWon, kLost };
enum class ActivityKind { kNote, kCall, kEmail, kStageChange };

// Lowercase wire names ("customer", "closed_won" is not an enum: stages are rows).
std::string_view LifecycleName(Lifecycle v);
std::optional<Lifecycle> ParseLifecycle(std::string_view s);
std::string_view SourceName(Source v);
std::optional<Source> ParseSource(std::string_view s);
std::string_view FieldTypeName(FieldType v);
std::optional<FieldType> ParseFieldType(std::string_view s);
std::string_view StageKindName(StageKind v);
std::optional<StageKind> ParseStageKind(std::string_view s);
std::string_view DealStatusName(DealStatus v);
std::optional<DealStatus> ParseDealStatus(std::string_view s);
std::string_view ActivityKindName(ActivityKind v);
std::optional<ActivityKind> ParseActivityKind(std::string_view s);

// ---- Lists ----

// PageRequest, Page<T>, kDefaultPageSize, kMaxPageSize: base/page.h.

// ---- Custom fields ----

struct CustomField {
  CustomFieldId id;
  OrgId org_id;
  std::string key;    // [a-z][a-z0-9_]{0,63}, unique per organization
  std::string label;
  FieldType type = FieldType::kText;
  std::vector<std::string> options;  // kSelect only
  Timestamp created_at;
};

struct CustomFieldInput {
  std::string key;
  std::string label;
  FieldType type = FieldType::kText;
  std::vector<std::string> options;
};

// A custom value as decoded at the edge: its JSON kind and its text (numbers as written,
// booleans "true"/"false"). The service checks it against the field's type.
struct CustomValueInput {
  enum class Kind { kNull, kString, kNumber, kBool, kOther };
  Kind kind = Kind::kNull;
  std::string text;
};

// A stored custom value: canonical text for its field type (number as written, date
// YYYY-MM-DD, boolean "true"/"false", select one of the options).
struct CustomValue {
  std::string key;
  FieldType type = FieldType::kText;
  std::string value;
};

// ---- Contacts ----

struct Consent {
  bool granted = false;
  std::optional<Timestamp> changed_at;  // when `granted` last changed
};

struct Contact {
  ContactId id;
  OrgId org_id;
  std::string first_name;
  std::string last_name;
  std::vector<std::string> emails;  // normalised; [0] is the primary
  std::vector<std::string> phones;  // E.164 when normalisable; [0] is the primary
  std::optional<CompanyId> company_id;
  std::string job_title;
  std::vector<std::string> tags;    // sorted, unique
  Lifecycle lifecycle = Lifecycle::kLead;
  Source source = Source::kManual;
  std::optional<UserId> owner_id;
  Consent marketing;
  Consent data_processing;
  std::optional<Timestamp> last_seen_at;
  std::optional<Timestamp> last_contacted_at;
  std::vector<CustomValue> custom;  // sorted by key
  Timestamp created_at;
  Timestamp updated_at;
};

// Create (absent = default) or PATCH (absent = unchanged). For optional references, an inner
// nullopt clears the link.
struct ContactInput {
  std::optional<std::string> first_name;
  std::optional<std::string> last_name;
  std::optional<std::string> email;               // becomes the primary email
  std::optional<std::vector<std::string>> emails;  // the full list ([0] primary)
  std::optional<std::string> phone;               // becomes the primary phone
  std::optional<std::vector<std::string>> phones;
  std::optional<std::optional<CompanyId>> company_id;
  std::optional<std::string> job_title;
  std::optional<std::vector<std::string>> tags;
  std::optional<Lifecycle> lifecycle;
  std::optional<Source> source;
  std::optional<std::optional<UserId>> owner_id;
  std::optional<bool> marketing_consent;
  std::optional<bool> data_processing_consent;
  std::optional<Timestamp> last_seen_at;
  std::optional<Timestamp> last_contacted_at;
  std::map<std::string, CustomValueInput> custom;  // kNull clears the value
};

enum class ContactSort { kCreatedAsc, kCreatedDesc, kUpdatedAsc, kUpdatedDesc, kNameAsc };
// "created_at", "-created_at", "updated_at", "-updated_at", "name".
std::optional<ContactSort> ParseContactSort(std::string_view s);

// One custom-field condition of a contact list: the field's value equals `value`.
struct CustomFieldFilter {
  std::string key;
  std::string value;  // as given (`cf.<key>=<value>`); the service checks it against the type
  FieldType type = FieldType::kText;  // set by the service from the field's definition
};

struct ContactFilter {
  // Full-text, prefix matching per word; "" = no search. With a created_at sort, matches come
  // in insertion order (which is creation order) so a page never sorts every match.
  std::string q;
  std::optional<std::string> tag;
  std::optional<UserId> owner_id;
  std::optional<Lifecycle> lifecycle;
  std::optional<CompanyId> company_id;
  std::optional<Timestamp> created_from, created_to;  // inclusive from, exclusive to
  std::optional<Timestamp> updated_from, updated_to;
  std::vector<CustomFieldFilter> custom;  // all must hold
  ContactSort sort = ContactSort::kCreatedDesc;
};

enum class BulkAction { kTag, kUntag, kAssign, kDelete };
std::optional<BulkAction> ParseBulkAction(std::string_view s);

struct BulkRequest {
  std::vector<ContactId> ids;  // 1..500
  BulkAction action = BulkAction::kTag;
  std::vector<std::string> tags;     // kTag / kUntag
  std::optional<UserId> owner_id;    // kAssign (nullopt unassigns)
};

struct BulkResult {
  int affected = 0;  // contacts of the caller's organization that were changed
};

// ---- Companies ----

struct Company {
  CompanyId id;
  OrgId org_id;
  std::string name;
  std::optional<std::string> domain;  // lowercase host, unique per organization
  std::string industry;
  std::string size;                   // free text band, e.g. "11-50"
  std::string website;
  Timestamp created_at;
  Timestamp updated_at;
};

struct CompanyInput {
  std::optional<std::string> name;
  std::optional<std::optional<std::string>> domain;
  std::optional<std::string> industry;
  std::optional<std::string> size;
  std::optional<std::string> website;
};

// ---- Pipelines and deals ----

struct Stage {
  StageId id;
  PipelineId pipeline_id;
  std::string name;
  int probability = 0;  // percent 0..100
  int position = 0;
  StageKind kind = StageKind::kOpen;
};

struct Pipeline {
  PipelineId id;
  OrgId org_id;
  std::string name;
  bool is_default = false;
  std::vector<Stage> stages;  // by position
  Timestamp created_at;
};

struct StageInput {
  std::optional<StageId> id;  // keep an existing stage (PUT semantics) or add a new one
  std::string name;
  int probability = 0;
  StageKind kind = StageKind::kOpen;
};

struct PipelineInput {
  std::optional<std::string> name;
  std::optional<std::vector<StageInput>> stages;  // the full ordered list
};

struct StageChange {
  std::optional<StageId> from_stage_id;
  StageId to_stage_id;
  std::optional<UserId> changed_by;
  Timestamp changed_at;
};

struct Deal {
  DealId id;
  OrgId org_id;
  std::string title;
  int64_t value = 0;         // minor units
  std::string currency;      // ISO 4217, upper case
  PipelineId pipeline_id;
  StageId stage_id;
  int probability = 0;       // percent
  std::optional<std::string> expected_close_date;  // YYYY-MM-DD
  std::optional<UserId> owner_id;
  std::optional<ContactId> contact_id;
  std::optional<CompanyId> company_id;
  DealStatus status = DealStatus::kOpen;
  std::string close_reason;  // won/lost reason
  int64_t position = 0;      // order within its stage, ascending
  std::vector<StageChange> stage_history;  // oldest first (filled by Get)
  Timestamp created_at;
  Timestamp updated_at;
};

struct DealInput {
  std::optional<std::string> title;
  std::optional<int64_t> value;
  std::optional<std::string> currency;
  std::optional<PipelineId> pipeline_id;
  std::optional<StageId> stage_id;
  std::optional<int> probability;
  std::optional<std::optional<std::string>> expected_close_date;
  std::optional<std::optional<UserId>> owner_id;
  std::optional<std::optional<ContactId>> contact_id;
  std::optional<std::optional<CompanyId>> company_id;
  std::optional<std::string> close_reason;
  std::optional<int64_t> position;
};

struct DealFilter {
  std::optional<PipelineId> pipeline_id;
  std::optional<StageId> stage_id;
  std::optional<ContactId> contact_id;
  std::optional<CompanyId> company_id;
  std::optional<UserId> owner_id;
  std::optional<DealStatus> status;
};

struct CurrencyTotal {
  std::string currency;
  int64_t value = 0;
};

struct BoardColumn {
  Stage stage;
  int64_t count = 0;                  // over all deals in the stage
  std::vector<CurrencyTotal> totals;  // sum of values per currency, over all deals
  std::vector<Deal> deals;            // the first deals by position (up to the board limit)
};

struct Board {
  Pipeline pipeline;
  std::vector<BoardColumn> columns;
};

// ---- Activities and tasks ----

// Exactly one of the record links is the "subject"; a deal's activity also carries its
// contact and company so it shows on their timelines.
struct RecordLink {
  std::optional<ContactId> contact_id;
  std::optional<CompanyId> company_id;
  std::optional<DealId> deal_id;
};

struct Activity {
  ActivityId id;
  OrgId org_id;
  ActivityKind kind = ActivityKind::kNote;
  std::string body;  // Markdown for notes; a summary for others
  RecordLink link;
  std::optional<UserId> created_by;
  Timestamp occurred_at;
};

struct ActivityInput {
  ActivityKind kind = ActivityKind::kNote;  // kStageChange is refused (system-written)
  std::string body;
  RecordLink link;
  std::optional<Timestamp> occurred_at;
};

struct Task {
  TaskId id;
  OrgId org_id;
  std::string title;
  std::optional<Timestamp> due_at;
  std::optional<UserId> assignee_id;
  RecordLink link;  // at most one set
  bool done = false;
  std::optional<Timestamp> done_at;
  std::optional<UserId> created_by;
  Timestamp created_at;
  Timestamp updated_at;
};

struct TaskInput {
  std::optional<std::string> title;
  std::optional<std::optional<Timestamp>> due_at;
  std::optional<std::optional<UserId>> assignee_id;
  std::optional<RecordLink> link;
  std::optional<bool> done;
};

struct TaskFilter {
  RecordLink link;
  std::optional<UserId> assignee_id;
  std::optional<bool> done;
  std::optional<Timestamp> due_before;  // due_at < due_before
  std::optional<Timestamp> due_after;   // due_at >= due_after
};

}  // namespace syntera::crm
