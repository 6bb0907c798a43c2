// Sign-up, login, throttling, refresh rotation, logout, switching organization.

#include <set>
#include <thread>
#include <vector>

#include "auth/auth_test_support.h"

namespace syntera::auth::testing {
namespace {

using std::chrono::days;
using std::chrono::minutes;
using std::chrono::seconds;

class SessionsTest : public AuthServiceTest {};

TEST_P(SessionsTest, SignUpLoginAndMe) {
  AuthSession s = SignUp("Ada@Example.com", "Analytical Engines");
  EXPECT_EQ(s.user.email, "ada@example.com");
  EXPECT_FALSE(s.user.email_verified());
  EXPECT_EQ(s.organization.name, "Analytical Engines");
  EXPECT_EQ(s.organization.slug, "analytical-engines");
  EXPECT_EQ(s.role, Role::kOwner);
  EXPECT_EQ(s.tokens.expires_in, seconds(900));
  EXPECT_FALSE(s.tokens.refresh_token.empty());
  EXPECT_NE(LastEmailTo("ada@example.com").find("https://app.test/verify-email?token="),
            std::string::npos);

  auto login = auth().Login("ADA@example.com", kPassword, {"192.0.2.1", "test"});
  ASSERT_TRUE(login.ok()) << login.error().message;
  EXPECT_EQ(login->user.id, s.user.id);
  EXPECT_EQ(login->organization.id, s.organization.id);

  Principal p = Who(*login);
  EXPECT_EQ(p.kind, CredentialKind::kUserToken);
  EXPECT_EQ(p.role, Role::kOwner);
  auto me = auth().GetMe(p);
  ASSERT_TRUE(me.ok()) << me.error().message;
  ASSERT_TRUE(me->user.has_value());
  EXPECT_EQ(me->user->email, "ada@example.com");
  ASSERT_EQ(me->memberships.size(), 1u);
  EXPECT_EQ(me->memberships[0].role, Role::kOwner);
  EXPECT_EQ(me->organization.id, s.organization.id);
}

TEST_P(SessionsTest, DuplicateEmailIsAConflict) {
  SignUp("ada@example.com");
  auto again = auth().SignUp({"ADA@example.com ", kPassword, "Other", "Other Org"}, {});
  EXPECT_ERROR_CODE(again, ErrorCode::kConflict);
  EXPECT_EQ(again.error().message, "an account with this email already exists");
}

TEST_P(SessionsTest, SignUpListsEveryBadField) {
  auto r = auth().SignUp({"not-an-email", "password", "", std::string(101, 'x')}, {});
  EXPECT_ERROR_CODE(r, ErrorCode::kInvalidArgument);
  std::vector<std::string> fields;
  for (const auto& f : r.error().fields) fields.push_back(f.field);
  EXPECT_EQ(fields, (std::vector<std::string>{"email", "password", "name", "organization_name"}));
}

TEST_P(SessionsTest, SameOrganizationNameGetsADistinctSlug) {
  AuthSession a = SignUp("a@example.com", "Acme");
  AuthSession b = SignUp("b@example.com", "Acme");
  EXPECT_EQ(a.organization.slug, "acme");
  EXPECT_NE(b.organization.slug, "acme");
  EXPECT_EQ(b.organization.slug.rfind("acme-", 0), 0u) << b.organization.slug;
}

TEST_P(SessionsTest, ConcurrentSignUpsWithTheSameOrganizationNameAllSucceed) {
  constexpr int kThreads = 6;
  std::vector<std::thread> threads;
  std::vector<Result<AuthSession>> results(kThreads, Internal("not run"));
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      results[i] = auth().SignUp(
          {"user" + std::to_string(i) + "@example.com", kPassword, "User", "Acme"}, {});
    });
  }
  for (auto& t : threads) t.join();
  std::set<std::string> slugs;
  for (const auto& r : results) {
    ASSERT_TRUE(r.ok()) << r.error().message;
    slugs.insert(r->organization.slug);
  }
  EXPECT_EQ(slugs.size(), static_cast<size_t>(kThreads));
}

TEST_P(SessionsTest, UnknownEmailAndWrongPasswordAnswerIdentically) {
  SignUp("ada@example.com");
  auto wrong = auth().Login("ada@example.com", "not the password", {});
  auto unknown = auth().Login("nobody@example.com", kPassword, {});
  EXPECT_ERROR_CODE(wrong, ErrorCode::kUnauthenticated);
  EXPECT_ERROR_CODE(unknown, ErrorCode::kUnauthenticated);
  EXPECT_EQ(wrong.error().message, unknown.error().message);
  EXPECT_EQ(wrong.error().message, "invalid email or password");
}

