#include "crm/crm_domain_events.h"

#include "events/domain_event.h"

namespace syntera::crm {

Result<void> CrmDomainEventSink::Append(db::Tx& tx, const CrmEvent& event) {
  return events::AppendEvent(
      tx, events::NewDomainEvent(clock_, random_, event.org_id, event.type, event.aggregate_type,
                                 event.aggregate_id, event.payload));
}

}  // namespace syntera::crm
