#pragma once
// Texts of the emails the auth module sends. Each body carries the link with its token: the
// outbox is the mailbox, so the token must be in it (and nowhere else, never in logs).

#include <chrono>
#include <string>
#include <string_view>

namespace syntera::auth {

struct EmailText {
  std::string subject;
  std::string body;
};

// `valid_for` is stated in the text ("24 hours").
EmailText VerificationEmail(std::string_view app_url, std::string_view name, std::string_view token,
                            std::chrono::seconds valid_for);
EmailText PasswordResetEmail(std::string_view app_url, std::string_view name,
                             std::string_view token, std::chrono::seconds valid_for);
EmailText InvitationEmail(std::string_view app_url, std::string_view org_name,
                          std::string_view role, std::string_view token,
                          std::chrono::seconds valid_for);

// "7 days", "1 hour", "90 minutes".
std::string DescribeDuration(std::chrono::seconds d);

}  // namespace syntera::auth
