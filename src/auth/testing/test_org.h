#pragma once
// Test support for every module whose tests need tenants (test binaries only): organizations
// with members, written straight into the auth tables (the auth migrations must be applied).

#include <string>

#include "base/clock.h"
#include "base/principal.h"
#include "base/random.h"
#include "db/database.h"

namespace syntera::auth::testing {

// A new organization named `name` (a unique slug) with one user of `role`; returns that
// user's principal (session "s-<name>"). A failure fails the current test (EXPECT).
Principal MakeOrg(db::Database& db, const Clock& clock, Random& random, const std::string& name,
                  Role role = Role::kAdmin);
// Another user of `org`'s organization, as a member.
Principal AddMember(db::Database& db, const Clock& clock, Random& random, const Principal& org);

}  // namespace syntera::auth::testing
