// Invitations: create, accept as a new or existing user, role ceiling, resend, revoke, tenancy.

#include "auth/auth_test_support.h"

namespace syntera::auth::testing {
namespace {

using std::chrono::days;

class InvitationsTest : public AuthServiceTest {
 protected:
  // Invites `email` into `owner`'s organization and accepts as a new user.
  AuthSession Join(const AuthSession& owner, const std::string& email, Role role) {
    auto inv = auth().CreateInvitation(Who(owner), email, role);
    EXPECT_TRUE(inv.ok()) << inv.error().message;
    auto s = auth().AcceptInvitationAsNewUser(TokenIn(LastEmailTo(email)), kPassword,
                                              "Invited Person", {});
    EXPECT_TRUE(s.ok()) << s.error().message;
    return s.ok() ? std::move(s).value() : AuthSession{};
  }
};

TEST_P(InvitationsTest, AcceptAsANewUser) {
  AuthSession owner = SignUp("ada@example.com", "Engines");
  auto inv = auth().CreateInvitation(Who(owner), "Grace@Example.com", Role::kAdmin);
  ASSERT_TRUE(inv.ok()) << inv.error().message;
  EXPECT_EQ(inv->email, "grace@example.com");
  EXPECT_EQ(inv->status, InvitationStatus::kPending);
  EXPECT_EQ(inv->expires_at - inv->created_at, days(7));
  std::string body = LastEmailTo("grace@example.com");
  EXPECT_NE(body.find("Engines"), std::string::npos);
  std::string token = TokenIn(body);

  auto weak = auth().AcceptInvitationAsNewUser(token, "password", "", {});
  EXPECT_ERROR_CODE(weak, ErrorCode::kInvalidArgument);
  EXPECT_EQ(weak.error().fields.size(), 2u) << "password and name";

  auto s = auth().AcceptInvitationAsNewUser(token, kPassword, "Grace Hopper", {});
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(s->user.email, "grace@example.com");
  EXPECT_TRUE(s->user.email_verified());
  EXPECT_EQ(s->organization.id, owner.organization.id);
  EXPECT_EQ(s->role, Role::kAdmin);
  EXPECT_EQ(Who(*s).role, Role::kAdmin);
  EXPECT_ERROR_CODE(auth().AcceptInvitationAsNewUser(token, kPassword, "Again", {}),
                    ErrorCode::kInvalidArgument);

  auto list = auth().ListInvitations(Who(owner), {});
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->items.size(), 1u);
  EXPECT_EQ(list->items[0].status, InvitationStatus::kAccepted);
}

TEST_P(InvitationsTest, AcceptAsTheSignedInUserWithTheMatchingEmail) {
  AuthSession owner = SignUp("ada@example.com", "Engines");
  AuthSession grace = SignUp("grace@example.com", "Navy");
  AuthSession eve = SignUp("eve@example.com", "Elsewhere");
  ASSERT_TRUE(auth().CreateInvitation(Who(owner), "grace@example.com", Role::kMember).ok());
  std::string token = TokenIn(LastEmailTo("grace@example.com"));

  EXPECT_ERROR_CODE(auth().AcceptInvitationAsUser(Who(eve), token), ErrorCode::kPermissionDenied);
  EXPECT_ERROR_CODE(auth().AcceptInvitationAsNewUser(token, kPassword, "Grace", {}),
                    ErrorCode::kConflict);
  auto m = auth().AcceptInvitationAsUser(Who(grace), token);
  ASSERT_TRUE(m.ok()) << m.error().message;
  EXPECT_EQ(m->organization.id, owner.organization.id);
  EXPECT_EQ(m->role, Role::kMember);
  auto me = auth().GetMe(Who(grace));
  ASSERT_TRUE(me.ok());
  EXPECT_EQ(me->memberships.size(), 2u);
}

TEST_P(InvitationsTest, RoleCeilingAndConflicts) {
  AuthSession owner = SignUp("ada@example.com", "Engines");
  AuthSession admin = Join(owner, "admin@example.com", Role::kAdmin);
  EXPECT_ERROR_CODE(auth().CreateInvitation(Who(admin), "x@example.com", Role::kOwner),
                    ErrorCode::kPermissionDenied);
  EXPECT_TRUE(auth().CreateInvitation(Who(admin), "x@example.com", Role::kAdmin).ok());
  // Pending already:
  EXPECT_ERROR_CODE(auth().CreateInvitation(Who(admin), "X@example.com", Role::kMember),
                    ErrorCode::kConflict);
  // Already a member:
  EXPECT_ERROR_CODE(auth().CreateInvitation(Who(owner), "admin@example.com", Role::kMember),
                    ErrorCode::kConflict);
  AuthSession member = Join(owner, "member@example.com", Role::kMember);
  EXPECT_ERROR_CODE(auth().CreateInvitation(Who(member), "y@example.com", Role::kViewer),
                    ErrorCode::kPermissionDenied);
  EXPECT_ERROR_CODE(auth().CreateInvitation(Who(owner), "not an email", Role::kViewer),
                    ErrorCode::kInvalidArgument);
}

TEST_P(InvitationsTest, ResendReplacesTheLinkAndRevokeKillsIt) {
  AuthSession owner = SignUp("ada@example.com", "Engines");
  auto inv = auth().CreateInvitation(Who(owner), "grace@example.com", Role::kMember);
  ASSERT_TRUE(inv.ok());
  std::string old_token = TokenIn(LastEmailTo("grace@example.com"));
  clock_.Advance(days(6));
  owner = Login("ada@example.com");
  auto resent = auth().ResendInvitation(Who(owner), inv->id);
  ASSERT_TRUE(resent.ok()) << resent.error().message;
  EXPECT_GT(resent->expires_at, inv->expires_at);
  std::string new_token = TokenIn(LastEmailTo("grace@example.com"));
  EXPECT_NE(old_token, new_token);
  EXPECT_ERROR_CODE(auth().AcceptInvitationAsNewUser(old_token, kPassword, "Grace", {}),
                    ErrorCode::kInvalidArgument);

  ASSERT_TRUE(auth().RevokeInvitation(Who(owner), inv->id).ok());
  EXPECT_TRUE(auth().RevokeInvitation(Who(owner), inv->id).ok()) << "idempotent";
  EXPECT_ERROR_CODE(auth().AcceptInvitationAsNewUser(new_token, kPassword, "Grace", {}),
                    ErrorCode::kInvalidArgument);
  EXPECT_ERROR_CODE(auth().ResendInvitation(Who(owner), inv->id), ErrorCode::kFailedPrecondition);
}

TEST_P(InvitationsTest, ExpiredInvitationCannotBeAccepted) {
  AuthSession owner = SignUp("ada@example.com", "Engines");
  ASSERT_TRUE(auth().CreateInvitation(Who(owner), "grace@example.com", Role::kMember).ok());
  std::string token = TokenIn(LastEmailTo("grace@example.com"));
  clock_.Advance(days(7));
  EXPECT_ERROR_CODE(auth().AcceptInvitationAsNewUser(token, kPassword, "Grace", {}),
                    ErrorCode::kInvalidArgument);
  // An expired invitation no longer blocks a new one.
  owner = Login("ada@example.com");
  EXPECT_TRUE(auth().CreateInvitation(Who(owner), "grace@example.com", Role::kMember).ok());
}

TEST_P(InvitationsTest, AnotherOrganizationCannotSeeOrTouchThem) {
  AuthSession a = SignUp("ada@example.com", "Engines");
  AuthSession b = SignUp("bob@example.com", "Looms");
  auto inv = auth().CreateInvitation(Who(a), "grace@example.com", Role::kMember);
  ASSERT_TRUE(inv.ok());
  EXPECT_ERROR_CODE(auth().ResendInvitation(Who(b), inv->id), ErrorCode::kNotFound);
  EXPECT_ERROR_CODE(auth().RevokeInvitation(Who(b), inv->id), ErrorCode::kNotFound);
  auto list = auth().ListInvitations(Who(b), {});
  ASSERT_TRUE(list.ok());
  EXPECT_TRUE(list->items.empty());
  auto mine = auth().ListInvitations(Who(a), {});
  ASSERT_TRUE(mine.ok());
  EXPECT_EQ(mine->items.size(), 1u);
  EXPECT_EQ(mine->items[0].status, InvitationStatus::kPending);
}

SYNTERA_INSTANTIATE_ENGINE_TEST(InvitationsTest);

}  // namespace
}  // namespace syntera::auth::testing
