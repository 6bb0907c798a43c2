#include "crm/crm_types.h"

#include <array>
#include <utility>

#include "base/enum_names.h"

namespace syntera::crm {
namespace {

constexpr std::array<std::pair<Lifecycle, std::string_view>, 5> kLifecycles{{
    {Lifecycle::kSubscriber, "subscriber"},
    {Lifecycle::kLead, "lead"},
    {Lifecycle::kOpportunity, "opportunity"},
    {Lifecycle::kCustomer, "customer"},
    {Lifecycle::kOther, "other"},
}};
constexpr std::array<std::pair<Source, std::string_view>, 7> kSources{{
    {Source::kWidget, "widget"},
    {Source::kVoice, "voice"},
    {Source::kPhone, "phone"},
    {Source::kSms, "sms"},
    {Source::kImport, "import"},
    {Source::kApi, "api"},
    {Source::kManual, "manual"},
}};
constexpr std::array<std::pair<FieldType, std::string_view>, 5> kFieldTypes{{
    {FieldType::kText, "text"},
    {FieldType::kNumber, "number"},
    {FieldType::kDate, "date"},
    {FieldType::kBoolean, "boolean"},
    {FieldType::kSelect, "select"},
}};
constexpr std::array<std::pair<StageKind, std::string_view>, 3> kStageKinds{{
    {StageKind::kOpen, "open"},
    {StageKind::kWon, "won"},
    {StageKind::kLost, "lost"},
}};
constexpr std::array<std::pair<DealStatus, std::string_view>, 3> kDealStatuses{{
    {DealStatus::kOpen, "open"},
    {DealStatus::kWon, "won"},
    {DealStatus::kLost, "lost"},
}};
constexpr std::array<std::pair<ActivityKind, std::string_view>, 4> kActivityKinds{{
    {ActivityKind::kNote, "note"},
    {ActivityKind::kCall, "call"},
    {ActivityKind::kEmail, "email"},
    {ActivityKind::kStageChange, "stage_change"},
}};
constexpr std::array<std::pair<ContactSort, std::string_view>, 5> kSorts{{
    {ContactSort::kCreatedAsc, "created_at"},
    {ContactSort::kCreatedDesc, "-created_at"},
    {ContactSort::kUpdatedAsc, "updated_at"},
    {ContactSort::kUpdatedDesc, "-updated_at"},
    {ContactSort::kNameAsc, "name"},
}};
constexpr std::array<std::pair<BulkAction, std::string_view>, 4> kBulkActions{{
    {BulkAction::kTag, "tag"},
    {BulkAction::kUntag, "untag"},
    {BulkAction::kAssign, "assign"},
    {BulkAction::kDelete, "delete"},
}};

}  // namespace

std::string_view LifecycleName(Lifecycle v) { return EnumName(kLifecycles, v); }
std::optional<Lifecycle> ParseLifecycle(std::string_view s) { return ParseEnum(kLifecycles, s); }
std::string_view SourceName(Source v) { return EnumName(kSources, v); }
std::optional<Source> ParseSource(std::string_view s) { return ParseEnum(kSources, s); }
std::string_view FieldTypeName(FieldType v) { return EnumName(kFieldTypes, v); }
std::optional<FieldType> ParseFieldType(std::string_view s) { return ParseEnum(kFieldTypes, s); }
std::string_view StageKindName(StageKind v) { return EnumName(kStageKinds, v); }
std::optional<StageKind> ParseStageKind(std::string_view s) { return ParseEnum(kStageKinds, s); }
std::string_view DealStatusName(DealStatus v) { return EnumName(kDealStatuses, v); }
std::optional<DealStatus> ParseDealStatus(std::string_view s) { return ParseEnum(kDealStatuses, s); }
std::string_view ActivityKindName(ActivityKind v) { return EnumName(kActivityKinds, v); }
std::optional<ActivityKind> ParseActivityKind(std::string_view s) {
  return ParseEnum(kActivityKinds, s);
}
std::optional<ContactSort> ParseContactSort(std::string_view s) { return ParseEnum(kSorts, s); }
std::optional<BulkAction> ParseBulkAction(std::string_view s) { return ParseEnum(kBulkActions, s); }

}  // namespace syntera::crm
