#include "conversations/message_store.h"

#include <map>

#include "conversations/store_util.h"

namespace syntera::conversations::store {
namespace {

constexpr std::string_view kColumns =
    "SELECT id, org_id, conversation_id, seq, thread_id, sender_type, sender_id, content, "
    "message_type, client_message_id, ai, created_at, edited_at, delivered_at, read_at, "
    "deleted_at "
    "FROM conversation_messages ";

Message MessageAt(const db::Row& r) {
  Message m;
  m.id = MessageId(r.Text("id"));
  m.org_id = OrgId(r.Text("org_id"));
  m.conversation_id = ConversationId(r.Text("conversation_id"));
  m.seq = r.Int("seq");
  m.thread_id = OptIdAt<ThreadId>(r, "thread_id");
  m.sender_type = ParseSenderType(r.Text("sender_type")).value_or(SenderType::kSystem);
  m.sender_id = r.Text("sender_id");
  m.content = r.Text("content");
  m.type = ParseMessageType(r.Text("message_type")).value_or(MessageType::kText);
  m.client_message_id = r.OptText("client_message_id").value_or("");
  m.ai = r.OptText("ai");
  m.created_at = TimeAt(r, "created_at");
  m.edited_at = OptTimeAt(r, "edited_at");
  m.deleted_at = OptTimeAt(r, "deleted_at");
  m.delivered_at = OptTimeAt(r, "delivered_at");
  m.read_at = OptTimeAt(r, "read_at");
  return m;
}

// Fills attachments and reactions of `items` (two queries).
Result<void> LoadDetails(db::Tx& tx, const OrgId& org, std::vector<Message>& items) {
  if (items.empty()) return Ok();
  std::map<std::string, Message*> by_id;
  std::vector<db::Value> params = {Str(org.str())};
  for (auto& m : items) {
    by_id[m.id.str()] = &m;
    params.push_back(Str(m.id.str()));
  }
  const std::string in = Placeholders(items.size());
  SYN_ASSIGN_OR_RETURN(
      db::Rows files,
      tx.Query("SELECT message_id, id, name, content_type, size_bytes FROM conversation_files "
               "WHERE org_id = ? AND message_id IN " + in + " ORDER BY created_at, id",
               params));
  for (const auto& r : files) {
    by_id[r.Text(0)]->attachments.push_back(
        Attachment{FileId(r.Text(1)), r.Text(2), r.Text(3), r.Int(4)});
  }
  SYN_ASSIGN_OR_RETURN(
      db::Rows reactions,
      tx.Query("SELECT message_id, emoji, reactor FROM conversation_reactions WHERE org_id = ? "
               "AND message_id IN " + in + " ORDER BY created_at, reactor",
               params));
  for (const auto& r : reactions) by_id[r.Text(0)]->reactions.push_back({r.Text(1), r.Text(2)});
  return Ok();
}

Result<std::optional<Message>> One(db::Tx& tx, const OrgId& org, std::string sql,
                                   std::vector<db::Value> params) {
  SYN_ASSIGN_OR_RETURN(db::Rows rows, tx.Query(sql, params));
  if (rows.empty()) return std::optional<Message>();
  std::vector<Message> one{MessageAt(rows[0])};
  SYN_RETURN_IF_ERROR(LoadDetails(tx, org, one));
  return std::optional<Message>(std::move(one[0]));
}

}  // namespace

Result<void> InsertMessage(db::Tx& tx, const Message& m, std::string_view sender_key) {
  SYN_RETURN_IF_ERROR(tx.Exec(
      "INSERT INTO conversation_messages (id, org_id, conversation_id, seq, thread_id, "
      "sender_type, sender_id, sender_key, content, message_type, client_message_id, ai, "
      "created_at, edited_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {Str(m.id.str()), Str(m.org_id.str()), Str(m.conversation_id.str()), db::Int(m.seq),
       OptIdValue(m.thread_id), Str(std::string(SenderTypeName(m.sender_type))),
       Str(m.sender_id), Str(std::string(sender_key)), Str(m.content),
       Str(std::string(MessageTypeName(m.type))),
       m.client_message_id.empty() ? db::Null() : Str(m.client_message_id), db::OptText(m.ai),
       TimeValue(m.created_at), OptTimeValue(m.edited_at)}));
  return Ok();
}

Result<std::optional<Message>> FindByClientId(db::Tx& tx, const OrgId& org,
                                              const ConversationId& conversation,
                                              std::string_view sender_key,
                                              std::string_view client_message_id) {
  return One(tx, org,
             std::string(kColumns) + "WHERE org_id = ? AND conversation_id = ? AND sender_key = ? "
                                     "AND client_message_id = ?",
             {Str(org.str()), Str(conversation.str()), Str(std::string(sender_key)),
              Str(std::string(client_message_id))});
}

Result<std::optional<Message>> FindMessage(db::Tx& tx, const OrgId& org,
                                           const ConversationId& conversation, const MessageId& id) {
  return One(tx, org,
             std::string(kColumns) + "WHERE org_id = ? AND conversation_id = ? AND id = ?",
             {Str(org.str()), Str(conversation.str()), Str(id.str())});
}

