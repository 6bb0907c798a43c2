#include "auth/roles.h"

#include <gtest/gtest.h>

#include "auth/slug.h"
#include "auth/validation.h"

namespace syntera::auth {
namespace {

TEST(Roles, TableHasOneRowPerOperationInOrder) {
  auto table = Permissions();
  ASSERT_EQ(table.size(), static_cast<size_t>(Operation::kManageOwnAccount) + 1);
  for (size_t i = 0; i < table.size(); ++i) {
    EXPECT_EQ(static_cast<size_t>(table[i].operation), i) << table[i].name;
  }
}

TEST(Roles, AdminsManageButNeverAboveThemselves) {
  Principal member, admin, admin_key, viewer;
  member.role = Role::kMember;
  admin.role = Role::kAdmin;
  admin_key.role = Role::kAdmin;
  admin_key.kind = CredentialKind::kApiKey;
  EXPECT_FALSE(Allows(member, Operation::kManageApiKeys));
  EXPECT_TRUE(Allows(admin, Operation::kManageApiKeys));
  EXPECT_FALSE(Allows(admin_key, Operation::kManageApiKeys)) << "keys cannot mint keys";
  EXPECT_TRUE(Allows(admin_key, Operation::kUpdateOrganization));
  EXPECT_TRUE(Allows(viewer, Operation::kReadOrganization));
  EXPECT_TRUE(MayGrant(Role::kAdmin, Role::kAdmin));
  EXPECT_FALSE(MayGrant(Role::kAdmin, Role::kOwner));
  EXPECT_FALSE(MayManageMember(Role::kAdmin, Role::kOwner));
  EXPECT_TRUE(MayManageMember(Role::kOwner, Role::kOwner));
}

TEST(Slug, FromOrganizationNames) {
  EXPECT_EQ(Slugify("Acme Corp."), "acme-corp");
  EXPECT_EQ(Slugify("  --Hello,   World!! "), "hello-world");
  EXPECT_EQ(Slugify("\xE6\x97\xA5\xE6\x9C\xAC"), "org");
  EXPECT_EQ(Slugify(std::string(100, 'a')).size(), kMaxSlugLength);
}

TEST(Validation, EmailsAndNames) {
  EXPECT_EQ(NormalizeEmail("  Ada@Example.COM "), "ada@example.com");
  EXPECT_FALSE(EmailProblem("ada@example.com").has_value());
  for (const char* bad : {"", "ada", "@example.com", "ada@", "ada@example", "a b@c.de", "a@b.c."}) {
    EXPECT_TRUE(EmailProblem(bad).has_value()) << bad;
  }
  EXPECT_TRUE(NameProblem("   ").has_value());
  EXPECT_FALSE(NameProblem(std::string(100, 'x')).has_value());
  EXPECT_TRUE(NameProblem(std::string(101, 'x')).has_value());
  std::string hundred_e_acute;
  for (int i = 0; i < 100; ++i) hundred_e_acute += "\xC3\xA9";
  EXPECT_FALSE(NameProblem(hundred_e_acute).has_value()) << "limits count characters";
}

}  // namespace
}  // namespace syntera::auth
