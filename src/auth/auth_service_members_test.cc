// Members and the organization: role changes, removal, last owner, pagination, tenancy.

#include "auth/auth_test_support.h"

namespace syntera::auth::testing {
namespace {

using std::chrono::milliseconds;

class MembersTest : public AuthServiceTest {
 protected:
  AuthSession Join(const AuthSession& owner, const std::string& email, Role role) {
    auto inv = auth().CreateInvitation(Who(owner), email, role);
    EXPECT_TRUE(inv.ok()) << inv.error().message;
    auto s = auth().AcceptInvitationAsNewUser(TokenIn(LastEmailTo(email)), kPassword, "Person", {});
    EXPECT_TRUE(s.ok()) << s.error().message;
    return s.ok() ? std::move(s).value() : AuthSession{};
  }
};

TEST_P(MembersTest, RemovedMembersTokenIsRejectedAtOnce) {
  AuthSession owner = SignUp("ada@example.com");
  AuthSession grace = Join(owner, "grace@example.com", Role::kMember);
  ASSERT_TRUE(auth().Authenticate(grace.tokens.access_token).ok());
  ASSERT_TRUE(auth().RemoveMember(Who(owner), grace.user.id).ok());
  EXPECT_ERROR_CODE(auth().Authenticate(grace.tokens.access_token), ErrorCode::kUnauthenticated);
  EXPECT_ERROR_CODE(auth().Refresh(grace.tokens.refresh_token), ErrorCode::kUnauthenticated);
  EXPECT_ERROR_CODE(auth().RemoveMember(Who(owner), grace.user.id), ErrorCode::kNotFound);
}

TEST_P(MembersTest, RoleChangesApplyToExistingTokens) {
  AuthSession owner = SignUp("ada@example.com");
  AuthSession grace = Join(owner, "grace@example.com", Role::kMember);
  auto changed = auth().ChangeMemberRole(Who(owner), grace.user.id, Role::kViewer);
  ASSERT_TRUE(changed.ok()) << changed.error().message;
  EXPECT_EQ(changed->role, Role::kViewer);
  EXPECT_EQ(Who(grace).role, Role::kViewer);
}

TEST_P(MembersTest, AdminsCannotRiseAboveThemselvesOrTouchOwners) {
  AuthSession owner = SignUp("ada@example.com");
  AuthSession admin = Join(owner, "admin@example.com", Role::kAdmin);
  AuthSession member = Join(owner, "member@example.com", Role::kMember);
  EXPECT_ERROR_CODE(auth().ChangeMemberRole(Who(admin), member.user.id, Role::kOwner),
                    ErrorCode::kPermissionDenied);
  EXPECT_ERROR_CODE(auth().ChangeMemberRole(Who(admin), admin.user.id, Role::kOwner),
                    ErrorCode::kPermissionDenied);
  EXPECT_ERROR_CODE(auth().ChangeMemberRole(Who(admin), owner.user.id, Role::kViewer),
                    ErrorCode::kPermissionDenied);
  EXPECT_ERROR_CODE(auth().RemoveMember(Who(admin), owner.user.id), ErrorCode::kPermissionDenied);
  EXPECT_TRUE(auth().ChangeMemberRole(Who(admin), member.user.id, Role::kAdmin).ok());
  // `member` is an admin now; a fresh member still cannot remove anyone.
  AuthSession viewer = Join(owner, "viewer@example.com", Role::kViewer);
  EXPECT_ERROR_CODE(auth().RemoveMember(Who(viewer), admin.user.id), ErrorCode::kPermissionDenied);
}

TEST_P(MembersTest, TheLastOwnerStays) {
  AuthSession owner = SignUp("ada@example.com");
  EXPECT_ERROR_CODE(auth().ChangeMemberRole(Who(owner), owner.user.id, Role::kAdmin),
                    ErrorCode::kFailedPrecondition);
  EXPECT_ERROR_CODE(auth().RemoveMember(Who(owner), owner.user.id), ErrorCode::kFailedPrecondition);
  AuthSession second = Join(owner, "second@example.com", Role::kOwner);
  ASSERT_TRUE(auth().ChangeMemberRole(Who(second), owner.user.id, Role::kAdmin).ok());
  EXPECT_ERROR_CODE(auth().RemoveMember(Who(second), second.user.id),
                    ErrorCode::kFailedPrecondition);
}

TEST_P(MembersTest, ListsMembersWithAStableCursor) {
  AuthSession owner = SignUp("ada@example.com");
  for (int i = 0; i < 4; ++i) {
    clock_.Advance(milliseconds(1));
    Join(owner, "m" + std::to_string(i) + "@example.com", Role::kMember);
  }
  auto first = auth().ListMembers(Who(owner), {.limit = 2});
  ASSERT_TRUE(first.ok());
  ASSERT_EQ(first->items.size(), 2u);
  ASSERT_TRUE(first->next.has_value());
  EXPECT_EQ(first->items[0].user.email, "ada@example.com");
  EXPECT_EQ(first->items[0].role, Role::kOwner);
  // A member joining meanwhile does not shift the next page.
  Join(owner, "late@example.com", Role::kViewer);
  auto second = auth().ListMembers(Who(owner), {.limit = 2, .after = first->next});
  ASSERT_TRUE(second.ok());
  ASSERT_EQ(second->items.size(), 2u);
  EXPECT_EQ(second->items[0].user.email, "m1@example.com");
  EXPECT_EQ(second->items[1].user.email, "m2@example.com");
  auto rest = auth().ListMembers(Who(owner), {.limit = 10, .after = second->next});
  ASSERT_TRUE(rest.ok());
  ASSERT_EQ(rest->items.size(), 2u);
  EXPECT_FALSE(rest->next.has_value());
}

TEST_P(MembersTest, AnotherOrganizationGetsNotFound) {
  AuthSession a = SignUp("ada@example.com", "Engines");
  AuthSession grace = Join(a, "grace@example.com", Role::kMember);
  AuthSession b = SignUp("bob@example.com", "Looms");
  EXPECT_ERROR_CODE(auth().ChangeMemberRole(Who(b), grace.user.id, Role::kViewer),
                    ErrorCode::kNotFound);
  EXPECT_ERROR_CODE(auth().RemoveMember(Who(b), grace.user.id), ErrorCode::kNotFound);
  auto list = auth().ListMembers(Who(b), {});
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->items.size(), 1u);
  EXPECT_EQ(list->items[0].user.email, "bob@example.com");
  EXPECT_EQ(Who(grace).role, Role::kMember);
}

TEST_P(MembersTest, OrganizationRename) {
  AuthSession owner = SignUp("ada@example.com", "Engines");
  AuthSession member = Join(owner, "member@example.com", Role::kMember);
  EXPECT_ERROR_CODE(auth().UpdateOrganization(Who(member), "Mine now"),
                    ErrorCode::kPermissionDenied);
  EXPECT_ERROR_CODE(auth().UpdateOrganization(Who(owner), "  "), ErrorCode::kInvalidArgument);
  auto org = auth().UpdateOrganization(Who(owner), " Engines Ltd ");
  ASSERT_TRUE(org.ok()) << org.error().message;
  EXPECT_EQ(org->name, "Engines Ltd");
  EXPECT_EQ(org->slug, "engines") << "the slug is stable";
  auto seen = auth().GetOrganization(Who(member));
  ASSERT_TRUE(seen.ok());
  EXPECT_EQ(seen->name, "Engines Ltd");
}

SYNTERA_INSTANTIATE_ENGINE_TEST(MembersTest);

}  // namespace
}  // namespace syntera::auth::testing
