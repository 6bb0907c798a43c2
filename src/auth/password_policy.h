#pragma once
// Which passwords are acceptable (NIST SP 800-63B style): 8–128 characters counted as Unicode
// code points, no composition rules, but not a common or dictionary password and not the
// user's email local part or organization name.

#include <atomic>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace syntera::obs {
class Logger;
}

namespace syntera::auth {

inline constexpr size_t kMinPasswordChars = 8;
inline constexpr size_t kMaxPasswordChars = 128;

// What the password must not resemble.
struct PasswordContext {
  std::string email;                   // its local part (before '@') is checked
  std::vector<std::string> org_names;  // organizations the user belongs to or joins
};

// Thread-safe.
class PasswordPolicy {
 public:
  // `cracklib_dict` is the dictionary base path (without ".pwd"); empty selects cracklib's
  // compiled-in default. When its files are missing, only the built-in list is used and one
  // warning is logged here. `logger` must outlive the policy.
  explicit PasswordPolicy(obs::Logger& logger, std::string cracklib_dict = {});

  // Why `password` is unacceptable ("must be at least 8 characters", "is too common", …), or
  // nullopt when it is fine.
  std::optional<std::string> Weakness(std::string_view password,
                                      const PasswordContext& context) const;

  // Ok, or kInvalidArgument with fields [{field: `field`, message: <weakness>}].
  Result<void> Check(std::string_view password, const PasswordContext& context,
                     std::string_view field = "password") const;

  bool dictionary_available() const { return dictionary_available_; }

 private:
  std::optional<std::string> DictionaryWeakness(std::string_view password,
                                                const PasswordContext& context) const;

  obs::Logger& logger_;
  std::string dict_path_;
  bool dictionary_available_ = false;
  mutable std::atomic<bool> dictionary_warned_ = false;
  mutable std::mutex cracklib_mu_;  // cracklib is not documented as thread-safe
};

// Number of Unicode code points in UTF-8 `s` (continuation bytes are not counted).
size_t CountCodePoints(std::string_view s);

}  // namespace syntera::auth
