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
// Per-subscriber delivery leases (Dispatcher): `owner` identifies one dispatcher instance.
struct SubscriberLease {
  std::string owner;
  Timestamp until{};
};
// The subscriber's lease row, or nullopt when no dispatcher ever held it (or it was released).
Result<std::optional<SubscriberLease>> LoadLease(db::Tx& tx, std::string_view subscriber);
// Takes or renews the lease until `until` when it is free, expired (until <= now) or already
// `owner`'s. Returns false when another owner holds it. On PostgreSQL the row lock orders this
// against a concurrent AcquireLease / RenewLease of another process.
Result<bool> AcquireLease(db::Tx& tx, std::string_view subscriber, std::string_view owner,
                          Timestamp now, Timestamp until);
// Extends `owner`'s lease to `until`; false when `owner` no longer holds it (taken over). Run
// it in the transaction that saves the checkpoint so a lost lease cannot move the checkpoint.
Result<bool> RenewLease(db::Tx& tx, std::string_view subscriber, std::string_view owner,
                        Timestamp until);
// Moves the lease from `from` (a holder known to be dead) to `to` until `until`; false when
// `from` no longer holds it.
Result<bool> TakeOverLease(db::Tx& tx, std::string_view subscriber, std::string_view from,
                           std::string_view to, Timestamp until);
// Gives the lease up at once (clean shutdown), if `owner` still holds it.
Result<void> ReleaseLease(db::Tx& tx, std::string_view subscriber, std::string_view owner);

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
