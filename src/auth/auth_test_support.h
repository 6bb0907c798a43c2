#pragma once
// Test support for the auth tests (test binary only): an AuthService over a fresh, migrated
// database on each engine, a manual clock, and helpers to read the outbox.

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "auth/auth_migrations.h"
#include "auth/auth_service.h"
#include "auth/outbox_store.h"
#include "crypto/crypto.h"
#include "db/engine_test.h"
#include "db/migrations.h"
#include "obs/logger.h"

namespace syntera::auth::testing {

inline constexpr char kPassword[] = "correct horse battery staple";
inline constexpr char kSigningKey[] = "test-signing-key-0123456789abcdef0123456789";

class AuthServiceTest : public db::EngineTest {
 protected:
  void SetUp() override {
    db::EngineTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    auto applied = db::ApplyMigrations(db(), {db::DbMigrations(), AuthMigrations()});
    ASSERT_TRUE(applied.ok()) << applied.error().message;
    service_ = NewService();
  }

  static AuthOptions Options() {
    AuthOptions o;
    o.signing_key = kSigningKey;
    o.argon2 = {.memory_kib = 1024, .iterations = 1, .parallelism = 1};  // fast for tests
    o.app_url = "https://app.test";
    return o;
  }
  // A second service over the same database (e.g. "after a restart").
  std::unique_ptr<AuthService> NewService(AuthOptions options = Options()) {
    return std::make_unique<AuthService>(db(), clock_, random_, *logger_, std::move(options));
  }
  AuthService& auth() { return *service_; }

  AuthSession SignUp(const std::string& email, const std::string& org = "Analytical Engines",
                     const std::string& name = "Ada Lovelace") {
    auto r = auth().SignUp({email, kPassword, name, org}, {"192.0.2.1", "test"});
    EXPECT_TRUE(r.ok()) << r.error().message;
    Tick();
    return r.ok() ? std::move(r).value() : AuthSession{};
  }

  // A fresh session (e.g. after moving the clock past the access token's lifetime).
  AuthSession Login(const std::string& email) {
    auto r = auth().Login(email, kPassword, {});
    EXPECT_TRUE(r.ok()) << r.error().message;
    return r.ok() ? std::move(r).value() : AuthSession{};
  }

  // Moves time on by 1 ms, so that rows written next sort after earlier ones (outbox order).
  void Tick() { clock_.Advance(std::chrono::milliseconds(1)); }

  Principal Who(const AuthSession& s) {
    auto p = auth().Authenticate(s.tokens.access_token);
    EXPECT_TRUE(p.ok()) << p.error().message;
    return p.ok() ? *p : Principal{};
  }

  // The body of the newest outbox email to `to`, or "" when there is none.
  std::string LastEmailTo(const std::string& to) {
    auto r = db::InTx(db(), db::Scope::System(), db::TxMode::kRead,
                      [&](db::Tx& tx) { return store::ListOutboxEmailsTo(tx, to); });
    EXPECT_TRUE(r.ok());
    if (!r.ok() || r->empty()) return "";
    return r->back().body_text;
  }
  int EmailCount(const std::string& to) {
    auto r = db::InTx(db(), db::Scope::System(), db::TxMode::kRead,
                      [&](db::Tx& tx) { return store::ListOutboxEmailsTo(tx, to); });
    return r.ok() ? static_cast<int>(r->size()) : -1;
  }
  // The token of the link "…?token=<token>" in an email body.
  static std::string TokenIn(const std::string& body) {
    size_t i = body.find("token=");
    if (i == std::string::npos) return "";
    i += 6;
    size_t j = body.find_first_of(" \n", i);
    return body.substr(i, j == std::string::npos ? std::string::npos : j - i);
  }

  Result<db::Rows> Query(const std::string& sql, std::vector<db::Value> params = {}) {
    return db::InTx(db(), db::Scope::System(), db::TxMode::kRead,
                    [&](db::Tx& tx) { return tx.Query(sql, params); });
  }

  ManualClock clock_{FromUnixMillis(1'800'000'000'000)};
  crypto::SecureRandom random_;
  std::unique_ptr<obs::Logger> logger_ = obs::NullLogger();
  std::unique_ptr<AuthService> service_;
};

#define EXPECT_ERROR_CODE(result, expected_code)                          \
  do {                                                                    \
    const auto& r_ = (result);                                            \
    ASSERT_FALSE(r_.ok()) << "expected " << ErrorCodeName(expected_code); \
    EXPECT_EQ(r_.error().code, expected_code) << r_.error().message;      \
  } while (0)

}  // namespace syntera::auth::testing
