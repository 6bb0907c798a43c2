#include "crm/crm_migrations.h"

#include <string>

namespace syntera::crm {
namespace {

// Portable DDL, identical on both engines. Ids are UUID v7 text, times unix ms.
constexpr const char* kCreateTables = R"sql(
CREATE TABLE crm_custom_fields (
  id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  field_key TEXT NOT NULL,
  label TEXT NOT NULL,
  field_type TEXT NOT NULL CHECK (field_type IN ('text', 'number', 'date', 'boolean', 'select')),
  options TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  UNIQUE (org_id, field_key)
);
CREATE TABLE crm_companies (
  id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  domain TEXT,
  industry TEXT NOT NULL,
  size_band TEXT NOT NULL,
  website TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (org_id, domain)
);
CREATE INDEX crm_companies_org_created_idx ON crm_companies (org_id, created_at, id);
CREATE TABLE crm_contacts (
  id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  first_name TEXT NOT NULL,
  last_name TEXT NOT NULL,
  company_id TEXT REFERENCES crm_companies(id) ON DELETE SET NULL,
  job_title TEXT NOT NULL,
  lifecycle TEXT NOT NULL,
  source TEXT NOT NULL,
  owner_id TEXT,
  marketing BIGINT NOT NULL,
  marketing_at BIGINT,
  data_processing BIGINT NOT NULL,
  data_processing_at BIGINT,
  last_seen_at BIGINT,
  last_contacted_at BIGINT,
  sort_name TEXT NOT NULL,
  search_text TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX crm_contacts_org_created_idx ON crm_contacts (org_id, created_at, id);
CREATE INDEX crm_contacts_org_updated_idx ON crm_contacts (org_id, updated_at, id);
CREATE INDEX crm_contacts_org_name_idx ON crm_contacts (org_id, sort_name, id);
CREATE INDEX crm_contacts_org_owner_idx ON crm_contacts (org_id, owner_id);
CREATE INDEX crm_contacts_org_company_idx ON crm_contacts (org_id, company_id);
CREATE TABLE crm_contact_emails (
  org_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  contact_id TEXT NOT NULL REFERENCES crm_contacts(id) ON DELETE CASCADE,
  email TEXT NOT NULL,
  position BIGINT NOT NULL,
  PRIMARY KEY (org_id, email)
);
CREATE INDEX crm_contact_emails_contact_idx ON crm_contact_emails (contact_id);
CREATE TABLE crm_contact_phones (
  org_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  contact_id TEXT NOT NULL REFERENCES crm_contacts(id) ON DELETE CASCADE,
  phone TEXT NOT NULL,
  position BIGINT NOT NULL,
  PRIMARY KEY (org_id, phone)
);
CREATE INDEX crm_contact_phones_contact_idx ON crm_contact_phones (contact_id);
CREATE TABLE crm_contact_tags (
  org_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  contact_id TEXT NOT NULL REFERENCES crm_contacts(id) ON DELETE CASCADE,
  tag TEXT NOT NULL,
  PRIMARY KEY (contact_id, tag)
);
CREATE INDEX crm_contact_tags_org_tag_idx ON crm_contact_tags (org_id, tag);
CREATE TABLE crm_contact_values (
  org_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  contact_id TEXT NOT NULL REFERENCES crm_contacts(id) ON DELETE CASCADE,
  field_key TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (contact_id, field_key)
);
CREATE INDEX crm_contact_values_org_key_idx ON crm_contact_values (org_id, field_key, value);
CREATE TABLE crm_pipelines (
  id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  default_for TEXT UNIQUE,
  created_at BIGINT NOT NULL
);
CREATE INDEX crm_pipelines_org_idx ON crm_pipelines (org_id, created_at, id);
CREATE TABLE crm_stages (
  id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  pipeline_id TEXT NOT NULL REFERENCES crm_pipelines(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  probability BIGINT NOT NULL,
  position BIGINT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('open', 'won', 'lost'))
);
CREATE INDEX crm_stages_pipeline_idx ON crm_stages (org_id, pipeline_id, position);
CREATE TABLE crm_deals (
  id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  title TEXT NOT NULL,
  value_minor BIGINT NOT NULL,
  currency TEXT NOT NULL,
  pipeline_id TEXT NOT NULL REFERENCES crm_pipelines(id),
  stage_id TEXT NOT NULL REFERENCES crm_stages(id),
  probability BIGINT NOT NULL,
  expected_close_date TEXT,
  owner_id TEXT,
  contact_id TEXT REFERENCES crm_contacts(id) ON DELETE SET NULL,
  company_id TEXT REFERENCES crm_companies(id) ON DELETE SET NULL,
  status TEXT NOT NULL CHECK (status IN ('open', 'won', 'lost')),
  close_reason TEXT NOT NULL,
  position BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX crm_deals_org_created_idx ON crm_deals (org_id, created_at, id);
CREATE INDEX crm_deals_stage_idx ON crm_deals (org_id, stage_id, position, id);
CREATE INDEX crm_deals_contact_idx ON crm_deals (org_id, contact_id);
CREATE INDEX crm_deals_company_idx ON crm_deals (org_id, company_id);
CREATE TABLE crm_deal_stage_history (
  id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  deal_id TEXT NOT NULL REFERENCES crm_deals(id) ON DELETE CASCADE,
  from_stage_id TEXT,
  to_stage_id TEXT NOT NULL,
  changed_by TEXT,
  changed_at BIGINT NOT NULL
);
CREATE INDEX crm_deal_stage_history_deal_idx ON crm_deal_stage_history (deal_id, changed_at);
CREATE TABLE crm_activities (
  id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('note', 'call', 'email', 'stage_change')),
  body TEXT NOT NULL,
  contact_id TEXT REFERENCES crm_contacts(id) ON DELETE SET NULL,
  company_id TEXT REFERENCES crm_companies(id) ON DELETE SET NULL,
  deal_id TEXT REFERENCES crm_deals(id) ON DELETE SET NULL,
  created_by TEXT,
  occurred_at BIGINT NOT NULL
);
CREATE INDEX crm_activities_contact_idx ON crm_activities (org_id, contact_id, occurred_at, id);
CREATE INDEX crm_activities_company_idx ON crm_activities (org_id, company_id, occurred_at, id);
CREATE INDEX crm_activities_deal_idx ON crm_activities (org_id, deal_id, occurred_at, id);
CREATE TABLE crm_tasks (
  id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  title TEXT NOT NULL,
  due_at BIGINT,
  assignee_id TEXT,
  contact_id TEXT REFERENCES crm_contacts(id) ON DELETE SET NULL,
  company_id TEXT REFERENCES crm_companies(id) ON DELETE SET NULL,
  deal_id TEXT REFERENCES crm_deals(id) ON DELETE SET NULL,
  done_at BIGINT,
  created_by TEXT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX crm_tasks_org_created_idx ON crm_tasks (org_id, created_at, id);
CREATE INDEX crm_tasks_org_due_idx ON crm_tasks (org_id, due_at);
)sql";

constexpr const char* kTenantTables[] = {
    "crm_custom_fields", "crm_companies",  "crm_contacts",           "crm_contact_emails",
    "crm_contact_phones", "crm_contact_tags", "crm_contact_values",  "crm_pipelines",
    "crm_stages",        "crm_deals",      "crm_deal_stage_history", "crm_activities",
    "crm_tasks"};

std::string SqliteSql() {
  std::string sql = kCreateTables;
  // External-content-free FTS5 table maintained by the contact store on every write.
  sql +=
      "CREATE VIRTUAL TABLE crm_contacts_fts USING fts5(body, contact_id UNINDEXED, "
      "org_id UNINDEXED, tokenize = 'unicode61 remove_diacritics 2');\n";
  return sql;
}

std::string PostgresSql() {
  std::string sql = kCreateTables;
  sql +=
      "CREATE INDEX crm_contacts_search_idx ON crm_contacts "
      "USING GIN (to_tsvector('simple', search_text));\n";
  for (const char* table : kTenantTables) sql += db::PgRowLevelSecuritySql(table) + "\n";
  return sql;
}

// CSV imports (crm_import.h): the import row (rewritten after every batch, so the CSV text
// lives in its own table: SQLite would otherwise rewrite the whole CSV each time), the CSV
// (deleted when the import finishes) and the stored row errors.
constexpr const char* kCreateImportTables = R"sql(
CREATE TABLE crm_contact_imports (
  id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed')),
  on_duplicate TEXT NOT NULL,
  mapping TEXT NOT NULL,
  total_rows BIGINT NOT NULL,
  processed_rows BIGINT NOT NULL,
  imported BIGINT NOT NULL,
  updated BIGINT NOT NULL,
  skipped BIGINT NOT NULL,
  failed_rows BIGINT NOT NULL,
  failure TEXT NOT NULL,
  created_by TEXT,
  created_at BIGINT NOT NULL,
  finished_at BIGINT
);
CREATE INDEX crm_contact_imports_org_idx ON crm_contact_imports (org_id, id);
CREATE TABLE crm_contact_import_files (
  import_id TEXT PRIMARY KEY REFERENCES crm_contact_imports(id) ON DELETE CASCADE,
  org_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  csv_text TEXT NOT NULL
);
CREATE TABLE crm_contact_import_errors (
  org_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  import_id TEXT NOT NULL REFERENCES crm_contact_imports(id) ON DELETE CASCADE,
  line BIGINT NOT NULL,
  reason TEXT NOT NULL,
  PRIMARY KEY (import_id, line)
);
)sql";

std::string ImportPostgresSql() {
  std::string sql = kCreateImportTables;
  for (const char* table : {"crm_contact_imports", "crm_contact_import_files",
                            "crm_contact_import_errors"}) {
    sql += db::PgRowLevelSecuritySql(table) + "\n";
  }
  return sql;
}

// Contact list indexes (contact_list.cc): lifecycle, owner and company filters page through
// (org_id, x, created_at, id); tag rows repeat the contact's lifecycle and created_at so a tag
// (+ lifecycle) filter pages through crm_contact_tags alone (written by the contact store).
constexpr const char* kContactListIndexes = R"sql(
CREATE INDEX crm_contacts_org_lifecycle_created_idx ON crm_contacts (org_id, lifecycle, created_at, id);
DROP INDEX crm_contacts_org_owner_idx;
CREATE INDEX crm_contacts_org_owner_created_idx ON crm_contacts (org_id, owner_id, created_at, id);
DROP INDEX crm_contacts_org_company_idx;
CREATE INDEX crm_contacts_org_company_created_idx ON crm_contacts (org_id, company_id, created_at, id);
ALTER TABLE crm_contact_tags ADD COLUMN lifecycle TEXT NOT NULL DEFAULT '';
ALTER TABLE crm_contact_tags ADD COLUMN created_at BIGINT NOT NULL DEFAULT 0;
UPDATE crm_contact_tags SET (lifecycle, created_at) =
  (SELECT c.lifecycle, c.created_at FROM crm_contacts c WHERE c.id = crm_contact_tags.contact_id);
DROP INDEX crm_contact_tags_org_tag_idx;
CREATE INDEX crm_contact_tags_org_tag_created_idx ON crm_contact_tags (org_id, tag, created_at, contact_id);
CREATE INDEX crm_contact_tags_org_tag_lifecycle_idx ON crm_contact_tags (org_id, tag, lifecycle, created_at, contact_id);
)sql";

// task.due (CrmService::NotifyDueTasks): when the event was emitted for the current due_at.
// Tasks already overdue when this runs count as notified (no burst of stale events).
constexpr const char* kTaskDueSql = R"sql(
ALTER TABLE crm_tasks ADD COLUMN due_notified_at BIGINT;
CREATE INDEX crm_tasks_due_pending_idx ON crm_tasks (due_at)
  WHERE due_at IS NOT NULL AND done_at IS NULL AND due_notified_at IS NULL;
)sql";

