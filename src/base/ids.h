#pragma once
// Identifiers: UUID v7 text (time-ordered, so ids sort by creation) and distinct id types so a
// ContactId cannot be passed where an OrgId is expected.

#include <string>
#include <utility>

#include "base/clock.h"
#include "base/random.h"

namespace syntera {

// Returns a new lowercase UUID v7 string ("0190b6c4-...-7xxx-...").
std::string NewUuidV7(const Clock& clock, Random& random);

// True when `s` is a canonical lowercase-or-uppercase UUID text of 36 characters.
bool LooksLikeUuid(std::string_view s);

template <typename Tag>
class TypedId {
 public:
  TypedId() = default;
  explicit TypedId(std::string v) : v_(std::move(v)) {}
  const std::string& str() const { return v_; }
  bool empty() const { return v_.empty(); }
  friend bool operator==(const TypedId&, const TypedId&) = default;
  friend auto operator<=>(const TypedId&, const TypedId&) = default;

 private:
  std::string v_;
};

using OrgId = TypedId<struct OrgIdTag>;
using UserId = TypedId<struct UserIdTag>;

}  // namespace syntera