Result<Page<Message>> ListMessages(db::Tx& tx, const OrgId& org, const ConversationId& conversation,
                                   const MessageFilter& f, const PageRequest& page) {
  std::string where = "WHERE org_id = ? AND conversation_id = ?";
  std::vector<db::Value> params = {Str(org.str()), Str(conversation.str())};
  if (f.thread_id) {
    where += " AND thread_id = ?";
    params.push_back(Str(f.thread_id->str()));
  }
  if (!f.include_notes) where += " AND message_type <> 'note'";
  if (f.after_seq > 0) {
    where += " AND seq > ?";
    params.push_back(db::Int(f.after_seq));
  }
  if (!page.cursor.empty()) {
    auto cursor = DecodeCursor(page.cursor);
    if (!cursor) return InvalidArgument("invalid cursor", {{"cursor", "is not a cursor of this list"}});
    where += " AND seq > ?";
    params.push_back(db::Int(cursor->key));
  }
  params.push_back(db::Int(page.limit + 1));
  SYN_ASSIGN_OR_RETURN(db::Rows rows,
                       tx.Query(std::string(kColumns) + where + " ORDER BY seq LIMIT ?", params));
  Page<Message> out;
  for (const auto& r : rows) out.items.push_back(MessageAt(r));
  if (out.items.size() > static_cast<size_t>(page.limit)) {
    out.items.resize(static_cast<size_t>(page.limit));
    out.next_cursor = EncodeCursor({out.items.back().seq, out.items.back().id.str()});
  }
  SYN_RETURN_IF_ERROR(LoadDetails(tx, org, out.items));
  return out;
}

Result<std::vector<Message>> RecentMessages(db::Tx& tx, const OrgId& org,
                                            const ConversationId& conversation, int limit,
                                            bool include_notes) {
  std::string sql = std::string(kColumns) + "WHERE org_id = ? AND conversation_id = ?";
  if (!include_notes) sql += " AND message_type <> 'note'";
  sql += " ORDER BY seq DESC LIMIT ?";
  SYN_ASSIGN_OR_RETURN(db::Rows rows,
                       tx.Query(sql, {Str(org.str()), Str(conversation.str()), db::Int(limit)}));
  std::vector<Message> out;
  for (auto it = rows.rows.rbegin(); it != rows.rows.rend(); ++it) out.push_back(MessageAt(*it));
  SYN_RETURN_IF_ERROR(LoadDetails(tx, org, out));
  return out;
}

Result<void> InsertFile(db::Tx& tx, const StoredFile& f) {
  SYN_RETURN_IF_ERROR(tx.Exec(
      "INSERT INTO conversation_files (id, org_id, conversation_id, message_id, name, "
      "content_type, size_bytes, storage_key, uploaded_by, created_at) "
      "VALUES (?, ?, ?, NULL, ?, ?, ?, ?, ?, ?)",
      {Str(f.id.str()), Str(f.org_id.str()), Str(f.conversation_id.str()), Str(f.name),
       Str(f.content_type), db::Int(f.size), Str(f.storage_key), Str(f.uploaded_by),
       TimeValue(f.created_at)}));
  return Ok();
}

Result<std::optional<StoredFile>> FindFile(db::Tx& tx, const OrgId& org,
                                           const ConversationId& conversation, const FileId& id) {
  SYN_ASSIGN_OR_RETURN(
      db::Rows rows,
      tx.Query("SELECT id, org_id, conversation_id, name, content_type, size_bytes, storage_key, "
               "uploaded_by, created_at FROM conversation_files WHERE org_id = ? AND "
               "conversation_id = ? AND id = ?",
               {Str(org.str()), Str(conversation.str()), Str(id.str())}));
  if (rows.empty()) return std::optional<StoredFile>();
  const db::Row& r = rows[0];
  return std::optional<StoredFile>(StoredFile{FileId(r.Text(0)), OrgId(r.Text(1)),
                                              ConversationId(r.Text(2)), r.Text(3), r.Text(4),
                                              r.Int(5), r.Text(6), r.Text(7),
                                              FromUnixMillis(r.Int(8))});
}

Result<std::vector<OrphanFile>> FindOrphanFiles(db::Tx& tx, Timestamp cutoff, int limit) {
  SYN_ASSIGN_OR_RETURN(
      db::Rows rows,
      tx.Query("SELECT org_id, id, storage_key FROM conversation_files WHERE message_id IS NULL "
               "AND created_at < ? ORDER BY created_at, id LIMIT ?",
               {TimeValue(cutoff), db::Int(limit)}));
  std::vector<OrphanFile> out;
  for (const auto& r : rows) out.push_back({OrgId(r.Text(0)), FileId(r.Text(1)), r.Text(2)});
  return out;
}

Result<bool> DeleteOrphanFile(db::Tx& tx, const OrgId& org, const FileId& file) {
  SYN_ASSIGN_OR_RETURN(int64_t deleted,
                       tx.Exec("DELETE FROM conversation_files WHERE org_id = ? AND id = ? AND "
                               "message_id IS NULL",
                               {Str(org.str()), Str(file.str())}));
  return deleted > 0;
}

