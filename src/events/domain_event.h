#pragma once
// Domain events: facts that a module's change happened ("contact.created"), written to the
// `events` outbox in the SAME transaction as the change, so an event exists if and only if its
// change committed. The dispatcher (dispatcher.h) delivers them to subscribers; the event log
// (event_log.h) lists them per organization. The JSON schema of each type is in EVENTS.md.

#include <cstdint>
#include <string>
#include <string_view>

#include "base/clock.h"
#include "base/ids.h"
#include "base/random.h"
#include "base/result.h"
#include "db/database.h"

namespace syntera::events {

struct DomainEvent {
  std::string id;              // UUID v7, unique
  OrgId org_id;                // the tenant; empty for a system event (never listed by the API)
  std::string type;            // "<noun>.<verb>" lowercase, e.g. "deal.stage_changed"
  std::string aggregate_type;  // "contact", "deal", "conversation", …
  std::string aggregate_id;    // id of the aggregate the event belongs to (ordering key)
  std::string payload;         // a JSON object as text, documented per type in EVENTS.md
  Timestamp occurred_at;
  // Position in the global outbox order; assigned by AppendEvent, 0 before. Increases with
  // every append; gaps are possible (rolled-back appends).
  int64_t sequence = 0;
};

inline constexpr size_t kMaxEventTypeLength = 100;
inline constexpr size_t kMaxEventPayloadBytes = 256 * 1024;

// A new event with a fresh UUID v7 id and occurred_at = clock.Now(). `payload` must be a JSON
// object text (not validated beyond its shape here; the producing module owns its schema).
DomainEvent NewDomainEvent(const Clock& clock, Random& random, OrgId org, std::string type,
                           std::string aggregate_type, std::string aggregate_id,
                           std::string payload);

// Checks the event's shape: non-empty id, a dotted lowercase type of at most 100 characters
// ([a-z][a-z0-9_]* segments separated by '.', at least two), non-empty aggregate type and id,
// a payload that starts with '{' and ends with '}' and is at most 256 KiB.
// Errors: kInvalidArgument naming the field.
Result<void> ValidateEvent(const DomainEvent& event);

// True when `type` is a valid event type (see ValidateEvent).
bool IsValidEventType(std::string_view type);

// Appends `event` to the outbox inside the caller's transaction `tx`, which must be a kWrite
// transaction whose scope is the event's organization (or system scope). The event becomes
// visible to subscribers and the API only when `tx` commits, and disappears with a rollback.
// Call it AFTER the change it describes (after locking/updating the aggregate's row): per
// aggregate, delivery order is append order, which equals commit order when appends for one
// aggregate are serialised by the aggregate's row lock.
// Errors: kInvalidArgument (ValidateEvent); kConflict when the id already exists; the
// transaction's errors otherwise (the transaction is then aborted).
Result<void> AppendEvent(db::Tx& tx, const DomainEvent& event);

}  // namespace syntera::events
