#pragma once
// SQL for the events module (private to it): the `events` outbox, per-subscriber checkpoints,
// parked (dead-lettered) deliveries and the PostgreSQL commit watermark.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "db/database.h"
#include "events/domain_event.h"

namespace syntera::events::store {

// Events with sequence in (after, upto], oldest first, at most `limit`. System scope.
Result<std::vector<DomainEvent>> ReadRange(db::Tx& tx, int64_t after, int64_t upto, int limit);

struct EventQuery {
  std::string org_id;                // required (tenant)
  std::string type;                  // "" any; "contact." prefix when it ends with '.'; else exact
  std::optional<Timestamp> since;    // occurred_at >= since
  int64_t after_sequence = 0;        // cursor
  int limit = 50;
};
// The organization's events matching `q`, oldest first by sequence, at most q.limit.
Result<std::vector<DomainEvent>> ListForOrg(db::Tx& tx, const EventQuery& q);

// Highest sequence visible now (SQLite: every lower one is final, writes are serialised).
Result<int64_t> MaxSequence(db::Tx& tx);

// PostgreSQL only. The highest sequence number handed out so far (committed or not).
Result<int64_t> PgSequenceHighWater(db::Tx& tx);
// PostgreSQL only. xmax / xmin of the current snapshot (pg_current_snapshot()).
Result<int64_t> PgSnapshotXmax(db::Tx& tx);
Result<int64_t> PgSnapshotXmin(db::Tx& tx);

// The subscriber's checkpoint (0 when it never ran).
Result<int64_t> LoadCheckpoint(db::Tx& tx, std::string_view subscriber);
Result<void> SaveCheckpoint(db::Tx& tx, std::string_view subscriber, int64_t sequence,
                            Timestamp now);
// Lowest checkpoint among `subscribers` (0 when one has none; INT64_MAX for an empty list).
Result<int64_t> MinCheckpoint(db::Tx& tx, const std::vector<std::string>& subscribers);

// Records an event a subscriber gave up on after its last attempt.
Result<void> ParkDelivery(db::Tx& tx, std::string_view subscriber, const DomainEvent& event,
                          std::string_view error, int attempts, Timestamp now);
Result<int64_t> CountParked(db::Tx& tx, std::string_view subscriber);

// Deletes events that occurred before `cutoff` and whose sequence is at most `max_sequence`.
// Returns the number deleted.
Result<int64_t> DeleteOlderThan(db::Tx& tx, Timestamp cutoff, int64_t max_sequence);

}  // namespace syntera::events::store