TEST_P(SessionsTest, ThrottlesRepeatedFailuresAcrossRestarts) {
  SignUp("ada@example.com");
  for (int i = 0; i < 5; ++i) {
    EXPECT_ERROR_CODE(auth().Login("ada@example.com", "wrong", {}), ErrorCode::kUnauthenticated);
  }
  auto throttled = auth().Login("ada@example.com", kPassword, {});
  EXPECT_ERROR_CODE(throttled, ErrorCode::kRateLimited);
  EXPECT_EQ(throttled.error().retry_after_seconds, 1);

  clock_.Advance(seconds(1));
  EXPECT_ERROR_CODE(auth().Login("ada@example.com", "wrong", {}), ErrorCode::kUnauthenticated);
  // Six failures: the next attempt waits 2 s — also for a fresh service (state is persisted).
  auto restarted = NewService();
  auto r = restarted->Login("ada@example.com", kPassword, {});
  EXPECT_ERROR_CODE(r, ErrorCode::kRateLimited);
  EXPECT_EQ(r.error().retry_after_seconds, 2);

  clock_.Advance(seconds(2));
  ASSERT_TRUE(restarted->Login("ada@example.com", kPassword, {}).ok());
  // Success resets the counter.
  EXPECT_ERROR_CODE(restarted->Login("ada@example.com", "wrong", {}), ErrorCode::kUnauthenticated);
  EXPECT_TRUE(restarted->Login("ada@example.com", kPassword, {}).ok());
}

TEST_P(SessionsTest, UnknownEmailsAreThrottledToo) {
  for (int i = 0; i < 5; ++i) (void)auth().Login("ghost@example.com", "wrong", {});
  EXPECT_ERROR_CODE(auth().Login("ghost@example.com", "wrong", {}), ErrorCode::kRateLimited);
}

TEST_P(SessionsTest, ThrottlesAClientIp) {
  AuthOptions options = Options();
  options.login_throttle.max_failures_per_ip = 3;
  auto service = NewService(options);
  SignUp("ada@example.com");
  for (int i = 0; i < 3; ++i) {
    (void)service->Login("user" + std::to_string(i) + "@example.com", "wrong",
                         {"198.51.100.7", ""});
  }
  auto r = service->Login("ada@example.com", kPassword, {"198.51.100.7", ""});
  EXPECT_ERROR_CODE(r, ErrorCode::kRateLimited);
  EXPECT_TRUE(service->Login("ada@example.com", kPassword, {"198.51.100.8", ""}).ok());
}

TEST_P(SessionsTest, RefreshRotatesTheToken) {
  AuthSession s = SignUp("ada@example.com");
  clock_.Advance(minutes(1));
  auto next = auth().Refresh(s.tokens.refresh_token);
  ASSERT_TRUE(next.ok()) << next.error().message;
  EXPECT_NE(next->tokens.refresh_token, s.tokens.refresh_token);
  EXPECT_EQ(next->user.id, s.user.id);
  EXPECT_EQ(next->organization.id, s.organization.id);
  EXPECT_EQ(Who(*next).session_id, Who(s).session_id) << "same session (token family)";
  auto again = auth().Refresh(next->tokens.refresh_token);
  ASSERT_TRUE(again.ok());
}

TEST_P(SessionsTest, ReusedRefreshTokenRevokesTheFamily) {
  AuthSession s = SignUp("ada@example.com");
  auto next = auth().Refresh(s.tokens.refresh_token);
  ASSERT_TRUE(next.ok());
  // The old token comes back (stolen): 401, and everything from that session dies.
  EXPECT_ERROR_CODE(auth().Refresh(s.tokens.refresh_token), ErrorCode::kUnauthenticated);
  EXPECT_ERROR_CODE(auth().Refresh(next->tokens.refresh_token), ErrorCode::kUnauthenticated);
  EXPECT_ERROR_CODE(auth().Authenticate(next->tokens.access_token), ErrorCode::kUnauthenticated);
  EXPECT_ERROR_CODE(auth().Authenticate(s.tokens.access_token), ErrorCode::kUnauthenticated);
  // Other sessions of the user are unaffected.
  auto other = auth().Login("ada@example.com", kPassword, {});
  ASSERT_TRUE(other.ok());
  EXPECT_TRUE(auth().Authenticate(other->tokens.access_token).ok());
}

