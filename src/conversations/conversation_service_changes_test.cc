// ConversationService: message edits, reactions, delivery and read receipts — on SQLite and
// (when configured) PostgreSQL.

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
}

TEST_P(MessageChangesTest, OnlyTheAuthorEditsAndBadEditsChangeNothing) {
  Principal visitor = Visitor(a_), other_visitor = Visitor(a_);
  Conversation c = Start(visitor, "hi");
  Message from_visitor = listener_.messages.back();
  Message from_staff = Post(a_, c, "hello").message;
  Message note = Post(a_, c, "internal", "", MessageType::kNote).message;
  MessageInput system;
  system.content = "conversation moved";
  system.sender_type = SenderType::kSystem;
  Message from_system = svc().PostMessage(a_, c.id, system)->message;
  Principal member = testing::AddMember(db(), clock_, random_, a_);
  Principal key = a_;
  key.kind = CredentialKind::kApiKey;
  key.api_key_id = "k1";
  key.role = Role::kAdmin;

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
