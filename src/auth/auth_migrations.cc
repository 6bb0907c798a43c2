#include "auth/auth_migrations.h"

#include <string>

namespace syntera::auth {
namespace {

// Portable DDL: identical on SQLite and PostgreSQL. Ids are UUID v7 text, times unix ms.
constexpr const char* kCreateTables = R"sql(
CREATE TABLE organizations (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  slug TEXT NOT NULL UNIQUE,
  created_at BIGINT NOT NULL
);
CREATE TABLE users (
  id TEXT PRIMARY KEY,
  email TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  email_verified_at BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE TABLE memberships (
  org_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  role TEXT NOT NULL CHECK (role IN ('viewer', 'member', 'admin', 'owner')),
  created_at BIGINT NOT NULL,
  PRIMARY KEY (org_id, user_id)
);
CREATE INDEX memberships_user_idx ON memberships (user_id);
CREATE TABLE sessions (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  org_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  created_at BIGINT NOT NULL,
  last_used_at BIGINT NOT NULL,
  revoked_at BIGINT,
  user_agent TEXT,
  ip TEXT
);
CREATE INDEX sessions_user_idx ON sessions (user_id);
CREATE INDEX sessions_org_user_idx ON sessions (org_id, user_id);
CREATE TABLE refresh_tokens (
  token_hash TEXT PRIMARY KEY,
  session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  used_at BIGINT
);
CREATE INDEX refresh_tokens_session_idx ON refresh_tokens (session_id);
CREATE TABLE api_keys (
  id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  prefix TEXT NOT NULL,
  key_hash TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL CHECK (role IN ('viewer', 'member', 'admin', 'owner')),
  created_by TEXT NOT NULL REFERENCES users(id),
  created_at BIGINT NOT NULL,
  last_used_at BIGINT,
  revoked_at BIGINT
);
CREATE INDEX api_keys_org_created_idx ON api_keys (org_id, created_at, id);
CREATE TABLE invitations (
  id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  email TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('viewer', 'member', 'admin', 'owner')),
  token_hash TEXT NOT NULL UNIQUE,
  invited_by TEXT NOT NULL REFERENCES users(id),
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  accepted_at BIGINT,
  revoked_at BIGINT
);
CREATE INDEX invitations_org_created_idx ON invitations (org_id, created_at, id);
CREATE INDEX invitations_org_email_idx ON invitations (org_id, email);
CREATE TABLE one_time_tokens (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  purpose TEXT NOT NULL CHECK (purpose IN ('password_reset', 'email_verification')),
  token_hash TEXT NOT NULL UNIQUE,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  used_at BIGINT
);
CREATE INDEX one_time_tokens_user_idx ON one_time_tokens (user_id, purpose);
CREATE TABLE outbox_emails (
  id TEXT PRIMARY KEY,
  org_id TEXT REFERENCES organizations(id) ON DELETE CASCADE,
  to_email TEXT NOT NULL,
  subject TEXT NOT NULL,
  body_text TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  sent_at BIGINT
);
CREATE INDEX outbox_emails_to_idx ON outbox_emails (to_email, created_at);
CREATE INDEX outbox_emails_unsent_idx ON outbox_emails (sent_at, created_at);
CREATE TABLE login_failures (
  email TEXT PRIMARY KEY,
  consecutive_failures BIGINT NOT NULL,
  last_failure_at BIGINT NOT NULL,
  window_start_at BIGINT NOT NULL,
  window_failures BIGINT NOT NULL
);
CREATE INDEX login_failures_last_idx ON login_failures (last_failure_at);
)sql";

// Row-level security, PostgreSQL only: a second wall behind every store's `org_id = ?`.
// An organization's own row is keyed by its id. outbox_emails rows without an organization
// are visible in system scope only.
constexpr const char* kOrganizationsPolicy = R"sql(
ALTER TABLE organizations ENABLE ROW LEVEL SECURITY;
ALTER TABLE organizations FORCE ROW LEVEL SECURITY;
CREATE POLICY organizations_tenant ON organizations
  USING (syntera_tenant_ok(id)) WITH CHECK (syntera_tenant_ok(id));
)sql";

std::string PostgresCreateTables() {
  std::string sql = kCreateTables;
  sql += kOrganizationsPolicy;
  for (const char* table :
       {"memberships", "sessions", "api_keys", "invitations", "outbox_emails"}) {
    sql += db::PgRowLevelSecuritySql(table) + "\n";
  }
  return sql;
}

}  // namespace

db::ModuleMigrations AuthMigrations() {
  return {"auth", {{1, "create_identity_tables", kCreateTables, PostgresCreateTables()}}};
}

}  // namespace syntera::auth
