#include "conversations/conversation_store.h"

#include <map>

#include "conversations/message_store.h"
#include "conversations/store_util.h"
#include "db/full_text.h"

namespace syntera::conversations::store {
namespace {

constexpr std::string_view kColumns =
    "c.id, c.org_id, c.agent_id, c.channel, c.contact_id, c.visitor_id, c.status, "
    "c.assignee_type, c.assignee_user_id, c.priority, c.subject, c.summary, c.metadata, "
    "c.message_count, c.started_at, c.ended_at, c.last_message_at, c.updated_at";

Conversation ConversationAt(const db::Row& r) {
  Conversation c;
  c.id = ConversationId(r.Text("id"));
  c.org_id = OrgId(r.Text("org_id"));
  c.agent_id = OptIdAt<AgentId>(r, "agent_id");
  c.channel = ParseChannel(r.Text("channel")).value_or(Channel::kApi);
  c.contact_id = OptIdAt<ContactId>(r, "contact_id");
  c.visitor_id = r.Text("visitor_id");
  c.status = ParseStatus(r.Text("status")).value_or(Status::kOpen);
  c.assignee_type = ParseAssigneeType(r.Text("assignee_type")).value_or(AssigneeType::kAi);
  c.assignee_user_id = OptIdAt<UserId>(r, "assignee_user_id");
  c.priority = ParsePriority(r.Text("priority")).value_or(Priority::kNormal);
  c.subject = r.Text("subject");
  c.summary = r.Text("summary");
  c.metadata = r.Text("metadata");
  c.message_count = r.Int("message_count");
  c.started_at = TimeAt(r, "started_at");
  c.ended_at = OptTimeAt(r, "ended_at");
  c.last_message_at = OptTimeAt(r, "last_message_at");
  c.updated_at = TimeAt(r, "updated_at");
  return c;
}

int64_t LastActivity(const Conversation& c) {
  return ToUnixMillis(c.last_message_at ? std::max(*c.last_message_at, c.started_at)
                                        : c.started_at);
}

Result<void> WriteTags(db::Tx& tx, const Conversation& c) {
  SYN_RETURN_IF_ERROR(tx.Exec("DELETE FROM conversation_tags WHERE org_id = ? AND conversation_id = ?",
                              {Str(c.org_id.str()), Str(c.id.str())}));
  for (const auto& tag : c.tags) {
    SYN_RETURN_IF_ERROR(tx.Exec(
        "INSERT INTO conversation_tags (org_id, conversation_id, tag) VALUES (?, ?, ?)",
        {Str(c.org_id.str()), Str(c.id.str()), Str(tag)}));
  }
  return Ok();
}

// Loads tags and threads of `items` in two queries.
Result<void> LoadChildren(db::Tx& tx, const OrgId& org, std::vector<Conversation>& items) {
  if (items.empty()) return Ok();
  std::map<std::string, Conversation*> by_id;
  std::vector<db::Value> params = {Str(org.str())};
  for (auto& c : items) {
    by_id[c.id.str()] = &c;
    params.push_back(Str(c.id.str()));
  }
  const std::string in = Placeholders(items.size());
  SYN_ASSIGN_OR_RETURN(db::Rows tags,
                       tx.Query("SELECT conversation_id, tag FROM conversation_tags WHERE org_id = ? "
                                "AND conversation_id IN " + in + " ORDER BY tag",
                                params));
  for (const auto& r : tags) by_id[r.Text(0)]->tags.push_back(r.Text(1));
  SYN_ASSIGN_OR_RETURN(
      db::Rows threads,
      tx.Query("SELECT conversation_id, id, title, message_count, created_at FROM "
               "conversation_threads WHERE org_id = ? AND conversation_id IN " + in +
                   " ORDER BY created_at, id",
               params));
  for (const auto& r : threads) {
    by_id[r.Text(0)]->threads.push_back(
        Thread{ThreadId(r.Text(1)), r.Text(2), r.Int(3), FromUnixMillis(r.Int(4))});
  }
  return Ok();
}

constexpr std::string_view kCursorColumns =
    "reader, last_read_message_id, last_read_seq, read_at, last_delivered_message_id, "
    "last_delivered_seq, delivered_at";

ReadCursor CursorAt(const db::Row& r) {
  ReadCursor c;
  c.reader = r.Text("reader");
  c.last_read_message_id = OptIdAt<MessageId>(r, "last_read_message_id");
  c.last_read_seq = r.Int("last_read_seq");
  if (c.last_read_seq > 0) c.read_at = TimeAt(r, "read_at");  // 0: a delivery-only row
  c.last_delivered_message_id = OptIdAt<MessageId>(r, "last_delivered_message_id");
  c.last_delivered_seq = r.Int("last_delivered_seq");
  c.delivered_at = OptTimeAt(r, "delivered_at");
  return c;
}

Result<std::optional<ReadCursor>> FindCursor(db::Tx& tx, const OrgId& org,
                                             const ConversationId& conversation,
                                             const std::string& reader) {
  SYN_ASSIGN_OR_RETURN(db::Rows rows,
                       tx.Query("SELECT " + std::string(kCursorColumns) +
                                    " FROM conversation_reads WHERE org_id = ? AND "
                                    "conversation_id = ? AND reader = ?",
                                {Str(org.str()), Str(conversation.str()), Str(reader)}));
  if (rows.empty()) return std::optional<ReadCursor>();
  return std::optional<ReadCursor>(CursorAt(rows[0]));
}

// "col = CASE WHEN excluded.<seq> > conversation_reads.<seq> THEN excluded.col ELSE col END"
std::string IfAhead(std::string_view seq, std::string_view col) {
  return std::string(col) + " = CASE WHEN excluded." + std::string(seq) + " > conversation_reads." +
         std::string(seq) + " THEN excluded." + std::string(col) + " ELSE conversation_reads." +
         std::string(col) + " END";
}

// " AND <the conversation's subject/summary or one of its messages matches every word of q
// as a prefix>" — the FTS5 tables on SQLite, the GIN-indexed tsvector expressions on
// PostgreSQL (migration 5). A q without any word matches nothing.
void AppendSearch(db::Dialect dialect, const OrgId& org, std::string_view q, std::string& where,
                  std::vector<db::Value>& params) {
  std::string match = db::PrefixMatchQuery(dialect, q);
  if (match.empty()) {
    where += " AND 1 = 0";
    return;
  }
  if (dialect == db::Dialect::kSqlite) {
    where += " AND (c.rowid IN (SELECT rowid FROM conversations_fts WHERE conversations_fts "
             "MATCH ?) OR c.id IN (SELECT m.conversation_id FROM conversation_messages_fts f "
             "JOIN conversation_messages m ON m.rowid = f.rowid WHERE "
             "f.conversation_messages_fts MATCH ? AND m.org_id = ?))";
  } else {
    where += " AND (to_tsvector('simple', c.subject || ' ' || c.summary) @@ "
             "to_tsquery('simple', ?) OR c.id IN (SELECT m.conversation_id FROM "
             "conversation_messages m WHERE to_tsvector('simple', m.content) @@ "
             "to_tsquery('simple', ?) AND m.org_id = ?))";
  }
  params.insert(params.end(), {Str(match), Str(match), Str(org.str())});
}

}  // namespace

Result<void> InsertConversation(db::Tx& tx, const Conversation& c) {
  SYN_RETURN_IF_ERROR(tx.Exec(
      "INSERT INTO conversations (id, org_id, agent_id, channel, contact_id, visitor_id, status, "
      "assignee_type, assignee_user_id, priority, subject, summary, metadata, message_count, "
      "started_at, ended_at, last_message_at, last_activity_at, created_at, updated_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {Str(c.id.str()), Str(c.org_id.str()), OptIdValue(c.agent_id),
       Str(std::string(ChannelName(c.channel))), OptIdValue(c.contact_id), Str(c.visitor_id),
       Str(std::string(StatusName(c.status))), Str(std::string(AssigneeTypeName(c.assignee_type))),
       OptIdValue(c.assignee_user_id), Str(std::string(PriorityName(c.priority))),
       Str(c.subject), Str(c.summary), Str(c.metadata), db::Int(c.message_count),
       TimeValue(c.started_at), OptTimeValue(c.ended_at), OptTimeValue(c.last_message_at),
       db::Int(LastActivity(c)), TimeValue(c.started_at), TimeValue(c.updated_at)}));
  SYN_RETURN_IF_ERROR(WriteTags(tx, c));
  for (const auto& t : c.threads) SYN_RETURN_IF_ERROR(InsertThread(tx, c.org_id, c.id, t));
  return Ok();
}

