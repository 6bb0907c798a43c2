#pragma once
// SQL for messages, their reactions, and uploaded files (attachments are the files whose
// message_id is the message). Every function filters by `org` and the conversation.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "conversations/conversation_types.h"
#include "db/database.h"

namespace syntera::conversations::store {

// Inserts the message row. `sender_key` ("user:<id>", "visitor:<id>", "key:<id>", "agent",
// "system") scopes client_message_id. Errors: kConflict on a duplicate (seq or client id).
Result<void> InsertMessage(db::Tx& tx, const Message& m, std::string_view sender_key);
// The message `sender_key` sent earlier with `client_message_id`, with attachments.
Result<std::optional<Message>> FindByClientId(db::Tx& tx, const OrgId& org,
                                              const ConversationId& conversation,
                                              std::string_view sender_key,
                                              std::string_view client_message_id);
Result<std::optional<Message>> FindMessage(db::Tx& tx, const OrgId& org,
                                           const ConversationId& conversation,
                                           const MessageId& id);
// Oldest first by seq. The cursor is the seq after which to continue. Errors:
// kInvalidArgument (cursor).
Result<Page<Message>> ListMessages(db::Tx& tx, const OrgId& org, const ConversationId& conversation,
                                   const MessageFilter& filter, const PageRequest& page);
// The newest `limit` messages (oldest first), notes excluded unless `include_notes`.
Result<std::vector<Message>> RecentMessages(db::Tx& tx, const OrgId& org,
                                            const ConversationId& conversation, int limit,
                                            bool include_notes);

Result<void> InsertFile(db::Tx& tx, const StoredFile& file);
Result<std::optional<StoredFile>> FindFile(db::Tx& tx, const OrgId& org,
                                           const ConversationId& conversation, const FileId& id);
struct OrphanFile {
  OrgId org_id;
  FileId id;
  std::string storage_key;
};
// System scope: files of any organization never attached to a message and created before
// `cutoff`, oldest first, at most `limit`.
Result<std::vector<OrphanFile>> FindOrphanFiles(db::Tx& tx, Timestamp cutoff, int limit);
// Deletes the row of `file` if it is still unattached; false when it was attached meanwhile
// (or is gone).
Result<bool> DeleteOrphanFile(db::Tx& tx, const OrgId& org, const FileId& file);
// Links unattached files of the conversation to `message`. Returns how many were linked.
Result<int64_t> AttachFiles(db::Tx& tx, const OrgId& org, const ConversationId& conversation,
                            const MessageId& message, const std::vector<FileId>& files);

// Replaces the content of message `id` and sets its edited_at to `at`.
Result<void> UpdateContent(db::Tx& tx, const OrgId& org, const ConversationId& conversation,
                           const MessageId& id, const std::string& content, Timestamp at);

// Deletes what message `id` says: empties its content and AI section, sets deleted_at to
// `at`, removes its reactions and its files' rows. Returns the storage keys of those files;
// the caller deletes their bytes after the commit.
Result<std::vector<std::string>> EraseMessage(db::Tx& tx, const OrgId& org,
                                              const ConversationId& conversation,
                                              const MessageId& id, Timestamp at);

// Adds the reaction; false when it was already there.
Result<bool> AddReaction(db::Tx& tx, const OrgId& org, const MessageId& message,
                         const Reaction& reaction, Timestamp now);
// Removes the reaction; false when it was not there.
Result<bool> RemoveReaction(db::Tx& tx, const OrgId& org, const MessageId& message,
                            const Reaction& reaction);

// Receipts: after `reader`'s cursor of `kind` moved from `after_seq` to `up_to_seq`, stamps
// the messages in between that the reader receives — visitor and contact messages for a
// "user:<id>" reader, team/AI/system messages (never notes) for a "visitor:<id>" reader —
// with `at`, where not stamped yet (a read also stamps delivered_at).
Result<void> StampReceipts(db::Tx& tx, const OrgId& org, const ConversationId& conversation,
                           std::string_view reader, CursorKind kind, int64_t after_seq,
                           int64_t up_to_seq, Timestamp at);

}  // namespace syntera::conversations::store
