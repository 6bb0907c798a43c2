#include "conversations/conversation_migrations.h"

#include <string>

namespace syntera::conversations {
namespace {

// Portable DDL, identical on both engines. Ids are UUID text, times unix ms.
// conversation_messages.seq orders a conversation's messages (UUID v7 ids are only ordered
// across milliseconds); message_count on the conversation row is the newest seq, so the row
// lock taken to bump it serialises writers of one conversation.
constexpr const char* kCreateTables = R"sql(
CREATE TABLE conversations (
  id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  agent_id TEXT,
  channel TEXT NOT NULL CHECK (channel IN ('web_widget', 'api', 'voice', 'phone', 'email', 'sms')),
  contact_id TEXT REFERENCES crm_contacts(id) ON DELETE SET NULL,
  visitor_id TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open', 'waiting_for_human', 'resolved', 'closed')),
  assignee_type TEXT NOT NULL CHECK (assignee_type IN ('ai', 'user', 'none')),
  assignee_user_id TEXT,
  priority TEXT NOT NULL CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
  subject TEXT NOT NULL,
  summary TEXT NOT NULL,
  metadata TEXT NOT NULL,
  message_count BIGINT NOT NULL,
  started_at BIGINT NOT NULL,
  ended_at BIGINT,
  last_message_at BIGINT,
  last_activity_at BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX conversations_org_updated_idx ON conversations (org_id, updated_at, id);
CREATE INDEX conversations_org_created_idx ON conversations (org_id, created_at, id);
CREATE INDEX conversations_org_status_idx ON conversations (org_id, status, assignee_type);
CREATE INDEX conversations_org_assignee_idx ON conversations (org_id, assignee_user_id);
CREATE INDEX conversations_org_visitor_idx ON conversations (org_id, visitor_id, created_at);
CREATE INDEX conversations_org_contact_idx ON conversations (org_id, contact_id);
CREATE INDEX conversations_idle_idx ON conversations (status, last_activity_at);
CREATE TABLE conversation_tags (
  org_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  tag TEXT NOT NULL,
  PRIMARY KEY (conversation_id, tag)
);
CREATE INDEX conversation_tags_org_tag_idx ON conversation_tags (org_id, tag);
CREATE TABLE conversation_threads (
  id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  title TEXT NOT NULL,
  message_count BIGINT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX conversation_threads_conv_idx ON conversation_threads (conversation_id, created_at);
CREATE TABLE conversation_messages (
  id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  seq BIGINT NOT NULL,
  thread_id TEXT,
  sender_type TEXT NOT NULL CHECK (sender_type IN ('contact', 'visitor', 'user', 'agent', 'system')),
  sender_id TEXT NOT NULL,
  sender_key TEXT NOT NULL,
  content TEXT NOT NULL,
  message_type TEXT NOT NULL CHECK (message_type IN ('text', 'file', 'image', 'audio', 'system', 'note')),
  client_message_id TEXT,
  ai TEXT,
  created_at BIGINT NOT NULL,
  edited_at BIGINT,
  UNIQUE (conversation_id, seq),
  UNIQUE (conversation_id, sender_key, client_message_id)
);
CREATE INDEX conversation_messages_org_idx ON conversation_messages (org_id, conversation_id);
CREATE TABLE conversation_files (
  id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  message_id TEXT REFERENCES conversation_messages(id) ON DELETE SET NULL,
  name TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size_bytes BIGINT NOT NULL,
  storage_key TEXT NOT NULL,
  uploaded_by TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX conversation_files_conv_idx ON conversation_files (conversation_id, message_id);
CREATE TABLE conversation_reactions (
  org_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  message_id TEXT NOT NULL REFERENCES conversation_messages(id) ON DELETE CASCADE,
  reactor TEXT NOT NULL,
  emoji TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (message_id, reactor, emoji)
);
CREATE TABLE conversation_reads (
  org_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  reader TEXT NOT NULL,
  last_read_message_id TEXT,
  last_read_seq BIGINT NOT NULL,
  read_at BIGINT NOT NULL,
  PRIMARY KEY (conversation_id, reader)
);
CREATE INDEX conversation_reads_reader_idx ON conversation_reads (org_id, reader);
CREATE TABLE widget_settings (
  org_id TEXT PRIMARY KEY REFERENCES organizations(id) ON DELETE CASCADE,
  public_key TEXT NOT NULL UNIQUE,
  allowed_origins TEXT NOT NULL,
  updated_at BIGINT NOT NULL
);
)sql";

// #2: delivery cursors beside the read cursors and per-message receipts of the other side
// (conversation_service.h, MarkDelivered). A delivery-only cursor row has last_read_seq 0
// (its read_at 0 means "never read").
constexpr const char* kReceipts = R"sql(
ALTER TABLE conversation_reads ADD COLUMN last_delivered_message_id TEXT;
ALTER TABLE conversation_reads ADD COLUMN last_delivered_seq BIGINT NOT NULL DEFAULT 0;
ALTER TABLE conversation_reads ADD COLUMN delivered_at BIGINT;
ALTER TABLE conversation_messages ADD COLUMN delivered_at BIGINT;
ALTER TABLE conversation_messages ADD COLUMN read_at BIGINT;
)sql";

// #3: the widget key's version; visitor tokens carry it, so regenerating the key (which bumps
// it) revokes every visitor token issued before.
constexpr const char* kWidgetKeyVersion =
    "ALTER TABLE widget_settings ADD COLUMN key_version BIGINT NOT NULL DEFAULT 1;";

// #6: deleted messages keep their place (id, seq) with deleted_at set.
constexpr const char* kDeletedMessages =
    "ALTER TABLE conversation_messages ADD COLUMN deleted_at BIGINT;";

// #4: uploads never attached to a message, oldest first, for the prune job.
constexpr const char* kOrphanIndex =
    "CREATE INDEX conversation_files_orphan_idx ON conversation_files (created_at) "
    "WHERE message_id IS NULL;";

// #5: full-text search for the conversation list's `q` (words as prefixes): on SQLite FTS5
// tables over the conversations' subject and summary and over the messages' content,
// external-content (no second copy of the text) and kept in step by triggers, so every write
// path, edits and cascading deletes included, is covered; on PostgreSQL GIN indexes over the
// same to_tsvector('simple', …) expressions the store queries. FTS rowids are the tables'
// rowids (as crm_contacts_fts): never VACUUM these tables (VACUUM may renumber them).
constexpr const char* kSqliteSearch = R"sql(
CREATE VIRTUAL TABLE conversations_fts USING fts5(subject, summary, content='conversations',
  content_rowid='rowid', tokenize='unicode61 remove_diacritics 2');
CREATE TRIGGER conversations_fts_ai AFTER INSERT ON conversations BEGIN
  INSERT INTO conversations_fts(rowid, subject, summary) VALUES (new.rowid, new.subject, new.summary);
END;
CREATE TRIGGER conversations_fts_ad AFTER DELETE ON conversations BEGIN
  INSERT INTO conversations_fts(conversations_fts, rowid, subject, summary)
    VALUES ('delete', old.rowid, old.subject, old.summary);
END;
CREATE TRIGGER conversations_fts_au AFTER UPDATE OF subject, summary ON conversations BEGIN
  INSERT INTO conversations_fts(conversations_fts, rowid, subject, summary)
    VALUES ('delete', old.rowid, old.subject, old.summary);
  INSERT INTO conversations_fts(rowid, subject, summary) VALUES (new.rowid, new.subject, new.summary);
END;
INSERT INTO conversations_fts(conversations_fts) VALUES ('rebuild');
CREATE VIRTUAL TABLE conversation_messages_fts USING fts5(content,
  content='conversation_messages', content_rowid='rowid',
  tokenize='unicode61 remove_diacritics 2');
CREATE TRIGGER conversation_messages_fts_ai AFTER INSERT ON conversation_messages BEGIN
  INSERT INTO conversation_messages_fts(rowid, content) VALUES (new.rowid, new.content);
END;
CREATE TRIGGER conversation_messages_fts_ad AFTER DELETE ON conversation_messages BEGIN
  INSERT INTO conversation_messages_fts(conversation_messages_fts, rowid, content)
    VALUES ('delete', old.rowid, old.content);
END;
CREATE TRIGGER conversation_messages_fts_au AFTER UPDATE OF content ON conversation_messages BEGIN
  INSERT INTO conversation_messages_fts(conversation_messages_fts, rowid, content)
    VALUES ('delete', old.rowid, old.content);
  INSERT INTO conversation_messages_fts(rowid, content) VALUES (new.rowid, new.content);
END;
INSERT INTO conversation_messages_fts(conversation_messages_fts) VALUES ('rebuild');
)sql";

constexpr const char* kPostgresSearch = R"sql(
CREATE INDEX conversations_search_idx ON conversations
  USING GIN (to_tsvector('simple', subject || ' ' || summary));
CREATE INDEX conversation_messages_search_idx ON conversation_messages
  USING GIN (to_tsvector('simple', content));
)sql";

constexpr const char* kTenantTables[] = {
    "conversations",          "conversation_tags",  "conversation_threads",
    "conversation_messages",  "conversation_files", "conversation_reactions",
    "conversation_reads",     "widget_settings"};

std::string PostgresSql() {
  std::string sql = kCreateTables;
  for (const char* table : kTenantTables) sql += db::PgRowLevelSecuritySql(table) + "\n";
  return sql;
}

}  // namespace

db::ModuleMigrations ConversationMigrations() {
  return {"conversations",
          {{1, "create_conversation_tables", kCreateTables, PostgresSql()},
           {2, "delivery_cursors_and_receipts", kReceipts, kReceipts},
           {3, "widget_key_version", kWidgetKeyVersion, kWidgetKeyVersion},
           {4, "orphan_upload_index", kOrphanIndex, kOrphanIndex},
           {5, "full_text_search", kSqliteSearch, kPostgresSearch},
           {6, "deleted_messages", kDeletedMessages, kDeletedMessages}}};
}

}  // namespace syntera::conversations