Result<void> UpdateConversation(db::Tx& tx, const Conversation& c) {
  SYN_RETURN_IF_ERROR(tx.Exec(
      "UPDATE conversations SET agent_id = ?, contact_id = ?, status = ?, assignee_type = ?, "
      "assignee_user_id = ?, priority = ?, subject = ?, summary = ?, metadata = ?, "
      "message_count = ?, ended_at = ?, last_message_at = ?, last_activity_at = ?, "
      "updated_at = ? WHERE org_id = ? AND id = ?",
      {OptIdValue(c.agent_id), OptIdValue(c.contact_id), Str(std::string(StatusName(c.status))),
       Str(std::string(AssigneeTypeName(c.assignee_type))), OptIdValue(c.assignee_user_id),
       Str(std::string(PriorityName(c.priority))), Str(c.subject), Str(c.summary),
       Str(c.metadata), db::Int(c.message_count), OptTimeValue(c.ended_at),
       OptTimeValue(c.last_message_at), db::Int(LastActivity(c)), TimeValue(c.updated_at),
       Str(c.org_id.str()), Str(c.id.str())}));
  return WriteTags(tx, c);
}

Result<std::optional<Conversation>> FindConversation(db::Tx& tx, const OrgId& org,
                                                     const ConversationId& id, bool for_update) {
  std::string sql = "SELECT " + std::string(kColumns) +
                    " FROM conversations c WHERE c.org_id = ? AND c.id = ?";
  if (for_update && tx.dialect() == db::Dialect::kPostgres) sql += " FOR UPDATE";
  SYN_ASSIGN_OR_RETURN(db::Rows rows, tx.Query(sql, {Str(org.str()), Str(id.str())}));
  if (rows.empty()) return std::optional<Conversation>();
  std::vector<Conversation> one{ConversationAt(rows[0])};
  SYN_RETURN_IF_ERROR(LoadChildren(tx, org, one));
  return std::optional<Conversation>(std::move(one[0]));
}

