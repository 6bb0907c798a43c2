#pragma once
// Reading an organization's events (timelines, audit): the service behind
// GET /api/v1/events. Tenant-scoped: only events whose org_id is the caller's organization.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/ids.h"
#include "base/result.h"
#include "db/database.h"
#include "events/domain_event.h"

namespace syntera::events {

struct EventFilter {
  std::string type;                // "" any; ending in '.' = prefix ("contact."); else exact
  std::optional<Timestamp> since;  // occurred_at >= since
  int64_t after_sequence = 0;      // cursor: only events after this sequence
  int limit = 50;                  // 1..200
};

struct EventPage {
  std::vector<DomainEvent> items;       // oldest first (by sequence)
  std::optional<int64_t> next_after;    // set when more may follow: pass as after_sequence
};

// Thread-safe; `db` must outlive it.
class EventLog {
 public:
  explicit EventLog(db::Database& db) : db_(db) {}
  // Errors: kInvalidArgument for an empty org, a bad type filter or a limit out of 1..200;
  // the database's errors otherwise.
  Result<EventPage> List(const OrgId& org, const EventFilter& filter);

 private:
  db::Database& db_;
};

}  // namespace syntera::events
