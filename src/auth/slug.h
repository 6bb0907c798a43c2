#pragma once
// Organization slugs: lowercase ASCII letters, digits and single dashes, derived from the name.

#include <string>
#include <string_view>

namespace syntera::auth {

inline constexpr size_t kMaxSlugLength = 48;

// "Acme Corp." -> "acme-corp"; a name without ASCII letters or digits gives "org".
std::string Slugify(std::string_view name);

}  // namespace syntera::auth
