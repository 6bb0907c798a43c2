#pragma once
// The CrmEventSink the application plugs into CrmService: each CrmEvent becomes an
// events::DomainEvent (fresh UUID v7 id, occurred_at = clock.Now()) appended to the outbox with
// events::AppendEvent inside the service's own transaction, so an event exists iff its change
// committed (and a failing append aborts the change). Types and payloads: src/events/EVENTS.md.

#include "base/clock.h"
#include "base/random.h"
#include "crm/crm_events.h"

namespace syntera::crm {

class CrmDomainEventSink final : public CrmEventSink {
 public:
  // `clock` and `random` must outlive the sink; `random` must be thread-safe (as the
  // application's CSPRNG is).
  CrmDomainEventSink(const Clock& clock, Random& random) : clock_(clock), random_(random) {}

  Result<void> Append(db::Tx& tx, const CrmEvent& event) override;

 private:
  const Clock& clock_;
  Random& random_;
};

}  // namespace syntera::crm