TEST_P(SessionsTest, RefreshTokensExpire) {
  AuthSession s = SignUp("ada@example.com");
  EXPECT_ERROR_CODE(auth().Refresh("not-a-token"), ErrorCode::kUnauthenticated);
  clock_.Advance(days(30));
  EXPECT_ERROR_CODE(auth().Refresh(s.tokens.refresh_token), ErrorCode::kUnauthenticated);
}

TEST_P(SessionsTest, AccessTokensExpireAfterFifteenMinutes) {
  AuthSession s = SignUp("ada@example.com");
  clock_.Advance(minutes(14));
  EXPECT_TRUE(auth().Authenticate(s.tokens.access_token).ok());
  clock_.Advance(minutes(1));
  EXPECT_ERROR_CODE(auth().Authenticate(s.tokens.access_token), ErrorCode::kUnauthenticated);
}

TEST_P(SessionsTest, TamperedAccessTokenIsRejected) {
  AuthSession s = SignUp("ada@example.com");
  std::string t = s.tokens.access_token;
  size_t dot = t.find('.');
  std::string flipped = t;
  flipped[dot + 5] = flipped[dot + 5] == 'A' ? 'B' : 'A';
  EXPECT_ERROR_CODE(auth().Authenticate(flipped), ErrorCode::kUnauthenticated);
  EXPECT_ERROR_CODE(auth().Authenticate("eyJhbGciOiJub25lIn0.e30."), ErrorCode::kUnauthenticated);
}

TEST_P(SessionsTest, LogoutRevokesTheSession) {
  AuthSession s = SignUp("ada@example.com");
  Principal p = Who(s);
  ASSERT_TRUE(auth().Logout(p).ok());
  EXPECT_ERROR_CODE(auth().Authenticate(s.tokens.access_token), ErrorCode::kUnauthenticated);
  EXPECT_ERROR_CODE(auth().Refresh(s.tokens.refresh_token), ErrorCode::kUnauthenticated);
}

TEST_P(SessionsTest, SwitchOrganizationOnlyToOwnMemberships) {
  AuthSession ada = SignUp("ada@example.com", "Engines");
  AuthSession bob = SignUp("bob@example.com", "Looms");
  // Bob invites Ada; Ada accepts as herself.
  ASSERT_TRUE(auth().CreateInvitation(Who(bob), "ada@example.com", Role::kMember).ok());
  std::string token = TokenIn(LastEmailTo("ada@example.com"));
  ASSERT_TRUE(auth().AcceptInvitationAsUser(Who(ada), token).ok());

  auto switched = auth().SwitchOrganization(Who(ada), bob.organization.id);
  ASSERT_TRUE(switched.ok()) << switched.error().message;
  EXPECT_EQ(switched->organization.id, bob.organization.id);
  EXPECT_EQ(switched->role, Role::kMember);
  Principal p = Who(*switched);
  EXPECT_EQ(p.org_id, bob.organization.id);
  EXPECT_EQ(p.role, Role::kMember);
  // The session moved: its earlier tokens (issued for the other organization) stop working.
  EXPECT_ERROR_CODE(auth().Refresh(ada.tokens.refresh_token), ErrorCode::kUnauthenticated);
  EXPECT_ERROR_CODE(auth().Authenticate(ada.tokens.access_token), ErrorCode::kUnauthenticated);

  AuthSession eve = SignUp("eve@example.com", "Elsewhere");
  EXPECT_ERROR_CODE(auth().SwitchOrganization(Who(*switched), eve.organization.id),
                    ErrorCode::kNotFound);
  // Next login lands in the most recently used organization.
  clock_.Advance(minutes(1));
  auto login = auth().Login("ada@example.com", kPassword, {});
  ASSERT_TRUE(login.ok());
  EXPECT_EQ(login->organization.id, bob.organization.id);
}

TEST_P(SessionsTest, CreateAdminMakesAVerifiedOwner) {
  auto admin = auth().CreateAdmin("Root@Example.com", kPassword, "Root", "Operations");
  ASSERT_TRUE(admin.ok()) << admin.error().message;
  EXPECT_TRUE(admin->user.email_verified());
  EXPECT_EQ(EmailCount("root@example.com"), 0);
  auto login = auth().Login("root@example.com", kPassword, {});
  ASSERT_TRUE(login.ok());
  EXPECT_EQ(login->role, Role::kOwner);
  EXPECT_ERROR_CODE(auth().CreateAdmin("root@example.com", kPassword, "Root", "Ops"),
                    ErrorCode::kConflict);
}

SYNTERA_INSTANTIATE_ENGINE_TEST(SessionsTest);

}  // namespace
}  // namespace syntera::auth::testing
