#include "auth/password_policy.h"

#include <crack.h>

#include <cstddef>  // crack.h uses size_t without including it
#include <filesystem>

#include "auth/common_passwords.h"
#include "base/encoding.h"
#include "obs/logger.h"

namespace syntera::auth {
namespace {

// Words shorter than this are only rejected on an exact match: "jo@…" must not forbid every
// password containing "jo".
constexpr size_t kMinContainedWord = 4;

bool ResemblesWord(const std::string& lower_password, std::string_view word) {
  std::string w = ToLowerAscii(TrimAscii(word));
  if (w.empty()) return false;
  if (lower_password == w) return true;
  return w.size() >= kMinContainedWord && lower_password.find(w) != std::string::npos;
}

// True when at least half of the adjacent byte pairs differ by exactly one ("abcd", "4321").
bool MostlySequential(std::string_view s) {
  if (s.size() < 2) return false;
  size_t steps = 0;
  for (size_t i = 1; i < s.size(); ++i) {
    int d = static_cast<unsigned char>(s[i]) - static_cast<unsigned char>(s[i - 1]);
    steps += d == 1 || d == -1;
  }
  return 2 * steps >= s.size() - 1;
}

bool DictionaryFilesExist(const std::string& base) {
  std::error_code ec;
  for (const char* ext : {".pwd", ".pwi", ".hwm"}) {
    if (!std::filesystem::exists(base + ext, ec)) return false;
  }
  return true;
}

}  // namespace

size_t CountCodePoints(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

PasswordPolicy::PasswordPolicy(obs::Logger& logger, std::string cracklib_dict)
    : logger_(logger),
      dict_path_(cracklib_dict.empty() ? GetDefaultCracklibDict() : std::move(cracklib_dict)) {
  dictionary_available_ = DictionaryFilesExist(dict_path_);
  if (!dictionary_available_) {
    dictionary_warned_ = true;
    logger_.Warn(
        "cracklib_dictionary_missing",
        {{"path", dict_path_}, {"effect", "only the built-in common-password list is checked"}});
  }
}

std::optional<std::string> PasswordPolicy::Weakness(std::string_view password,
                                                    const PasswordContext& context) const {
  size_t chars = CountCodePoints(password);
  if (chars < kMinPasswordChars) {
    return "must be at least " + std::to_string(kMinPasswordChars) + " characters";
  }
  if (chars > kMaxPasswordChars) {
    return "must be at most " + std::to_string(kMaxPasswordChars) + " characters";
  }
  if (IsCommonPassword(password)) return "is too common; choose a less predictable password";
  std::string lower = ToLowerAscii(password);
  std::string_view email = context.email;
  if (ResemblesWord(lower, email.substr(0, email.find('@')))) {
    return "must not contain your email address";
  }
  for (const std::string& org : context.org_names) {
    if (ResemblesWord(lower, org)) return "must not contain the organization name";
  }
  return DictionaryWeakness(password, context);
}

std::optional<std::string> PasswordPolicy::DictionaryWeakness(
    std::string_view password, const PasswordContext& context) const {
  if (!dictionary_available_) return std::nullopt;
  std::string pw(password);
  std::string_view email = context.email;
  std::string user(email.substr(0, email.find('@')));
  std::lock_guard lock(cracklib_mu_);
  const char* reason = FascistCheckUser(pw.c_str(), dict_path_.c_str(), user.c_str(), "");
  if (reason == nullptr) return std::nullopt;
  if (std::string_view(reason).starts_with("error loading dictionary")) {
    // The files vanished after start-up: degrade to the built-in list, say so once.
    if (!dictionary_warned_.exchange(true)) {
      logger_.Warn(
          "cracklib_dictionary_missing",
          {{"path", dict_path_}, {"effect", "only the built-in common-password list is checked"}});
    }
    return std::nullopt;
  }
  // cracklib calls a password "simplistic/systematic" once more than 4 neighbouring characters
  // are consecutive (ab, 21, …), whatever its length: that rejects about 1 in 600 long random
  // passwords. Keep the verdict only when most of the password is such a run.
  if (std::string_view(reason).find("simplistic") != std::string_view::npos &&
      !MostlySequential(password)) {
    return std::nullopt;
  }
  return std::string("is too easy to guess: ") + reason;
}

Result<void> PasswordPolicy::Check(std::string_view password, const PasswordContext& context,
                                   std::string_view field) const {
  auto weakness = Weakness(password, context);
  if (!weakness) return Ok();
  return InvalidArgument("the password is not acceptable",
                         {{std::string(field), std::move(*weakness)}});
}

}  // namespace syntera::auth
