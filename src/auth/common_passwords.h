#pragma once
// A built-in list of the most common passwords (from public breach corpora), checked even when
// the cracklib dictionary is not installed.

#include <string_view>

namespace syntera::auth {

// True when `password`, compared case-insensitively, is on the built-in list.
bool IsCommonPassword(std::string_view password);

}  // namespace syntera::auth
