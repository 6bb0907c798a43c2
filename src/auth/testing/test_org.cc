#include "auth/testing/test_org.h"

#include <gtest/gtest.h>

#include "base/ids.h"

namespace syntera::auth::testing {
namespace {

Result<void> InsertUser(db::Tx& tx, const std::string& user, const std::string& email,
                        const std::string& org, Role role) {
  SYN_RETURN_IF_ERROR(tx.Exec(
      "INSERT INTO users (id, email, name, password_hash, created_at, updated_at) "
      "VALUES (?, ?, 'U', 'x', 0, 0)",
      {db::Text(user), db::Text(email)}));
  SYN_RETURN_IF_ERROR(
      tx.Exec("INSERT INTO memberships (org_id, user_id, role, created_at) VALUES (?, ?, ?, 0)",
              {db::Text(org), db::Text(user), db::Text(std::string(RoleName(role)))}));
  return Ok();
}

}  // namespace

Principal MakeOrg(db::Database& db, const Clock& clock, Random& random, const std::string& name,
                  Role role) {
  const std::string org = NewUuidV7(clock, random), user = NewUuidV7(clock, random);
  const std::string unique = name + org.substr(0, 8);
  auto r = db::InTx(db, db::Scope::System(), db::TxMode::kWrite, [&](db::Tx& tx) -> Result<void> {
    SYN_RETURN_IF_ERROR(
        tx.Exec("INSERT INTO organizations (id, name, slug, created_at) VALUES (?, ?, ?, 0)",
                {db::Text(org), db::Text(name), db::Text(unique)}));
    return InsertUser(tx, user, unique + "@example.com", org, role);
  });
  EXPECT_TRUE(r.ok()) << r.error().message;
  Principal p;
  p.org_id = OrgId(org);
  p.user_id = UserId(user);
  p.session_id = "s-" + name;
  p.role = role;
  return p;
}

Principal AddMember(db::Database& db, const Clock& clock, Random& random, const Principal& org) {
  const std::string user = NewUuidV7(clock, random);
  auto r = db::InTx(db, db::Scope::System(), db::TxMode::kWrite, [&](db::Tx& tx) -> Result<void> {
    return InsertUser(tx, user, user + "@example.com", org.org_id.str(), Role::kMember);
  });
  EXPECT_TRUE(r.ok()) << r.error().message;
  Principal p = org;
  p.user_id = UserId(user);
  p.role = Role::kMember;
  return p;
}

}  // namespace syntera::auth::testing
