// Password change and reset, email verification.

#include "auth/auth_test_support.h"

namespace syntera::auth::testing {
namespace {

using std::chrono::hours;
using std::chrono::minutes;

constexpr char kNewPassword[] = "a brand new passphrase 42";

class PasswordsTest : public AuthServiceTest {};

TEST_P(PasswordsTest, ChangeNeedsTheCurrentPasswordAndEndsOtherSessions) {
  AuthSession s = SignUp("ada@example.com");
  auto other = auth().Login("ada@example.com", kPassword, {});
  ASSERT_TRUE(other.ok());

  auto wrong = auth().ChangePassword(Who(s), "not it", kNewPassword);
  EXPECT_ERROR_CODE(wrong, ErrorCode::kInvalidArgument);
  EXPECT_EQ(wrong.error().fields.at(0).field, "current_password");

  auto weak = auth().ChangePassword(Who(s), kPassword, "password1");
  EXPECT_ERROR_CODE(weak, ErrorCode::kInvalidArgument);
  EXPECT_EQ(weak.error().fields.at(0).field, "password");

  ASSERT_TRUE(auth().ChangePassword(Who(s), kPassword, kNewPassword).ok());
  EXPECT_TRUE(auth().Authenticate(s.tokens.access_token).ok()) << "this session stays";
  EXPECT_ERROR_CODE(auth().Authenticate(other->tokens.access_token), ErrorCode::kUnauthenticated);
  EXPECT_ERROR_CODE(auth().Refresh(other->tokens.refresh_token), ErrorCode::kUnauthenticated);
  EXPECT_ERROR_CODE(auth().Login("ada@example.com", kPassword, {}), ErrorCode::kUnauthenticated);
  EXPECT_TRUE(auth().Login("ada@example.com", kNewPassword, {}).ok());
}

TEST_P(PasswordsTest, WrongCurrentPasswordsAreThrottledLikeLogins) {
  AuthSession s = SignUp("ada@example.com");
  for (int i = 0; i < 5; ++i) (void)auth().ChangePassword(Who(s), "guess", kNewPassword);
  EXPECT_ERROR_CODE(auth().ChangePassword(Who(s), kPassword, kNewPassword),
                    ErrorCode::kRateLimited);
}

TEST_P(PasswordsTest, ResetTokenIsSingleUseAndEndsAllSessions) {
  AuthSession s = SignUp("ada@example.com");
  ASSERT_TRUE(auth().RequestPasswordReset("ADA@example.com").ok());
  std::string body = LastEmailTo("ada@example.com");
  EXPECT_NE(body.find("https://app.test/reset-password?token="), std::string::npos) << body;
  std::string token = TokenIn(body);
  ASSERT_FALSE(token.empty());

  auto weak = auth().ResetPassword(token, "12345678");
  EXPECT_ERROR_CODE(weak, ErrorCode::kInvalidArgument);
  EXPECT_EQ(weak.error().fields.at(0).field, "password");

  ASSERT_TRUE(auth().ResetPassword(token, kNewPassword).ok());
  EXPECT_ERROR_CODE(auth().Authenticate(s.tokens.access_token), ErrorCode::kUnauthenticated);
  auto again = auth().ResetPassword(token, "yet another passphrase 7");
  EXPECT_ERROR_CODE(again, ErrorCode::kInvalidArgument);
  EXPECT_EQ(again.error().fields.at(0).field, "token");
  auto login = auth().Login("ada@example.com", kNewPassword, {});
  ASSERT_TRUE(login.ok());
  EXPECT_TRUE(login->user.email_verified()) << "the reset link proved the address";
}

TEST_P(PasswordsTest, ResetTokenExpiresAfterAnHour) {
  SignUp("ada@example.com");
  ASSERT_TRUE(auth().RequestPasswordReset("ada@example.com").ok());
  std::string token = TokenIn(LastEmailTo("ada@example.com"));
  clock_.Advance(minutes(61));
  EXPECT_ERROR_CODE(auth().ResetPassword(token, kNewPassword), ErrorCode::kInvalidArgument);
}

TEST_P(PasswordsTest, OnlyTheNewestResetLinkWorks) {
  SignUp("ada@example.com");
  ASSERT_TRUE(auth().RequestPasswordReset("ada@example.com").ok());
  std::string first = TokenIn(LastEmailTo("ada@example.com"));
  Tick();
  ASSERT_TRUE(auth().RequestPasswordReset("ada@example.com").ok());
  std::string second = TokenIn(LastEmailTo("ada@example.com"));
  EXPECT_ERROR_CODE(auth().ResetPassword(first, kNewPassword), ErrorCode::kInvalidArgument);
  EXPECT_TRUE(auth().ResetPassword(second, kNewPassword).ok());
}

TEST_P(PasswordsTest, UnknownEmailStillSucceedsButSendsNothing) {
  EXPECT_TRUE(auth().RequestPasswordReset("nobody@example.com").ok());
  EXPECT_TRUE(auth().RequestPasswordReset("not even an email").ok());
  EXPECT_EQ(EmailCount("nobody@example.com"), 0);
}

TEST_P(PasswordsTest, EmailVerification) {
  AuthSession s = SignUp("ada@example.com");
  std::string first = TokenIn(LastEmailTo("ada@example.com"));
  ASSERT_TRUE(auth().RequestEmailVerification(Who(s)).ok());
  std::string second = TokenIn(LastEmailTo("ada@example.com"));
  EXPECT_NE(first, second);
  EXPECT_ERROR_CODE(auth().VerifyEmail(first), ErrorCode::kInvalidArgument);  // superseded
  ASSERT_TRUE(auth().VerifyEmail(second).ok());
  EXPECT_ERROR_CODE(auth().VerifyEmail(second), ErrorCode::kInvalidArgument);  // single use
  auto me = auth().GetMe(Who(s));
  ASSERT_TRUE(me.ok());
  EXPECT_TRUE(me->user->email_verified());
  int before = EmailCount("ada@example.com");
  ASSERT_TRUE(auth().RequestEmailVerification(Who(s)).ok());
  EXPECT_EQ(EmailCount("ada@example.com"), before) << "already verified: nothing sent";
}

TEST_P(PasswordsTest, VerificationLinkExpiresAfterADay) {
  SignUp("ada@example.com");
  std::string token = TokenIn(LastEmailTo("ada@example.com"));
  clock_.Advance(hours(24));
  EXPECT_ERROR_CODE(auth().VerifyEmail(token), ErrorCode::kInvalidArgument);
}

TEST_P(PasswordsTest, TokensAreStoredHashedOnly) {
  SignUp("ada@example.com");
  ASSERT_TRUE(auth().RequestPasswordReset("ada@example.com").ok());
  std::string token = TokenIn(LastEmailTo("ada@example.com"));
  auto rows = Query("SELECT token_hash FROM one_time_tokens");
  ASSERT_TRUE(rows.ok());
  for (const auto& row : *rows) EXPECT_NE(row.Text(0), token);
  EXPECT_EQ(rows->size(), 2u);
}

SYNTERA_INSTANTIATE_ENGINE_TEST(PasswordsTest);

}  // namespace
}  // namespace syntera::auth::testing
