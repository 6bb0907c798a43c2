#include "conversations/widget_store.h"

#include "conversations/store_util.h"

namespace syntera::conversations::store {
namespace {

// Origins are stored one per line (an origin never contains a newline).
std::string JoinLines(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) {
    if (!out.empty()) out.push_back('\n');
    out += s;
  }
  return out;
}

std::vector<std::string> SplitLines(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < text.size()) {
    size_t nl = text.find('\n', start);
    if (nl == std::string::npos) nl = text.size();
    if (nl > start) out.push_back(text.substr(start, nl - start));
    start = nl + 1;
  }
  return out;
}

Result<std::optional<WidgetSettings>> One(db::Tx& tx, const char* where, std::string value) {
  SYN_ASSIGN_OR_RETURN(db::Rows rows,
                       tx.Query(std::string("SELECT org_id, public_key, allowed_origins, updated_at, "
                                            "key_version FROM widget_settings WHERE ") + where,
                                {Str(std::move(value))}));
  if (rows.empty()) return std::optional<WidgetSettings>();
  const db::Row& r = rows[0];
  return std::optional<WidgetSettings>(WidgetSettings{OrgId(r.Text(0)), r.Text(1),
                                                      SplitLines(r.Text(2)),
                                                      FromUnixMillis(r.Int(3)), r.Int(4)});
}

}  // namespace

Result<std::optional<WidgetSettings>> FindWidgetSettings(db::Tx& tx, const OrgId& org) {
  return One(tx, "org_id = ?", org.str());
}

Result<std::optional<WidgetSettings>> FindWidgetSettingsByKey(db::Tx& tx, std::string_view key) {
  return One(tx, "public_key = ?", std::string(key));
}

Result<void> SaveWidgetSettings(db::Tx& tx, const WidgetSettings& s) {
  SYN_RETURN_IF_ERROR(tx.Exec(
      "INSERT INTO widget_settings (org_id, public_key, allowed_origins, updated_at, key_version) "
      "VALUES (?, ?, ?, ?, ?) ON CONFLICT (org_id) DO UPDATE SET public_key = excluded.public_key, "
      "allowed_origins = excluded.allowed_origins, updated_at = excluded.updated_at, "
      "key_version = excluded.key_version",
      {Str(s.org_id.str()), Str(s.public_key), Str(JoinLines(s.allowed_origins)),
       TimeValue(s.updated_at), db::Int(s.key_version)}));
  return Ok();
}

}  // namespace syntera::conversations::store
