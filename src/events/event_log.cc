#include "events/event_log.h"

#include "events/event_store.h"

namespace syntera::events {

Result<EventPage> EventLog::List(const OrgId& org, const EventFilter& filter) {
  if (org.empty()) return InvalidArgument("an organization is required");
  if (filter.limit < 1 || filter.limit > 200) {
    return InvalidArgument("invalid limit", {{"limit", "must be between 1 and 200"}});
  }
  if (!filter.type.empty()) {
    std::string_view t = filter.type;
    if (t.back() == '.') t.remove_suffix(1);
    bool ok = IsValidEventType(t) || (t.find('.') == std::string_view::npos &&
                                      IsValidEventType(std::string(t) + ".x"));
    if (!ok) return InvalidArgument("invalid type", {{"type", "must be an event type or prefix"}});
  }
  store::EventQuery q;
  q.org_id = org.str();
  q.type = filter.type;
  q.since = filter.since;
  q.after_sequence = filter.after_sequence;
  q.limit = filter.limit + 1;
  SYN_ASSIGN_OR_RETURN(auto tx, db_.Begin(db::Scope::Tenant(org.str()), db::TxMode::kRead));
  SYN_ASSIGN_OR_RETURN(std::vector<DomainEvent> rows, store::ListForOrg(*tx, q));
  EventPage page;
  if (rows.size() > static_cast<size_t>(filter.limit)) {
    rows.pop_back();
    page.next_after = rows.back().sequence;
  }
  page.items = std::move(rows);
  return page;
}

}  // namespace syntera::events
