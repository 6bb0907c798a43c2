#pragma once
// The access-token signing key: from configuration when set, otherwise generated once and kept
// in <data_dir>/secrets/jwt.key (mode 0600) so tokens survive restarts in embedded mode.

#include <string>

#include "base/random.h"
#include "base/result.h"

namespace syntera::app {

// Errors: kUnavailable when the key file cannot be read or written (the message names it).
Result<std::string> LoadOrCreateSigningKey(const std::string& configured,
                                           const std::string& data_dir, Random& random);

}  // namespace syntera::app
