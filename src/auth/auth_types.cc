#include "auth/auth_types.h"

namespace syntera::auth {

std::string_view InvitationStatusName(InvitationStatus s) {
  switch (s) {
    case InvitationStatus::kPending:
      return "pending";
    case InvitationStatus::kAccepted:
      return "accepted";
    case InvitationStatus::kRevoked:
      return "revoked";
    case InvitationStatus::kExpired:
      return "expired";
  }
  return "pending";
}

InvitationStatus Invitation::StatusAt(Timestamp now) const {
  if (accepted_at) return InvitationStatus::kAccepted;
  if (revoked_at) return InvitationStatus::kRevoked;
  if (now >= expires_at) return InvitationStatus::kExpired;
  return InvitationStatus::kPending;
}

}  // namespace syntera::auth