Result<int64_t> AttachFiles(db::Tx& tx, const OrgId& org, const ConversationId& conversation,
                            const MessageId& message, const std::vector<FileId>& files) {
  if (files.empty()) return int64_t{0};
  std::vector<db::Value> params = {Str(message.str()), Str(org.str()), Str(conversation.str())};
  for (const auto& f : files) params.push_back(Str(f.str()));
  return tx.Exec("UPDATE conversation_files SET message_id = ? WHERE org_id = ? AND "
                 "conversation_id = ? AND message_id IS NULL AND id IN " +
                     Placeholders(files.size()),
                 params);
}

Result<void> UpdateContent(db::Tx& tx, const OrgId& org, const ConversationId& conversation,
                           const MessageId& id, const std::string& content, Timestamp at) {
  SYN_RETURN_IF_ERROR(tx.Exec("UPDATE conversation_messages SET content = ?, edited_at = ? "
                              "WHERE org_id = ? AND conversation_id = ? AND id = ?",
                              {Str(content), TimeValue(at), Str(org.str()),
                               Str(conversation.str()), Str(id.str())}));
  return Ok();
}

Result<std::vector<std::string>> EraseMessage(db::Tx& tx, const OrgId& org,
                                              const ConversationId& conversation,
                                              const MessageId& id, Timestamp at) {
  SYN_RETURN_IF_ERROR(tx.Exec("UPDATE conversation_messages SET content = '', ai = NULL, "
                              "deleted_at = ? WHERE org_id = ? AND conversation_id = ? AND id = ?",
                              {TimeValue(at), Str(org.str()), Str(conversation.str()),
                               Str(id.str())}));
  SYN_RETURN_IF_ERROR(tx.Exec("DELETE FROM conversation_reactions WHERE org_id = ? AND "
                              "message_id = ?",
                              {Str(org.str()), Str(id.str())}));
  SYN_ASSIGN_OR_RETURN(db::Rows files,
                       tx.Query("SELECT storage_key FROM conversation_files WHERE org_id = ? AND "
                                "conversation_id = ? AND message_id = ?",
                                {Str(org.str()), Str(conversation.str()), Str(id.str())}));
  std::vector<std::string> keys;
  for (const auto& r : files) keys.push_back(r.Text(0));
  SYN_RETURN_IF_ERROR(tx.Exec("DELETE FROM conversation_files WHERE org_id = ? AND "
                              "conversation_id = ? AND message_id = ?",
                              {Str(org.str()), Str(conversation.str()), Str(id.str())}));
  return keys;
}

Result<bool> AddReaction(db::Tx& tx, const OrgId& org, const MessageId& message,
                         const Reaction& reaction, Timestamp now) {
  SYN_ASSIGN_OR_RETURN(
      int64_t added,
      tx.Exec("INSERT INTO conversation_reactions (org_id, message_id, reactor, emoji, created_at) "
              "VALUES (?, ?, ?, ?, ?) ON CONFLICT (message_id, reactor, emoji) DO NOTHING",
              {Str(org.str()), Str(message.str()), Str(reaction.reactor), Str(reaction.emoji),
               TimeValue(now)}));
  return added > 0;
}

Result<bool> RemoveReaction(db::Tx& tx, const OrgId& org, const MessageId& message,
                            const Reaction& reaction) {
  SYN_ASSIGN_OR_RETURN(int64_t removed,
                       tx.Exec("DELETE FROM conversation_reactions WHERE org_id = ? AND "
                               "message_id = ? AND reactor = ? AND emoji = ?",
                               {Str(org.str()), Str(message.str()), Str(reaction.reactor),
                                Str(reaction.emoji)}));
  return removed > 0;
}

Result<void> StampReceipts(db::Tx& tx, const OrgId& org, const ConversationId& conversation,
                           std::string_view reader, CursorKind kind, int64_t after_seq,
                           int64_t up_to_seq, Timestamp at) {
  const bool staff = reader.starts_with("user:");
  if (up_to_seq <= after_seq || (!staff && !reader.starts_with("visitor:"))) return Ok();
  const char* senders = staff ? "sender_type IN ('visitor', 'contact')"
                              : "sender_type IN ('user', 'agent', 'system') AND message_type <> 'note'";
  const bool read = kind == CursorKind::kRead;
  std::vector<db::Value> params = {TimeValue(at)};
  if (read) params.push_back(TimeValue(at));
  params.insert(params.end(), {Str(org.str()), Str(conversation.str()), db::Int(after_seq),
                               db::Int(up_to_seq)});
  SYN_RETURN_IF_ERROR(tx.Exec(
      std::string("UPDATE conversation_messages SET ") +
          (read ? "read_at = ?, delivered_at = COALESCE(delivered_at, ?)" : "delivered_at = ?") +
          " WHERE org_id = ? AND conversation_id = ? AND seq > ? AND seq <= ? AND " +
          (read ? "read_at" : "delivered_at") + " IS NULL AND " + senders,
      params));
  return Ok();
}

}  // namespace syntera::conversations::store