Result<void> LoadReaderState(db::Tx& tx, Conversation& c, std::string_view reader,
                             bool with_reads) {
  SYN_ASSIGN_OR_RETURN(
      db::Rows rows,
      tx.Query("SELECT " + std::string(kCursorColumns) + " FROM conversation_reads WHERE "
               "org_id = ? AND conversation_id = ? ORDER BY reader",
               {Str(c.org_id.str()), Str(c.id.str())}));
  c.unread_count = reader.empty() ? 0 : c.message_count;
  c.reads.clear();
  for (const auto& r : rows) {
    ReadCursor rc = CursorAt(r);
    if (rc.reader == reader) c.unread_count = std::max<int64_t>(0, c.message_count - rc.last_read_seq);
    if (with_reads) c.reads.push_back(std::move(rc));
  }
  return Ok();
}

Result<Page<Conversation>> ListConversations(db::Tx& tx, const OrgId& org,
                                             const ConversationFilter& f, const PageRequest& page,
                                             std::string_view reader) {
  std::string where = " WHERE c.org_id = ?";
  std::vector<db::Value> params = {Str(org.str())};
  auto eq = [&](const char* col, std::optional<std::string> v) {
    if (!v) return;
    where += std::string(" AND ") + col + " = ?";
    params.push_back(Str(std::move(*v)));
  };
  if (!f.statuses.empty()) {
    where += " AND c.status IN " + Placeholders(f.statuses.size());
    for (Status s : f.statuses) params.push_back(Str(std::string(StatusName(s))));
  }
  eq("c.channel", f.channel ? std::optional(std::string(ChannelName(*f.channel))) : std::nullopt);
  eq("c.assignee_type",
     f.assignee_type ? std::optional(std::string(AssigneeTypeName(*f.assignee_type))) : std::nullopt);
  eq("c.assignee_user_id", f.assignee_user_id ? std::optional(f.assignee_user_id->str()) : std::nullopt);
  eq("c.agent_id", f.agent_id ? std::optional(f.agent_id->str()) : std::nullopt);
  eq("c.contact_id", f.contact_id ? std::optional(f.contact_id->str()) : std::nullopt);
  if (f.tag) {
    where += " AND EXISTS (SELECT 1 FROM conversation_tags t WHERE t.conversation_id = c.id "
             "AND t.org_id = c.org_id AND t.tag = ?)";
    params.push_back(Str(*f.tag));
  }
  auto range = [&](const char* col, const std::optional<Timestamp>& from,
                   const std::optional<Timestamp>& to) {
    if (from) { where += std::string(" AND ") + col + " >= ?"; params.push_back(TimeValue(*from)); }
    if (to) { where += std::string(" AND ") + col + " < ?"; params.push_back(TimeValue(*to)); }
  };
  range("c.created_at", f.created_from, f.created_to);
  range("c.updated_at", f.updated_from, f.updated_to);
  if (!f.q.empty()) AppendSearch(tx.dialect(), org, f.q, where, params);
  Page<Conversation> out;
  if (f.count) {
    SYN_ASSIGN_OR_RETURN(db::Rows n,
                         tx.Query("SELECT COUNT(*) FROM conversations c" + where, params));
    out.total = n[0].Int(0);
  }
  const char* col = f.sort == ConversationSort::kUpdatedDesc ? "c.updated_at" : "c.created_at";
  bool desc = f.sort != ConversationSort::kCreatedAsc;
  if (!page.cursor.empty()) {
    auto cursor = DecodeCursor(page.cursor);
    if (!cursor) return InvalidArgument("invalid cursor", {{"cursor", "is not a cursor of this list"}});
    AppendAfter(*cursor, col, "c.id", desc, where, params);
  }
  std::vector<db::Value> all = {Str(std::string(reader))};
  all.insert(all.end(), params.begin(), params.end());
  all.push_back(db::Int(page.limit + 1));
  const char* dir = desc ? " DESC" : "";
  SYN_ASSIGN_OR_RETURN(
      db::Rows rows,
      tx.Query("SELECT " + std::string(kColumns) + ", c.created_at, COALESCE(r.last_read_seq, 0) "
               "AS read_seq FROM conversations c LEFT JOIN conversation_reads r ON "
               "r.conversation_id = c.id AND r.reader = ?" + where + " ORDER BY " + col + dir +
                   ", c.id" + dir + " LIMIT ?",
               all));
  std::vector<int64_t> sort_keys;
  for (const auto& r : rows) {
    out.items.push_back(ConversationAt(r));
    Conversation& c = out.items.back();
    c.unread_count = reader.empty() ? 0 : std::max<int64_t>(0, c.message_count - r.Int("read_seq"));
    sort_keys.push_back(r.Int(f.sort == ConversationSort::kUpdatedDesc ? "updated_at" : "created_at"));
  }
  if (out.items.size() > static_cast<size_t>(page.limit)) {
    out.items.resize(static_cast<size_t>(page.limit));
    out.next_cursor = EncodeCursor({sort_keys[out.items.size() - 1], out.items.back().id.str()});
  }
  SYN_RETURN_IF_ERROR(LoadChildren(tx, org, out.items));
  return out;
}

