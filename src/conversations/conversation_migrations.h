#pragma once
// The conversations module's tables for both engines: conversations (+ tags, threads, read
// cursors), messages (+ reactions), uploaded files and the organizations' widget settings.
// Every table carries org_id with row-level security on PostgreSQL. Needs the db, auth and
// crm migrations first (organizations; conversations.contact_id references crm_contacts).

#include "db/migrations.h"

namespace syntera::conversations {

// Module "conversations". Pass to db::ApplyMigrations after CrmMigrations().
db::ModuleMigrations ConversationMigrations();

}  // namespace syntera::conversations
