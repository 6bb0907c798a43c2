#include "crm/crm_service.h"

namespace syntera::crm {

CrmService::CrmService(db::Database& db, const Clock& clock, Random& random,
                       CrmEventSink& events)
    : db_(db), clock_(clock), random_(random), events_(events) {}

std::string CrmService::NewId() { return NewUuidV7(clock_, random_); }

Result<void> CrmService::Emit(db::Tx& tx, const Principal& who, std::string type,
                              std::string aggregate, std::string id, std::string payload) {
  return events_.Append(tx, CrmEvent{who.org_id, std::move(type), std::move(aggregate),
                                     std::move(id), std::move(payload)});
}

Result<void> RequireRole(const Principal& who, Role role) {
  if (!RoleAtLeast(who.role, role)) return PermissionDenied();
  return Ok();
}

}  // namespace syntera::crm