std::string TaskDueSql(db::Dialect dialect) {
  std::string now_ms = dialect == db::Dialect::kSqlite
                           ? "CAST(strftime('%s', 'now') AS BIGINT) * 1000"
                           : "CAST(extract(epoch FROM now()) * 1000 AS BIGINT)";
  return std::string(kTaskDueSql) + "UPDATE crm_tasks SET due_notified_at = due_at WHERE " +
         "due_at IS NOT NULL AND due_at <= " + now_ms + ";\n";
}

// Idempotency-Key on CRM POST routes (dropped by migration 6: now the platform's): one row per
// (organization, route, key) while the first request runs (status NULL) and for 24 h after.
constexpr const char* kIdempotencySql = R"sql(
CREATE TABLE crm_idempotency_keys (
  org_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  route TEXT NOT NULL,
  idem_key TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  claim_id TEXT NOT NULL,
  status BIGINT,
  response TEXT,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (org_id, route, idem_key)
);
CREATE INDEX crm_idempotency_keys_created_idx ON crm_idempotency_keys (created_at);
)sql";

constexpr const char* kDropIdempotencySql = "DROP TABLE crm_idempotency_keys;\n";

}  // namespace

db::ModuleMigrations CrmMigrations() {
  return {"crm",
          {{1, "create_crm_tables", SqliteSql(), PostgresSql()},
           {2, "create_contact_imports", kCreateImportTables, ImportPostgresSql()},
           {3, "contact_list_indexes", kContactListIndexes, kContactListIndexes},
           {4, "task_due_notifications", TaskDueSql(db::Dialect::kSqlite),
            TaskDueSql(db::Dialect::kPostgres)},
           {5, "create_idempotency_keys", kIdempotencySql,
            std::string(kIdempotencySql) + db::PgRowLevelSecuritySql("crm_idempotency_keys") +
                "\n"},
           // Idempotency-Key moved to the platform (http/idempotency.h, idempotency module).
           {6, "drop_crm_idempotency_keys", kDropIdempotencySql, kDropIdempotencySql}}};
}

}  // namespace syntera::crm
