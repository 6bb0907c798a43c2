#pragma once
// SQL for conversations, their tags, threads and read cursors, and the membership/contact
// checks the service needs. Every function filters by `org` (another organization's
// conversation is not found), except FindIdle, which runs in system scope for the idle-close
// job.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "conversations/conversation_types.h"
#include "db/database.h"

namespace syntera::conversations::store {

// Inserts the row, its tags and threads.
Result<void> InsertConversation(db::Tx& tx, const Conversation& c);
// Rewrites every mutable column and the tags (threads are written by InsertThread).
Result<void> UpdateConversation(db::Tx& tx, const Conversation& c);
// The conversation with tags and threads (no reader state). `for_update` locks the row on
// PostgreSQL (SQLite write transactions are serialised already).
Result<std::optional<Conversation>> FindConversation(db::Tx& tx, const OrgId& org,
                                                     const ConversationId& id,
                                                     bool for_update = false);
// Fills c.unread_count for `reader` ("" leaves 0) and, when `with_reads`, c.reads.
Result<void> LoadReaderState(db::Tx& tx, Conversation& c, std::string_view reader,
                             bool with_reads);
// A filtered, sorted page with unread counts for `reader`. Errors: kInvalidArgument (field
// cursor) for a cursor of another sort.
Result<Page<Conversation>> ListConversations(db::Tx& tx, const OrgId& org,
                                             const ConversationFilter& filter,
                                             const PageRequest& page, std::string_view reader);
// The visitor's conversations, newest first, at most `limit`.
Result<std::vector<Conversation>> ListVisitorConversations(db::Tx& tx, const OrgId& org,
                                                           std::string_view visitor_id,
                                                           int limit);
// Inbox counters; `user` empty for API keys (mine and unread are then 0).
Result<InboxCounts> CountInbox(db::Tx& tx, const OrgId& org, const std::optional<UserId>& user);

Result<void> InsertThread(db::Tx& tx, const OrgId& org, const ConversationId& conversation,
                          const Thread& thread);
Result<bool> ThreadExists(db::Tx& tx, const OrgId& org, const ConversationId& conversation,
                          const ThreadId& thread);
Result<void> BumpThread(db::Tx& tx, const OrgId& org, const ThreadId& thread);

// A cursor after AdvanceCursor, and where it was before.
struct CursorMove {
  ReadCursor cursor;
  bool moved = false;  // the cursor of the kind asked for moved forward
};
// Moves `reader`'s cursor of `kind` forward to (`message`, `seq`) at `at`, never backwards;
// a read moves the delivery cursor too. Stamps the receipts of the messages passed
// (message_store.h StampReceipts). Returns the stored cursors.
Result<CursorMove> AdvanceCursor(db::Tx& tx, const OrgId& org, const ConversationId& conversation,
                                 const std::string& reader, CursorKind kind,
                                 const MessageId& message, int64_t seq, Timestamp at);

// True when `user` is a member of `org` (auth's memberships table).
Result<bool> IsMember(db::Tx& tx, const OrgId& org, const UserId& user);
// True when `contact` is a CRM contact of `org` (crm's crm_contacts table).
Result<bool> ContactExists(db::Tx& tx, const OrgId& org, const ContactId& contact);

struct IdleConversation {
  OrgId org_id;
  ConversationId id;
};
// System scope: open or waiting conversations whose last activity is before `cutoff`.
Result<std::vector<IdleConversation>> FindIdle(db::Tx& tx, Timestamp cutoff, int limit);

}  // namespace syntera::conversations::store
