#pragma once
// SQL for `invitations`. The token is stored as SHA-256 hex only.

#include <optional>
#include <string_view>

#include "auth/auth_types.h"
#include "base/result.h"
#include "db/database.h"

namespace syntera::auth::store {

Result<void> InsertInvitation(db::Tx& tx, const Invitation& invitation,
                              std::string_view token_hash);
// nullopt when no invitation `id` exists in `org`.
Result<std::optional<Invitation>> FindInvitation(db::Tx& tx, const OrgId& org, std::string_view id);
// Across organizations (system scope: accepting needs only the token).
Result<std::optional<Invitation>> FindInvitationByTokenHash(db::Tx& tx,
                                                            std::string_view token_hash);
// True when an invitation for `email` in `org` is neither accepted, revoked nor expired.
Result<bool> HasPendingInvitation(db::Tx& tx, const OrgId& org, std::string_view email,
                                  Timestamp now);
// Newest first.
Result<Page<Invitation>> ListInvitations(db::Tx& tx, const OrgId& org, const PageRequest& page);
// Replaces the token (the old one stops working) and the expiry.
Result<void> RenewInvitation(db::Tx& tx, const OrgId& org, std::string_view id,
                             std::string_view token_hash, Timestamp expires_at);
Result<void> RevokeInvitation(db::Tx& tx, const OrgId& org, std::string_view id, Timestamp now);
// Marks a still-pending invitation accepted; false when it no longer was pending.
Result<bool> MarkInvitationAccepted(db::Tx& tx, std::string_view id, Timestamp now);

}  // namespace syntera::auth::store
