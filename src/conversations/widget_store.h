#pragma once
// SQL for the organizations' widget settings (public key, allowed origins).

#include <optional>
#include <string_view>

#include "base/result.h"
#include "conversations/conversation_types.h"
#include "db/database.h"

namespace syntera::conversations::store {

Result<std::optional<WidgetSettings>> FindWidgetSettings(db::Tx& tx, const OrgId& org);
// System scope: the public key identifies the organization (like a login name).
Result<std::optional<WidgetSettings>> FindWidgetSettingsByKey(db::Tx& tx, std::string_view key);
// Inserts or replaces the organization's row.
Result<void> SaveWidgetSettings(db::Tx& tx, const WidgetSettings& settings);

}  // namespace syntera::conversations::store
