// ConversationService: message edits and deletions, reactions, delivery and read receipts — on
// SQLite and (when configured) PostgreSQL.

#include <gtest/gtest.h>

#include "conversations/conversation_service_test_fixture.h"

namespace syntera::conversations {
namespace {

using testing::Count;

class MessageChangesTest : public testing::ConversationServiceTest {
 protected:
  std::string ContentOf(const MessageId& id) {
    auto r = db::InTx(db(), db::Scope::System(), db::TxMode::kRead, [&](db::Tx& tx) {
      return tx.Query("SELECT content FROM conversation_messages WHERE id = ?", {db::Text(id.str())});
    });
    return r.ok() && !r->empty() ? (*r)[0].Text(0) : "<none>";
  }
  Message Find(const Principal& who, const Conversation& c, const MessageId& id) {
    auto list = svc().ListMessages(who, c.id, {}, {});
    EXPECT_TRUE(list.ok());
    for (const auto& m : list->items) {
      if (m.id == id) return m;
    }
    ADD_FAILURE() << "message " << id.str() << " not listed";
    return {};
  }
  // A system message in `c`, posted through the API by a_.
  Message PostSystem(const Conversation& c) {
    MessageInput system;
    system.content = "conversation moved";
    system.sender_type = SenderType::kSystem;
    auto posted = svc().PostMessage(a_, c.id, system);
    EXPECT_TRUE(posted.ok());
    return posted.ok() ? posted->message : Message{};
  }
  // An admin-role API key of a_'s organization.
  Principal AdminApiKey() const {
    Principal key = a_;
    key.kind = CredentialKind::kApiKey;
    key.api_key_id = "k1";
    key.role = Role::kAdmin;
    return key;
  }
};

TEST_P(MessageChangesTest, TheAuthorEditsAndGetsEditedAt) {
  Conversation c = Start(a_);
  Message m = Post(a_, c, "helo").message;
  clock_.Advance(std::chrono::seconds(5));
  auto edited = svc().EditMessage(a_, c.id, m.id, "hello");
  ASSERT_TRUE(edited.ok()) << edited.error().message;
  EXPECT_EQ(edited->content, "hello");
  EXPECT_EQ(edited->edited_at, clock_.Now());
  EXPECT_EQ(Find(a_, c, m.id).edited_at, clock_.Now());
  EXPECT_EQ(Events("message.updated"), 1);
  ASSERT_EQ(listener_.edits.size(), 1u);
  EXPECT_EQ(listener_.edits[0].content, "hello");
  // The same content again changes nothing.
  ASSERT_TRUE(svc().EditMessage(a_, c.id, m.id, "hello").ok());
  EXPECT_EQ(Events("message.updated"), 1);
  EXPECT_EQ(listener_.edits.size(), 1u);
  // A note is its author's too.
  Message note = Post(a_, c, "internal", "", MessageType::kNote).message;
  EXPECT_TRUE(svc().EditMessage(a_, c.id, note.id, "internal: VIP").ok());
  // A file's caption may be removed: the file stays.
  auto file = svc().UploadFile(a_, c.id, "invoice.pdf", "application/pdf", "%PDF-1.7\n...");
  ASSERT_TRUE(file.ok()) << file.error().message;
  MessageInput with_file;
  with_file.content = "here is the invoice";
  with_file.attachments = {file->id};
  Message captioned = svc().PostMessage(a_, c.id, with_file)->message;
  auto uncaptioned = svc().EditMessage(a_, c.id, captioned.id, "");
  ASSERT_TRUE(uncaptioned.ok()) << uncaptioned.error().message;
  EXPECT_EQ(uncaptioned->content, "");
  ASSERT_EQ(uncaptioned->attachments.size(), 1u);
  EXPECT_EQ(uncaptioned->attachments[0].file_id, file->id);
}

TEST_P(MessageChangesTest, OnlyTheAuthorEditsAndBadEditsChangeNothing) {
  Principal visitor = Visitor(a_), other_visitor = Visitor(a_);
  Conversation c = Start(visitor, "hi");
  Message from_visitor = listener_.messages.back();
  Message from_staff = Post(a_, c, "hello").message;
  Message note = Post(a_, c, "internal", "", MessageType::kNote).message;
  Message from_system = PostSystem(c);
  Principal member = testing::AddMember(db(), clock_, random_, a_);
  Principal key = AdminApiKey();

  struct Case {
    const char* name;
    Principal who;
    MessageId message;
    std::string content;
    ErrorCode code;
  };
  const std::vector<Case> cases = {
      {"another member", member, from_staff.id, "x", ErrorCode::kPermissionDenied},
      {"an API key", key, from_staff.id, "x", ErrorCode::kPermissionDenied},
      {"staff on a visitor message", a_, from_visitor.id, "x", ErrorCode::kPermissionDenied},
      {"a visitor on a staff message", visitor, from_staff.id, "x", ErrorCode::kPermissionDenied},
      {"a visitor on a note", visitor, note.id, "x", ErrorCode::kNotFound},
      {"a system message", a_, from_system.id, "x", ErrorCode::kPermissionDenied},
      {"another visitor", other_visitor, from_visitor.id, "x", ErrorCode::kNotFound},
      {"another organization", b_, from_staff.id, "x", ErrorCode::kNotFound},
      {"an unknown message", a_, MessageId("nope"), "x", ErrorCode::kNotFound},
      {"empty content", a_, from_staff.id, "", ErrorCode::kInvalidArgument},
      {"content over 32 KiB", a_, from_staff.id, std::string(kMaxContentBytes + 1, 'a'),
       ErrorCode::kInvalidArgument},
  };
  EXPECT_EQ(svc().EditMessage(key, c.id, from_staff.id, "x").error().message,
            "messages are edited by their author, a signed-in user; API keys cannot edit");
  EXPECT_EQ(svc().EditMessage(a_, c.id, from_system.id, "x").error().message,
            "AI and system messages cannot be edited");
  for (const Case& t : cases) {
    auto r = svc().EditMessage(t.who, c.id, t.message, t.content);
    ASSERT_FALSE(r.ok()) << t.name;
    EXPECT_EQ(r.error().code, t.code) << t.name << ": " << r.error().message;
  }
  EXPECT_EQ(ContentOf(from_staff.id), "hello");
  EXPECT_EQ(ContentOf(from_visitor.id), "hi");
  EXPECT_EQ(Events("message.updated"), 0);
  EXPECT_TRUE(listener_.edits.empty());

  auto own = svc().EditMessage(visitor, c.id, from_visitor.id, "hi there");
  ASSERT_TRUE(own.ok()) << own.error().message;
  EXPECT_TRUE(own->edited_at.has_value());

  ASSERT_TRUE(svc().Resolve(a_, c.id).ok());
  ConversationPatch close;
  close.status = Status::kClosed;
  ASSERT_TRUE(svc().UpdateConversation(a_, c.id, close).ok());
  EXPECT_EQ(svc().EditMessage(a_, c.id, from_staff.id, "late").error().code,
            ErrorCode::kFailedPrecondition);
}

TEST_P(MessageChangesTest, ADeletedMessageKeepsItsPlaceAndLosesEverythingItSaid) {
  Principal visitor = Visitor(a_);
  Conversation c = Start(visitor, "hi");
  const std::string pdf = "%PDF-1.7\n...";
  auto file = svc().UploadFile(a_, c.id, "card.pdf", "application/pdf", pdf);
  ASSERT_TRUE(file.ok()) << file.error().message;
  MessageInput in;
  in.content = "your card ending zanzibar4242 is on file";
  in.attachments = {file->id};
  auto posted = svc().PostMessage(a_, c.id, in);
  ASSERT_TRUE(posted.ok()) << posted.error().message;
  const Message m = posted->message;
  ASSERT_TRUE(svc().React(visitor, c.id, m.id, "👍", ReactionChange::kAdd).ok());
  const Message after = Post(a_, c, "anything else?").message;
  const auto found = [&](const std::string& q) {
    ConversationFilter f;
    f.q = q;
    auto page = svc().ListConversations(a_, f, {});
    return page.ok() ? page->items.size() : size_t{99};
  };
  ASSERT_EQ(found("zanzibar4242"), 1u);
  const int64_t reactions_told = static_cast<int64_t>(listener_.reactions.size());

  clock_.Advance(std::chrono::seconds(3));
  auto deleted = svc().DeleteMessage(a_, c.id, m.id);
  ASSERT_TRUE(deleted.ok()) << deleted.error().message;
  EXPECT_EQ(deleted->deleted_at, clock_.Now());
  EXPECT_EQ(deleted->content, "");
  EXPECT_TRUE(deleted->attachments.empty());
  EXPECT_TRUE(deleted->reactions.empty());
  EXPECT_EQ(deleted->seq, m.seq);
  // In place: same id and seq, between its neighbours, for both sides.
  for (const Principal& who : {a_, visitor}) {
    Message listed = Find(who, c, m.id);
    EXPECT_EQ(listed.seq, m.seq);
    EXPECT_TRUE(listed.deleted_at.has_value());
    EXPECT_EQ(listed.content, "");
  }
  EXPECT_EQ(Find(a_, c, after.id).content, "anything else?");
  // The words, the file (row and bytes) and the reactions are gone.
  EXPECT_EQ(ContentOf(m.id), "");
  EXPECT_EQ(found("zanzibar4242"), 0u);
  EXPECT_EQ(Count(db(), "SELECT COUNT(*) FROM conversation_files"), 0);
  EXPECT_EQ(files_->Get(file->storage_key).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(svc().DownloadFile(a_, c.id, file->id).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(Count(db(), "SELECT COUNT(*) FROM conversation_reactions"), 0);
  // Told once, as an event without the text; deleting again changes nothing.
  EXPECT_EQ(Events("message.deleted"), 1);
  EXPECT_EQ(Count(db(), "SELECT COUNT(*) FROM events WHERE type = 'message.deleted' AND "
                        "payload LIKE '%zanzibar%'"),
            0);
  ASSERT_EQ(listener_.deletions.size(), 1u);
  EXPECT_TRUE(listener_.deletions[0].deleted_at.has_value());
  ASSERT_TRUE(svc().DeleteMessage(a_, c.id, m.id).ok());
  EXPECT_EQ(Events("message.deleted"), 1);
  EXPECT_EQ(listener_.deletions.size(), 1u);
  // A deleted message is neither edited nor reacted to.
  EXPECT_EQ(svc().EditMessage(a_, c.id, m.id, "back").error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(svc().React(visitor, c.id, m.id, "👍", ReactionChange::kAdd).error().code,
            ErrorCode::kFailedPrecondition);
  EXPECT_EQ(static_cast<int64_t>(listener_.reactions.size()), reactions_told);
}

TEST_P(MessageChangesTest, AuthorsDeleteTheirOwnAdminsAnyButSystemEvents) {
  Principal visitor = Visitor(a_), other_visitor = Visitor(a_);
  Conversation c = Start(visitor, "hi");
  Message from_visitor = listener_.messages.back();
  Message from_admin = Post(a_, c, "hello").message;
  Principal member = testing::AddMember(db(), clock_, random_, a_);
  Message from_member = Post(member, c, "I'll take it").message;
  Message from_system = PostSystem(c);
  AgentReply reply;
  reply.id = MessageId("00000000-0000-7000-8000-00000000a1a1");
  reply.client_message_id = "ai:" + from_visitor.id.str();
  reply.content = "We open at 9.";
  auto answered = svc().PostAgentReply(a_.org_id, c.id, reply);
  ASSERT_TRUE(answered.ok()) << answered.error().message;
  const Message from_ai = answered->message;
  Principal viewer = member;
  viewer.role = Role::kViewer;
  Principal key = AdminApiKey();

  struct Case {
    const char* name;
    Principal who;
    MessageId message;
    ErrorCode code;
  };
  const std::vector<Case> refused = {
      {"a member on another's message", member, from_admin.id, ErrorCode::kPermissionDenied},
      {"a member on a visitor message", member, from_visitor.id, ErrorCode::kPermissionDenied},
      {"a viewer on their own message", viewer, from_member.id, ErrorCode::kPermissionDenied},
      {"an API key", key, from_admin.id, ErrorCode::kPermissionDenied},
      {"a visitor on a staff message", visitor, from_admin.id, ErrorCode::kPermissionDenied},
      {"another visitor", other_visitor, from_visitor.id, ErrorCode::kNotFound},
      {"an admin on a system event", a_, from_system.id, ErrorCode::kPermissionDenied},
      {"a member on an AI message", member, from_ai.id, ErrorCode::kPermissionDenied},
      {"another organization", b_, from_admin.id, ErrorCode::kNotFound},
      {"an unknown message", a_, MessageId("nope"), ErrorCode::kNotFound},
  };
  for (const Case& t : refused) {
    auto r = svc().DeleteMessage(t.who, c.id, t.message);
    ASSERT_FALSE(r.ok()) << t.name;
    EXPECT_EQ(r.error().code, t.code) << t.name << ": " << r.error().message;
  }
  EXPECT_EQ(Events("message.deleted"), 0);
  EXPECT_EQ(Count(db(), "SELECT COUNT(*) FROM conversation_messages WHERE deleted_at IS NOT NULL"), 0);

  // The refusals say who may.
  EXPECT_EQ(svc().DeleteMessage(key, c.id, from_admin.id).error().message,
            "messages are deleted by their author, a signed-in user; API keys cannot delete");
  EXPECT_EQ(svc().DeleteMessage(member, c.id, from_ai.id).error().message,
            "only an admin or owner can delete an AI message");

  EXPECT_TRUE(svc().DeleteMessage(member, c.id, from_member.id).ok()) << "the author";
  EXPECT_TRUE(svc().DeleteMessage(a_, c.id, from_ai.id).ok()) << "an admin, an AI answer";
  EXPECT_TRUE(svc().DeleteMessage(visitor, c.id, from_visitor.id).ok()) << "a visitor, their own";
  // Allowed whatever the status: removing what should not be kept does not wait.
  ASSERT_TRUE(svc().Resolve(a_, c.id).ok());
  ConversationPatch close;
  close.status = Status::kClosed;
  ASSERT_TRUE(svc().UpdateConversation(a_, c.id, close).ok());
  EXPECT_TRUE(svc().DeleteMessage(a_, c.id, from_admin.id).ok()) << "an admin, in a closed one";
  EXPECT_EQ(Events("message.deleted"), 4);
}

TEST_P(MessageChangesTest, ReactionsAreAddedRemovedAndToldOnlyWhenTheyChange) {
  Principal visitor = Visitor(a_);
  Conversation c = Start(visitor, "hi");
  Message m = Post(a_, c, "hello").message;
  auto added = svc().React(visitor, c.id, m.id, "👍", ReactionChange::kAdd);
  ASSERT_TRUE(added.ok()) << added.error().message;
  ASSERT_EQ(added->reactions.size(), 1u);
  EXPECT_EQ(added->reactions[0].reactor, "visitor:" + visitor.visitor_id);
  EXPECT_TRUE(svc().React(visitor, c.id, m.id, "👍", ReactionChange::kAdd).ok());  // idempotent
  EXPECT_EQ(listener_.reactions.size(), 1u);
  EXPECT_EQ(svc().React(a_, c.id, m.id, "👍", ReactionChange::kToggle)->reactions.size(), 2u);
  EXPECT_EQ(svc().React(a_, c.id, m.id, "👍", ReactionChange::kToggle)->reactions.size(), 1u);
  auto removed = svc().React(visitor, c.id, m.id, "👍", ReactionChange::kRemove);
  ASSERT_TRUE(removed.ok());
  EXPECT_TRUE(removed->reactions.empty());
  EXPECT_TRUE(svc().React(visitor, c.id, m.id, "👍", ReactionChange::kRemove).ok());
  EXPECT_EQ(listener_.reactions.size(), 4u);
  EXPECT_EQ(svc().React(visitor, c.id, m.id, "thumbs", ReactionChange::kAdd).error().code,
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(svc().React(b_, c.id, m.id, "👍", ReactionChange::kAdd).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(Count(db(), "SELECT COUNT(*) FROM conversation_reactions"), 0);
}

TEST_P(MessageChangesTest, DeliveryAndReadCursorsStampTheOtherSidesMessages) {
  Principal visitor = Visitor(a_);
  Conversation c = Start(visitor, "one");  // seq 1, from the visitor
  Message one = listener_.messages.back();
  Message two = Post(a_, c, "two").message;  // seq 2; replying reads the visitor's seq 1
  Message note = Post(a_, c, "internal", "", MessageType::kNote).message;  // seq 3
  EXPECT_TRUE(Find(a_, c, one.id).read_at.has_value());
  EXPECT_FALSE(Find(a_, c, two.id).delivered_at.has_value());

  clock_.Advance(std::chrono::seconds(1));
  auto delivered = svc().MarkDelivered(visitor, c.id, two.id);
  ASSERT_TRUE(delivered.ok()) << delivered.error().message;
  EXPECT_EQ(delivered->last_delivered_seq, 2);
  EXPECT_EQ(delivered->last_delivered_message_id, two.id);
  EXPECT_EQ(delivered->delivered_at, clock_.Now());
  EXPECT_EQ(delivered->last_read_seq, 1);  // the visitor's own message, when they sent it
  ASSERT_EQ(listener_.deliveries.size(), 1u);
  Message two_now = Find(visitor, c, two.id);
  EXPECT_EQ(two_now.delivered_at, clock_.Now());
  EXPECT_FALSE(two_now.read_at.has_value());
  // Never backwards, and told only when it moves.
  EXPECT_EQ(svc().MarkDelivered(visitor, c.id, one.id)->last_delivered_seq, 2);
  EXPECT_EQ(svc().MarkDelivered(visitor, c.id, two.id)->last_delivered_seq, 2);
  EXPECT_EQ(listener_.deliveries.size(), 1u);
  // Notes are neither visible to the visitor nor stamped by staff readers.
  EXPECT_EQ(svc().MarkDelivered(visitor, c.id, note.id).error().code, ErrorCode::kNotFound);
  Principal key = a_;
  key.kind = CredentialKind::kApiKey;
  key.api_key_id = "k1";
  EXPECT_EQ(svc().MarkDelivered(key, c.id, two.id).error().code, ErrorCode::kPermissionDenied);

  clock_.Advance(std::chrono::seconds(1));
  ASSERT_TRUE(svc().MarkRead(visitor, c.id, two.id).ok());
  two_now = Find(a_, c, two.id);
  EXPECT_EQ(two_now.read_at, clock_.Now());
  EXPECT_EQ(two_now.delivered_at, clock_.Now() - std::chrono::seconds(1));

  // A visitor message read by another team member: delivered and read at once.
  Message four = Post(visitor, c, "four").message;
  Principal member = testing::AddMember(db(), clock_, random_, a_);
  clock_.Advance(std::chrono::seconds(1));
  auto read = svc().MarkRead(member, c.id, four.id);
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(read->last_delivered_seq, four.seq);
  Message four_now = Find(visitor, c, four.id);
  EXPECT_EQ(four_now.read_at, clock_.Now());
  EXPECT_EQ(four_now.delivered_at, clock_.Now());
  EXPECT_FALSE(Find(a_, c, note.id).read_at.has_value());

  // Staff see every reader's cursors on the conversation.
  auto staff_view = svc().GetConversation(a_, c.id);
  ASSERT_TRUE(staff_view.ok());
  bool saw_visitor = false;
  for (const auto& r : staff_view->reads) {
    if (r.reader != "visitor:" + visitor.visitor_id) continue;
    saw_visitor = true;
    EXPECT_EQ(r.last_delivered_seq, 4);  // posting "four" read (and delivered) up to it
    EXPECT_EQ(r.last_read_seq, 4);
  }
  EXPECT_TRUE(saw_visitor);
}

TEST_P(MessageChangesTest, ADeliveryOnlyCursorHasNoReadTime) {
  Conversation c = Start(a_, "hello");
  Message m = listener_.messages.back();
  Principal member = testing::AddMember(db(), clock_, random_, a_);
  auto delivered = svc().MarkDelivered(member, c.id, m.id);
  ASSERT_TRUE(delivered.ok()) << delivered.error().message;
  EXPECT_EQ(delivered->last_read_seq, 0);
  EXPECT_FALSE(delivered->read_at.has_value());
  EXPECT_EQ(svc().GetConversation(member, c.id)->unread_count, 1);
}

SYNTERA_INSTANTIATE_ENGINE_TEST(MessageChangesTest);

}  // namespace
}  // namespace syntera::conversations
