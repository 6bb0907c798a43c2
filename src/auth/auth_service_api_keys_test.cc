// API keys: create, authenticate, revoke, secrecy at rest, role ceiling, tenancy.

#include "auth/auth_test_support.h"

namespace syntera::auth::testing {
namespace {

using std::chrono::seconds;

class ApiKeysTest : public AuthServiceTest {};

TEST_P(ApiKeysTest, CreateAuthenticateRevoke) {
  AuthSession owner = SignUp("ada@example.com");
  auto created = auth().CreateApiKey(Who(owner), "CRM sync", Role::kMember);
  ASSERT_TRUE(created.ok()) << created.error().message;
  const std::string& secret = created->secret;
  EXPECT_EQ(secret.rfind("sk_", 0), 0u);
  EXPECT_GE(secret.size(), 3u + 43u);
  EXPECT_EQ(created->key.prefix, secret.substr(0, 12));

  auto p = auth().Authenticate(secret);
  ASSERT_TRUE(p.ok()) << p.error().message;
  EXPECT_EQ(p->kind, CredentialKind::kApiKey);
  EXPECT_EQ(p->role, Role::kMember);
  EXPECT_EQ(p->org_id, owner.organization.id);
  EXPECT_EQ(p->api_key_id, created->key.id);
  EXPECT_TRUE(p->user_id.empty());

  auto me = auth().GetMe(*p);
  ASSERT_TRUE(me.ok()) << me.error().message;
  EXPECT_FALSE(me->user.has_value());
  ASSERT_TRUE(me->api_key.has_value());
  EXPECT_EQ(me->api_key->name, "CRM sync");
  EXPECT_EQ(me->organization.id, owner.organization.id);

  EXPECT_ERROR_CODE(auth().Authenticate(secret + "x"), ErrorCode::kUnauthenticated);
  EXPECT_ERROR_CODE(auth().Authenticate("sk_"), ErrorCode::kUnauthenticated);
  ASSERT_TRUE(auth().RevokeApiKey(Who(owner), created->key.id).ok());
  EXPECT_ERROR_CODE(auth().Authenticate(secret), ErrorCode::kUnauthenticated);
  auto got = auth().GetApiKey(Who(owner), created->key.id);
  ASSERT_TRUE(got.ok());
  EXPECT_TRUE(got->revoked_at.has_value());
}

TEST_P(ApiKeysTest, TheSecretIsNeverStored) {
  AuthSession owner = SignUp("ada@example.com");
  auto created = auth().CreateApiKey(Who(owner), "CI", Role::kViewer);
  ASSERT_TRUE(created.ok());
  auto rows = Query("SELECT * FROM api_keys");
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 1u);
  const db::Row& row = (*rows)[0];
  for (size_t i = 0; i < row.size(); ++i) {
    std::string v = row.Text(i);
    EXPECT_EQ(v.find(created->secret), std::string::npos) << "column " << i;
    EXPECT_EQ(v.find(created->secret.substr(12)), std::string::npos) << "column " << i;
  }
}

TEST_P(ApiKeysTest, RoleCeilingAndAdminOnly) {
  AuthSession owner = SignUp("ada@example.com");
  ASSERT_TRUE(auth().CreateInvitation(Who(owner), "admin@example.com", Role::kAdmin).ok());
  auto admin = auth().AcceptInvitationAsNewUser(TokenIn(LastEmailTo("admin@example.com")),
                                                kPassword, "Admin", {});
  ASSERT_TRUE(admin.ok());
  EXPECT_ERROR_CODE(auth().CreateApiKey(Who(*admin), "too strong", Role::kOwner),
                    ErrorCode::kPermissionDenied);
  EXPECT_TRUE(auth().CreateApiKey(Who(*admin), "ok", Role::kAdmin).ok());
  ASSERT_TRUE(auth().CreateInvitation(Who(owner), "member@example.com", Role::kMember).ok());
  auto member = auth().AcceptInvitationAsNewUser(TokenIn(LastEmailTo("member@example.com")),
                                                 kPassword, "Member", {});
  ASSERT_TRUE(member.ok());
  EXPECT_ERROR_CODE(auth().CreateApiKey(Who(*member), "nope", Role::kViewer),
                    ErrorCode::kPermissionDenied);
  // A key cannot mint keys.
  auto key = auth().CreateApiKey(Who(owner), "owner key", Role::kOwner);
  ASSERT_TRUE(key.ok());
  auto key_principal = auth().Authenticate(key->secret);
  ASSERT_TRUE(key_principal.ok());
  EXPECT_ERROR_CODE(auth().CreateApiKey(*key_principal, "child", Role::kViewer),
                    ErrorCode::kPermissionDenied);
}

TEST_P(ApiKeysTest, LastUsedIsWrittenAtMostOncePerMinute) {
  AuthSession owner = SignUp("ada@example.com");
  auto created = auth().CreateApiKey(Who(owner), "CI", Role::kViewer);
  ASSERT_TRUE(created.ok());
  auto last_used = [&] {
    auto k = auth().GetApiKey(Who(owner), created->key.id);
    EXPECT_TRUE(k.ok());
    return k->last_used_at;
  };
  EXPECT_FALSE(last_used().has_value());
  ASSERT_TRUE(auth().Authenticate(created->secret).ok());
  Timestamp first = clock_.Now();
  EXPECT_EQ(last_used(), first);
  clock_.Advance(seconds(30));
  ASSERT_TRUE(auth().Authenticate(created->secret).ok());
  EXPECT_EQ(last_used(), first);
  clock_.Advance(seconds(30));
  ASSERT_TRUE(auth().Authenticate(created->secret).ok());
  EXPECT_EQ(last_used(), clock_.Now());
}

TEST_P(ApiKeysTest, AnotherOrganizationCannotReadOrRevoke) {
  AuthSession a = SignUp("ada@example.com", "Engines");
  AuthSession b = SignUp("bob@example.com", "Looms");
  auto key = auth().CreateApiKey(Who(a), "A's key", Role::kMember);
  ASSERT_TRUE(key.ok());
  EXPECT_ERROR_CODE(auth().GetApiKey(Who(b), key->key.id), ErrorCode::kNotFound);
  EXPECT_ERROR_CODE(auth().RevokeApiKey(Who(b), key->key.id), ErrorCode::kNotFound);
  auto list = auth().ListApiKeys(Who(b), {});
  ASSERT_TRUE(list.ok());
  EXPECT_TRUE(list->items.empty());
  EXPECT_TRUE(auth().Authenticate(key->secret).ok()) << "still valid for A";
}

TEST_P(ApiKeysTest, ListsNewestFirstWithCursor) {
  AuthSession owner = SignUp("ada@example.com");
  for (int i = 0; i < 5; ++i) {
    clock_.Advance(seconds(1));
    ASSERT_TRUE(auth().CreateApiKey(Who(owner), "key " + std::to_string(i), Role::kViewer).ok());
  }
  auto page1 = auth().ListApiKeys(Who(owner), {.limit = 3});
  ASSERT_TRUE(page1.ok());
  ASSERT_EQ(page1->items.size(), 3u);
  EXPECT_EQ(page1->items[0].name, "key 4");
  auto page2 = auth().ListApiKeys(Who(owner), {.limit = 3, .after = page1->next});
  ASSERT_TRUE(page2.ok());
  ASSERT_EQ(page2->items.size(), 2u);
  EXPECT_EQ(page2->items[1].name, "key 0");
  EXPECT_FALSE(page2->next.has_value());
}

SYNTERA_INSTANTIATE_ENGINE_TEST(ApiKeysTest);

}  // namespace
}  // namespace syntera::auth::testing