Result<std::vector<Conversation>> ListVisitorConversations(db::Tx& tx, const OrgId& org,
                                                           std::string_view visitor_id, int limit) {
  SYN_ASSIGN_OR_RETURN(
      db::Rows rows,
      tx.Query("SELECT " + std::string(kColumns) + " FROM conversations c WHERE c.org_id = ? AND "
               "c.visitor_id = ? ORDER BY c.created_at DESC, c.id DESC LIMIT ?",
               {Str(org.str()), Str(std::string(visitor_id)), db::Int(limit)}));
  std::vector<Conversation> out;
  for (const auto& r : rows) out.push_back(ConversationAt(r));
  SYN_RETURN_IF_ERROR(LoadChildren(tx, org, out));
  return out;
}

Result<InboxCounts> CountInbox(db::Tx& tx, const OrgId& org, const std::optional<UserId>& user) {
  InboxCounts counts;
  SYN_ASSIGN_OR_RETURN(
      db::Rows rows,
      tx.Query("SELECT "
               "COALESCE(SUM(CASE WHEN status = 'waiting_for_human' THEN 1 ELSE 0 END), 0), "
               "COALESCE(SUM(CASE WHEN assignee_type = 'none' THEN 1 ELSE 0 END), 0), "
               "COALESCE(SUM(CASE WHEN assignee_user_id = ? THEN 1 ELSE 0 END), 0) "
               "FROM conversations WHERE org_id = ? AND status IN ('open', 'waiting_for_human')",
               {Str(user ? user->str() : ""), Str(org.str())}));
  counts.waiting = rows[0].Int(0);
  counts.unassigned = rows[0].Int(1);
  if (!user) return counts;
  counts.mine = rows[0].Int(2);
  SYN_ASSIGN_OR_RETURN(
      db::Rows unread,
      tx.Query("SELECT COUNT(*) FROM conversations c LEFT JOIN conversation_reads r ON "
               "r.conversation_id = c.id AND r.reader = ? WHERE c.org_id = ? AND "
               "c.assignee_user_id = ? AND c.status IN ('open', 'waiting_for_human') AND "
               "c.message_count > COALESCE(r.last_read_seq, 0)",
               {Str("user:" + user->str()), Str(org.str()), Str(user->str())}));
  counts.unread = unread[0].Int(0);
  return counts;
}

Result<void> InsertThread(db::Tx& tx, const OrgId& org, const ConversationId& conversation,
                          const Thread& t) {
  SYN_RETURN_IF_ERROR(tx.Exec(
      "INSERT INTO conversation_threads (id, org_id, conversation_id, title, message_count, "
      "created_at) VALUES (?, ?, ?, ?, ?, ?)",
      {Str(t.id.str()), Str(org.str()), Str(conversation.str()), Str(t.title),
       db::Int(t.message_count), TimeValue(t.created_at)}));
  return Ok();
}

