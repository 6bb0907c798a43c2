#include "auth/email_templates.h"

namespace syntera::auth {
namespace {

std::string Link(std::string_view app_url, std::string_view path, std::string_view token) {
  std::string base(app_url);
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base + std::string(path) + "?token=" + std::string(token);
}

}  // namespace

std::string DescribeDuration(std::chrono::seconds d) {
  auto plural = [](int64_t n, const char* unit) {
    return std::to_string(n) + " " + unit + (n == 1 ? "" : "s");
  };
  int64_t s = d.count();
  if (s >= 86400 && s % 86400 == 0) return plural(s / 86400, "day");
  if (s >= 3600 && s % 3600 == 0) return plural(s / 3600, "hour");
  if (s >= 60) return plural(s / 60, "minute");
  return plural(s, "second");
}

EmailText VerificationEmail(std::string_view app_url, std::string_view name, std::string_view token,
                            std::chrono::seconds valid_for) {
  return {"Confirm your email address",
          "Hello " + std::string(name) +
              ",\n\nPlease confirm your email address for Syntera by opening this link:\n\n" +
              Link(app_url, "/verify-email", token) + "\n\nThe link is valid for " +
              DescribeDuration(valid_for) +
              ". If you did not create a Syntera account, you "
              "can ignore this message.\n"};
}

EmailText PasswordResetEmail(std::string_view app_url, std::string_view name,
                             std::string_view token, std::chrono::seconds valid_for) {
  return {"Reset your Syntera password",
          "Hello " + std::string(name) +
              ",\n\nSomeone asked to reset the password of your Syntera account. To choose a "
              "new password, open this link:\n\n" +
              Link(app_url, "/reset-password", token) + "\n\nThe link is valid for " +
              DescribeDuration(valid_for) +
              " and works once. If it was not you, ignore "
              "this message: your password stays unchanged.\n"};
}

EmailText InvitationEmail(std::string_view app_url, std::string_view org_name,
                          std::string_view role, std::string_view token,
                          std::chrono::seconds valid_for) {
  return {"You are invited to join " + std::string(org_name) + " on Syntera",
          "Hello,\n\nYou have been invited to join " + std::string(org_name) + " on Syntera as " +
              std::string(role) + ". To accept, open this link:\n\n" +
              Link(app_url, "/accept-invitation", token) + "\n\nThe invitation is valid for " +
              DescribeDuration(valid_for) + ".\n"};
}

}  // namespace syntera::auth
