#include "auth/validation.h"

#include "auth/password_policy.h"
#include "base/encoding.h"

namespace syntera::auth {

std::string NormalizeEmail(std::string_view email) { return ToLowerAscii(TrimAscii(email)); }

std::optional<std::string> EmailProblem(std::string_view email) {
  if (email.empty()) return "is required";
  if (email.size() > kMaxEmailBytes) return "must be at most 254 characters";
  size_t at = email.find('@');
  bool ok = at != std::string_view::npos && at > 0 && at + 1 < email.size() &&
            email.find('@', at + 1) == std::string_view::npos &&
            email.find('.', at + 2) != std::string_view::npos &&
            email.find_first_of(" \t\r\n<>()[],;:\"") == std::string_view::npos &&
            email.back() != '.';
  if (!ok) return "must be an email address";
  return std::nullopt;
}

std::optional<std::string> NameProblem(std::string_view name) {
  if (TrimAscii(name).empty()) return "must not be empty";
  if (CountCodePoints(name) > kMaxNameChars) {
    return "must be at most " + std::to_string(kMaxNameChars) + " characters";
  }
  return std::nullopt;
}

void FieldProblems::Add(std::string_view field, std::optional<std::string> problem) {
  if (problem) fields_.push_back({std::string(field), std::move(*problem)});
}

Result<void> FieldProblems::Finish() const {
  if (fields_.empty()) return Ok();
  std::string msg = "invalid fields:";
  for (size_t i = 0; i < fields_.size(); ++i) msg += (i ? ", " : " ") + fields_[i].field;
  return InvalidArgument(std::move(msg), fields_);
}

}  // namespace syntera::auth