Result<bool> ThreadExists(db::Tx& tx, const OrgId& org, const ConversationId& conversation,
                          const ThreadId& thread) {
  SYN_ASSIGN_OR_RETURN(db::Rows rows,
                       tx.Query("SELECT 1 FROM conversation_threads WHERE org_id = ? AND "
                                "conversation_id = ? AND id = ?",
                                {Str(org.str()), Str(conversation.str()), Str(thread.str())}));
  return !rows.empty();
}

Result<void> BumpThread(db::Tx& tx, const OrgId& org, const ThreadId& thread) {
  SYN_RETURN_IF_ERROR(tx.Exec("UPDATE conversation_threads SET message_count = message_count + 1 "
                              "WHERE org_id = ? AND id = ?",
                              {Str(org.str()), Str(thread.str())}));
  return Ok();
}

Result<CursorMove> AdvanceCursor(db::Tx& tx, const OrgId& org, const ConversationId& conversation,
                                 const std::string& reader, CursorKind kind,
                                 const MessageId& message, int64_t seq, Timestamp at) {
  SYN_ASSIGN_OR_RETURN(auto before, FindCursor(tx, org, conversation, reader));
  ReadCursor old = before.value_or(ReadCursor{reader});
  const bool read = kind == CursorKind::kRead;
  // A read moves both cursors; a delivery only the delivery cursor (read columns stay 0,
  // which never wins the CASE below).
  SYN_RETURN_IF_ERROR(tx.Exec(
      "INSERT INTO conversation_reads (org_id, conversation_id, reader, last_read_message_id, "
      "last_read_seq, read_at, last_delivered_message_id, last_delivered_seq, delivered_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (conversation_id, reader) DO UPDATE SET " +
          IfAhead("last_read_seq", "last_read_message_id") + ", " +
          IfAhead("last_read_seq", "read_at") + ", " + IfAhead("last_read_seq", "last_read_seq") +
          ", " + IfAhead("last_delivered_seq", "last_delivered_message_id") + ", " +
          IfAhead("last_delivered_seq", "delivered_at") + ", " +
          IfAhead("last_delivered_seq", "last_delivered_seq"),
      {Str(org.str()), Str(conversation.str()), Str(reader),
       read ? Str(message.str()) : db::Null(), db::Int(read ? seq : 0),
       db::Int(read ? ToUnixMillis(at) : 0), Str(message.str()), db::Int(seq), TimeValue(at)}));
  const int64_t previous = read ? old.last_read_seq : old.last_delivered_seq;
  SYN_RETURN_IF_ERROR(StampReceipts(tx, org, conversation, reader, kind, previous, seq, at));
  SYN_ASSIGN_OR_RETURN(auto after, FindCursor(tx, org, conversation, reader));
  if (!after) return Internal("conversation_reads: the cursor row vanished");
  const int64_t now_at = read ? after->last_read_seq : after->last_delivered_seq;
  return CursorMove{std::move(*after), now_at > previous};
}

Result<bool> IsMember(db::Tx& tx, const OrgId& org, const UserId& user) {
  SYN_ASSIGN_OR_RETURN(db::Rows rows,
                       tx.Query("SELECT 1 FROM memberships WHERE org_id = ? AND user_id = ?",
                                {Str(org.str()), Str(user.str())}));
  return !rows.empty();
}

Result<bool> ContactExists(db::Tx& tx, const OrgId& org, const ContactId& contact) {
  SYN_ASSIGN_OR_RETURN(db::Rows rows,
                       tx.Query("SELECT 1 FROM crm_contacts WHERE org_id = ? AND id = ?",
                                {Str(org.str()), Str(contact.str())}));
  return !rows.empty();
}

Result<std::vector<IdleConversation>> FindIdle(db::Tx& tx, Timestamp cutoff, int limit) {
  SYN_ASSIGN_OR_RETURN(
      db::Rows rows,
      tx.Query("SELECT org_id, id FROM conversations WHERE status IN ('open', 'waiting_for_human') "
               "AND last_activity_at < ? ORDER BY last_activity_at, id LIMIT ?",
               {TimeValue(cutoff), db::Int(limit)}));
  std::vector<IdleConversation> out;
  for (const auto& r : rows) out.push_back({OrgId(r.Text(0)), ConversationId(r.Text(1))});
  return out;
}

}  // namespace syntera::conversations::store
