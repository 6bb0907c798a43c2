#pragma once
// Input rules of the auth module, as pure functions: the service enforces them (so the CLI and
// other callers get the same rules) and the API uses them to report every bad field at once.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"
#include "base/result.h"

namespace syntera::auth {

inline constexpr size_t kMaxNameChars = 100;  // user, organization and API key names
inline constexpr size_t kMaxEmailBytes = 254;
// Passwords longer than this many bytes are refused before hashing (128 code points of
// 4-byte UTF-8 fit).
inline constexpr size_t kMaxPasswordBytes = 512;

// Trimmed and lowercased (ASCII).
std::string NormalizeEmail(std::string_view email);
// Why a normalised email is unacceptable, or nullopt.
std::optional<std::string> EmailProblem(std::string_view email);
// Why a (trimmed) display name is unacceptable: empty or over kMaxNameChars code points.
std::optional<std::string> NameProblem(std::string_view name);

// Collects field problems; Finish() is Ok or one kInvalidArgument listing all of them.
class FieldProblems {
 public:
  void Add(std::string_view field, std::optional<std::string> problem);
  bool empty() const { return fields_.empty(); }
  Result<void> Finish() const;

 private:
  std::vector<FieldError> fields_;
};

}  // namespace syntera::auth
