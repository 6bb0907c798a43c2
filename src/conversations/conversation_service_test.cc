// ConversationService, WidgetService and ResponderRunner over real stores, on SQLite and
// (when configured) PostgreSQL.

#include "conversations/conversation_service.h"

#include <gtest/gtest.h>

#include "conversations/conversation_service_test_fixture.h"
#include "conversations/responder_runner.h"
#include "conversations/widget_service.h"
#include "base/encoding.h"

namespace syntera::conversations {
namespace {

using namespace std::chrono_literals;
using testing::Count;
using testing::ConversationServiceTest;

TEST_P(ConversationServiceTest, StartingEmitsStartedAndTheFirstMessage) {
  Conversation c = Start(a_, "Hello there");
  EXPECT_EQ(c.channel, Channel::kApi);
  EXPECT_EQ(c.assignee_type, AssigneeType::kAi);
  EXPECT_EQ(c.message_count, 1);
  EXPECT_EQ(Events("conversation.started"), 1);
  EXPECT_EQ(Events("message.created"), 1);
  ASSERT_EQ(listener_.messages.size(), 1u);
  EXPECT_EQ(listener_.messages[0].sender_type, SenderType::kUser);
}

TEST_P(ConversationServiceTest, BadInputIsRefusedAndWritesNothing) {
  NewConversation in;
  in.contact_id = ContactId(testing::MakeContact(db(), clock_, random_, b_.org_id));  // B's
  in.metadata = "[1]";
  in.tags = {std::string(70, 'x')};
  auto r = svc().CreateConversation(a_, in);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  std::set<std::string> fields;
  for (const auto& f : r.error().fields) fields.insert(f.field);
  EXPECT_TRUE(fields.count("contact_id") && fields.count("metadata") && fields.count("tags.0"));
  EXPECT_EQ(Count(db(), "SELECT COUNT(*) FROM conversations"), 0);
  EXPECT_EQ(Count(db(), "SELECT COUNT(*) FROM events"), 0);

  Conversation c = Start(a_);
  MessageInput big;
  big.content = std::string(kMaxContentBytes + 1, 'a');
  EXPECT_EQ(svc().PostMessage(a_, c.id, big).error().code, ErrorCode::kInvalidArgument);
  MessageInput empty;
  EXPECT_EQ(svc().PostMessage(a_, c.id, empty).error().code, ErrorCode::kInvalidArgument);
  MessageInput bad_thread;
  bad_thread.content = "x";
  bad_thread.thread_id = ThreadId("nope");
  EXPECT_EQ(svc().PostMessage(a_, c.id, bad_thread).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(Count(db(), "SELECT COUNT(*) FROM conversation_messages"), 0);
}

TEST_P(ConversationServiceTest, ContactOfTheOrganizationIsLinked) {
  NewConversation in;
  in.contact_id = ContactId(testing::MakeContact(db(), clock_, random_, a_.org_id));
  auto r = svc().CreateConversation(a_, in);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->conversation.contact_id, in.contact_id);
}

TEST_P(ConversationServiceTest, ResendingAClientMessageIdReturnsTheOriginal) {
  Conversation c = Start(a_);
  PostedMessage first = Post(a_, c, "hi", "c-1");
  PostedMessage again = Post(a_, c, "hi (resent)", "c-1");
  EXPECT_TRUE(first.created);
  EXPECT_FALSE(again.created);
  EXPECT_EQ(again.message.id, first.message.id);
  EXPECT_EQ(again.message.content, "hi");
  EXPECT_EQ(Count(db(), "SELECT COUNT(*) FROM conversation_messages"), 1);
  EXPECT_EQ(listener_.messages.size(), 1u);  // no second fan-out
  // Another sender may use the same client id.
  Principal visitor = Visitor(a_);
  Conversation vc = Start(visitor);
  EXPECT_TRUE(Post(visitor, vc, "x", "c-1").created);
}

TEST_P(ConversationServiceTest, VisitorsSeeOnlyTheirOwnConversationsAndNoNotes) {
  Principal alice = Visitor(a_), bob = Visitor(a_);
  Conversation c = Start(alice, "I need help");
  EXPECT_EQ(c.channel, Channel::kWebWidget);
  Post(a_, c, "internal: VIP customer", "", MessageType::kNote);
  Post(a_, c, "Happy to help");
  auto msgs = svc().ListMessages(alice, c.id, {}, {});
  ASSERT_TRUE(msgs.ok());
  ASSERT_EQ(msgs->items.size(), 2u);
  for (const auto& m : msgs->items) EXPECT_NE(m.type, MessageType::kNote);
  auto staff = svc().ListMessages(a_, c.id, {}, {});
  EXPECT_EQ(staff->items.size(), 3u);
  EXPECT_EQ(svc().GetConversation(bob, c.id).error().code, ErrorCode::kNotFound);
  MessageInput in;
  in.content = "sneaky";
  EXPECT_EQ(svc().PostMessage(bob, c.id, in).error().code, ErrorCode::kNotFound);
  in.type = MessageType::kNote;
  EXPECT_EQ(svc().PostMessage(alice, c.id, in).error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(svc().ListVisitorConversations(bob)->size(), 0u);
  EXPECT_EQ(svc().ListVisitorConversations(alice)->size(), 1u);
  // A transcript for the visitor has no notes either.
  EXPECT_EQ(svc().GetTranscript(alice, c.id)->second.size(), 2u);
}

TEST_P(ConversationServiceTest, AnotherOrganizationGetsNotFound) {
  Conversation c = Start(a_, "secret");
  EXPECT_EQ(svc().GetConversation(b_, c.id).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(svc().Claim(b_, c.id).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(svc().ListMessages(b_, c.id, {}, {}).error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(svc().ListConversations(b_, {}, {})->items.empty());
  EXPECT_EQ(svc().Assign(a_, c.id, b_.user_id).error().code, ErrorCode::kInvalidArgument);
}

TEST_P(ConversationServiceTest, HandoffClaimReleaseResolveAndReopen) {
  Principal visitor = Visitor(a_);
  Conversation c = Start(visitor, "hello");
  auto h = svc().RequestHandoff(visitor, c.id, "talk to a person");
  ASSERT_TRUE(h.ok()) << h.error().message;
  EXPECT_EQ(h->status, Status::kWaitingForHuman);
  EXPECT_EQ(h->assignee_type, AssigneeType::kNone);
  EXPECT_EQ(Events("conversation.handoff_requested"), 1);
  EXPECT_EQ(svc().CountInbox(a_)->waiting, 1);

  auto claimed = svc().Claim(a_, c.id);
  ASSERT_TRUE(claimed.ok()) << claimed.error().message;
  EXPECT_EQ(claimed->status, Status::kOpen);
  EXPECT_EQ(claimed->assignee_user_id, a_.user_id);
  EXPECT_EQ(Events("conversation.assigned"), 1);
  Principal other = testing::AddMember(db(), clock_, random_, a_);
  EXPECT_EQ(svc().Claim(other, c.id).error().code, ErrorCode::kConflict);
  EXPECT_EQ(svc().RequestHandoff(visitor, c.id, "").error().code, ErrorCode::kFailedPrecondition);
  auto moved = svc().Transfer(a_, c.id, other.user_id);
  ASSERT_TRUE(moved.ok()) << moved.error().message;
  EXPECT_EQ(moved->assignee_user_id, other.user_id);
  EXPECT_EQ(svc().CountInbox(other)->mine, 1);

  auto released = svc().Release(a_, c.id);
  EXPECT_EQ(released->assignee_type, AssigneeType::kAi);
  auto resolved = svc().Resolve(a_, c.id);
  ASSERT_TRUE(resolved.ok());
  EXPECT_EQ(resolved->status, Status::kResolved);
  EXPECT_TRUE(resolved->ended_at.has_value());
  EXPECT_EQ(Events("conversation.resolved"), 1);
  EXPECT_EQ(Events("conversation.ended"), 1);

  PostedMessage again = Post(visitor, c, "one more thing");
  EXPECT_EQ(again.conversation.status, Status::kOpen);
  EXPECT_FALSE(again.conversation.ended_at.has_value());
}

TEST_P(ConversationServiceTest, ViewersReadButDoNotWrite) {
  Conversation c = Start(a_);
  Principal viewer = a_;
  viewer.role = Role::kViewer;
  EXPECT_TRUE(svc().GetConversation(viewer, c.id).ok());
  MessageInput in;
  in.content = "x";
  EXPECT_EQ(svc().PostMessage(viewer, c.id, in).error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(svc().Resolve(viewer, c.id).error().code, ErrorCode::kPermissionDenied);
  Principal key = a_;
  key.kind = CredentialKind::kApiKey;
  key.api_key_id = "k1";
  EXPECT_EQ(svc().Claim(key, c.id).error().code, ErrorCode::kPermissionDenied);
}

TEST_P(ConversationServiceTest, IdleConversationsAreClosedWithConversationEnded) {
  Conversation idle = Start(a_, "hi");
  clock_.Advance(20min);
  Conversation fresh = Start(a_, "hi");
  clock_.Advance(15min);
  auto closed = svc().CloseIdleConversations();
  ASSERT_TRUE(closed.ok()) << closed.error().message;
  EXPECT_EQ(*closed, 1);
  EXPECT_EQ(svc().GetConversation(a_, idle.id)->status, Status::kClosed);
  EXPECT_EQ(svc().GetConversation(a_, fresh.id)->status, Status::kOpen);
  EXPECT_EQ(Count(db(), "SELECT COUNT(*) FROM events WHERE type = 'conversation.ended' AND "
                        "payload LIKE '%\"reason\":\"idle\"%'"),
            1);
  EXPECT_EQ(*svc().CloseIdleConversations(), 0);
  MessageInput in;
  in.content = "late";
  EXPECT_EQ(svc().PostMessage(a_, idle.id, in).error().code, ErrorCode::kFailedPrecondition);
}

TEST_P(ConversationServiceTest, ReadCursorsDriveUnreadCounts) {
  Principal visitor = Visitor(a_);
  Conversation c = Start(visitor, "one");
  ASSERT_TRUE(svc().Claim(a_, c.id).ok());
  PostedMessage two = Post(visitor, c, "two");
  EXPECT_EQ(svc().GetConversation(a_, c.id)->unread_count, 2);
  EXPECT_EQ(svc().CountInbox(a_)->unread, 1);
  auto cursor = svc().MarkRead(a_, c.id, two.message.id);
  ASSERT_TRUE(cursor.ok()) << cursor.error().message;
  EXPECT_EQ(cursor->last_read_seq, 2);
  EXPECT_EQ(svc().GetConversation(a_, c.id)->unread_count, 0);
  EXPECT_EQ(svc().CountInbox(a_)->unread, 0);
  EXPECT_EQ(svc().MarkRead(a_, c.id, MessageId("nope")).error().code, ErrorCode::kNotFound);
  ASSERT_EQ(listener_.reads.size(), 1u);
}

TEST_P(ConversationServiceTest, UploadsAreSniffedAndAttached) {
  Conversation c = Start(a_);
  std::string png = std::string("\x89PNG\r\n\x1a\n", 8) + "rest-of-image";
  auto f = svc().UploadFile(a_, c.id, "../shot.png", "image/png", png);
  ASSERT_TRUE(f.ok()) << f.error().message;
  EXPECT_EQ(f->name, "shot.png");
  EXPECT_EQ(svc().UploadFile(a_, c.id, "x.png", "image/png", "not a png").error().code,
            ErrorCode::kUnsupportedMediaType);
  EXPECT_EQ(svc().UploadFile(a_, c.id, "x.exe", "application/x-msdownload", "MZ").error().code,
            ErrorCode::kUnsupportedMediaType);
  EXPECT_EQ(svc().UploadFile(b_, c.id, "x.png", "image/png", png).error().code, ErrorCode::kNotFound);
  MessageInput in;
  in.content = "see attached";
  in.attachments = {f->id};
  auto m = svc().PostMessage(a_, c.id, in);
  ASSERT_TRUE(m.ok()) << m.error().message;
  ASSERT_EQ(m->message.attachments.size(), 1u);
  EXPECT_EQ(m->message.attachments[0].content_type, "image/png");
  auto bytes = svc().DownloadFile(a_, c.id, f->id);
  ASSERT_TRUE(bytes.ok());
  EXPECT_EQ(bytes->second, png);
  // A file goes with one message only.
  EXPECT_EQ(svc().PostMessage(a_, c.id, in).error().code, ErrorCode::kInvalidArgument);
}

TEST_P(ConversationServiceTest, UploadsNeverAttachedArePrunedAfterTheirAge) {
  Conversation c = Start(a_);
  Conversation other_org = Start(b_);
  std::string pdf = "%PDF-1.7\n...";
  auto attached = svc().UploadFile(a_, c.id, "kept.pdf", "application/pdf", pdf);
  auto abandoned = svc().UploadFile(a_, c.id, "abandoned.pdf", "application/pdf", pdf);
  auto abandoned_b = svc().UploadFile(b_, other_org.id, "b.pdf", "application/pdf", pdf);
  ASSERT_TRUE(attached.ok() && abandoned.ok() && abandoned_b.ok());
  MessageInput in;
  in.content = "see attached";
  in.attachments = {attached->id};
  ASSERT_TRUE(svc().PostMessage(a_, c.id, in).ok());
  clock_.Advance(23h);
  auto young = svc().UploadFile(a_, c.id, "young.pdf", "application/pdf", pdf);
  ASSERT_TRUE(young.ok());
  EXPECT_EQ(*svc().PruneOrphanUploads(), 0);  // nothing is 24 hours old yet

  clock_.Advance(2h);
  auto pruned = svc().PruneOrphanUploads();
  ASSERT_TRUE(pruned.ok()) << pruned.error().message;
  EXPECT_EQ(*pruned, 2);  // both organizations' abandoned uploads
  for (const auto& gone : {*abandoned, *abandoned_b}) {
    EXPECT_EQ(files_->Get(gone.storage_key).error().code, ErrorCode::kNotFound);
  }
  EXPECT_EQ(svc().DownloadFile(a_, c.id, abandoned->id).error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(svc().DownloadFile(a_, c.id, attached->id).ok());
  EXPECT_TRUE(svc().DownloadFile(a_, c.id, young->id).ok());
  EXPECT_EQ(Count(db(), "SELECT COUNT(*) FROM conversation_files"), 2);
  EXPECT_EQ(*svc().PruneOrphanUploads(), 0);
  // An abandoned upload can no longer be attached.
  MessageInput late;
  late.content = "late";
  late.attachments = {abandoned->id};
  EXPECT_EQ(svc().PostMessage(a_, c.id, late).error().code, ErrorCode::kInvalidArgument);
}

TEST_P(ConversationServiceTest, TheResponderAnswersOnlyWhileTheAiOwnsTheConversation) {
  EchoResponder echo;
  ResponderRunner runner(svc(), echo, clock_, random_);
  Principal visitor = Visitor(a_);
  Conversation c = Start(visitor, "what are your hours?");
  MessageId trigger = listener_.messages.back().id;
  ASSERT_TRUE(runner.Run(a_.org_id, c.id, trigger).ok());
  ASSERT_EQ(listener_.messages.size(), 2u);
  const Message& reply = listener_.messages.back();
  EXPECT_EQ(reply.sender_type, SenderType::kAgent);
  EXPECT_EQ(reply.content, "You said: what are your hours?");
  ASSERT_EQ(listener_.deltas.size(), 3u);
  EXPECT_EQ(listener_.deltas[0].first, reply.id.str());
  EXPECT_EQ(listener_.deltas[0].second + listener_.deltas[1].second + listener_.deltas[2].second,
            reply.content);
  // At least once: a rerun stores nothing new.
  ASSERT_TRUE(runner.Run(a_.org_id, c.id, trigger).ok());
  EXPECT_EQ(Count(db(), "SELECT COUNT(*) FROM conversation_messages WHERE sender_type = 'agent'"), 1);

  ASSERT_TRUE(svc().Claim(a_, c.id).ok());
  PostedMessage second = Post(visitor, c, "still there?");
  ASSERT_TRUE(runner.Run(a_.org_id, c.id, second.message.id).ok());
  EXPECT_EQ(Count(db(), "SELECT COUNT(*) FROM conversation_messages WHERE sender_type = 'agent'"), 1);
}

TEST_P(ConversationServiceTest, ListFiltersAndSearch) {
  Conversation one = Start(a_, "refund for order 1042");
  Conversation two = Start(a_, "shipping question");
  ConversationPatch tag;
  tag.tags = std::vector<std::string>{"VIP"};
  ASSERT_TRUE(svc().UpdateConversation(a_, two.id, tag).ok());
  ConversationFilter f;
  f.q = "ORDER 1042";
  f.count = true;
  auto r = svc().ListConversations(a_, f, {});
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->items.size(), 1u);
  EXPECT_EQ(r->items[0].id, one.id);
  EXPECT_EQ(r->total, 1);
  // Full text: words as prefixes, any order, in one message or in the subject/summary; edits
  // are searched by their new text; a query without words finds nothing.
  auto found = [&](const std::string& q) {
    ConversationFilter search;
    search.q = q;
    auto page = svc().ListConversations(a_, search, {});
    EXPECT_TRUE(page.ok()) << page.error().message;
    std::vector<ConversationId> ids;
    if (page.ok()) {
      for (const auto& c : page->items) ids.push_back(c.id);
    }
    return ids;
  };
  EXPECT_EQ(found("1042 ref"), std::vector<ConversationId>{one.id});
  EXPECT_EQ(found("SHIP"), std::vector<ConversationId>{two.id});
  EXPECT_TRUE(found("order shipping").empty());  // not in one message
  EXPECT_TRUE(found("!!!").empty());
  EXPECT_TRUE(found("rder").empty());  // prefixes, not substrings
  ConversationPatch subject;
  subject.subject = "Café opening hours";
  ASSERT_TRUE(svc().UpdateConversation(a_, two.id, subject).ok());
  EXPECT_EQ(found("Café HOUR"), std::vector<ConversationId>{two.id});
  Message question = listener_.messages[1];
  ASSERT_TRUE(svc().EditMessage(a_, two.id, question.id, "delivery question").ok());
  EXPECT_EQ(found("delivery"), std::vector<ConversationId>{two.id});
  EXPECT_TRUE(found("shipping").empty());
  EXPECT_TRUE(svc().ListConversations(b_, [] {
    ConversationFilter other;
    other.q = "delivery";
    return other;
  }(), {})->items.empty());
  ConversationFilter by_tag;
  by_tag.tag = "vip";
  EXPECT_EQ(svc().ListConversations(a_, by_tag, {})->items.at(0).id, two.id);
  // Pagination is stable: two pages of one.
  auto p1 = svc().ListConversations(a_, {}, PageRequest{1, ""});
  ASSERT_TRUE(p1->next_cursor.has_value());
  auto p2 = svc().ListConversations(a_, {}, PageRequest{1, *p1->next_cursor});
  ASSERT_EQ(p2->items.size(), 1u);
  EXPECT_NE(p1->items[0].id, p2->items[0].id);
  EXPECT_EQ(svc().ListConversations(a_, {}, PageRequest{1, "garbage"}).error().code,
            ErrorCode::kInvalidArgument);
}

SYNTERA_INSTANTIATE_ENGINE_TEST(ConversationServiceTest);

// ---- Widget sessions and visitor tokens ----

class WidgetServiceTest : public db::EngineTest {
 protected:
  void SetUp() override {
    db::EngineTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    ASSERT_TRUE(testing::ApplyAll(db()).ok());
    admin_ = testing::MakeOrg(db(), clock_, random_, "alpha");
    widget_ = std::make_unique<WidgetService>(db(), clock_, random_, tokens_);
  }
  // A visitor token as issued before key versions existed: "<org>|<visitor>|<expiry>".
  std::string LegacyToken(const VisitorClaims& c) {
    std::string signed_part = "vt1." + Base64UrlEncode(c.org_id.str() + "|" + c.visitor_id + "|" +
                                                       std::to_string(ToUnixMillis(c.expires_at)));
    std::string key = crypto::HmacSha256(kKey, "syntera/visitor-token/v1");
    return signed_part + "." + Base64UrlEncode(crypto::HmacSha256(key, signed_part));
  }

  static constexpr char kKey[] = "k0123456789abcdef0123456789abcdef";
  ManualClock clock_{FromUnixMillis(1'800'000'000'000)};
  crypto::SecureRandom random_;
  VisitorTokens tokens_{kKey, clock_};
  std::unique_ptr<WidgetService> widget_;
  Principal admin_;
};

TEST_P(WidgetServiceTest, SessionsNeedAnAllowedOriginAndResumeTheVisitor) {
  auto settings = widget_->GetSettings(admin_);
  ASSERT_TRUE(settings.ok()) << settings.error().message;
  EXPECT_EQ(settings->public_key.rfind("pk_", 0), 0u);
  WidgetSessionRequest req{settings->public_key, "https://shop.example.com", ""};
  auto none = widget_->StartSession(req);
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(none.error().message.find("allowed_origins"), std::string::npos);

  WidgetSettingsInput in;
  in.allowed_origins = std::vector<std::string>{"https://Shop.Example.com:443", "http://localhost:3000"};
  auto updated = widget_->UpdateSettings(admin_, in);
  ASSERT_TRUE(updated.ok());
  EXPECT_EQ(updated->allowed_origins,
            (std::vector<std::string>{"https://shop.example.com", "http://localhost:3000"}));
  WidgetSettingsInput bad;
  bad.allowed_origins = std::vector<std::string>{"https://ok.example", "ftp://x", "https://x.example/path"};
  auto refused = widget_->UpdateSettings(admin_, bad);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().fields.size(), 2u);

  EXPECT_EQ(widget_->StartSession({settings->public_key, "https://evil.example", ""}).error().code,
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(widget_->StartSession({"pk_unknown", "https://shop.example.com", ""}).error().code,
            ErrorCode::kUnauthenticated);
  EXPECT_EQ(widget_->StartSession({settings->public_key, "https://shop.example.com", "../x"}).error().code,
            ErrorCode::kInvalidArgument);
  auto s = widget_->StartSession(req);
  ASSERT_TRUE(s.ok()) << s.error().message;
  auto claims = tokens_.Verify(s->visitor_token);
  ASSERT_TRUE(claims.ok());
  EXPECT_EQ(claims->org_id, admin_.org_id);
  EXPECT_EQ(claims->visitor_id, s->visitor_id);
  auto resumed = widget_->StartSession({settings->public_key, "https://shop.example.com", s->visitor_id});
  ASSERT_TRUE(resumed.ok());
  EXPECT_EQ(resumed->visitor_id, s->visitor_id);

  Principal member = admin_;
  member.role = Role::kMember;
  EXPECT_EQ(widget_->GetSettings(member).error().code, ErrorCode::kPermissionDenied);
  WidgetSettingsInput regen;
  regen.regenerate_key = true;
  auto rotated = widget_->UpdateSettings(admin_, regen);
  EXPECT_NE(rotated->public_key, settings->public_key);
  EXPECT_EQ(widget_->StartSession(req).error().code, ErrorCode::kUnauthenticated);
}

TEST_P(WidgetServiceTest, RegeneratingTheKeyRevokesIssuedVisitorTokens) {
  WidgetSettingsInput origins;
  origins.allowed_origins = std::vector<std::string>{"https://shop.example.com"};
  auto settings = widget_->UpdateSettings(admin_, origins);
  ASSERT_TRUE(settings.ok()) << settings.error().message;
  EXPECT_EQ(settings->key_version, 1);
  auto s = widget_->StartSession({settings->public_key, "https://shop.example.com", ""});
  ASSERT_TRUE(s.ok()) << s.error().message;
  auto visitor = widget_->AuthenticateVisitor(s->visitor_token);
  ASSERT_TRUE(visitor.ok()) << visitor.error().message;
  EXPECT_EQ(visitor->visitor_id, s->visitor_id);
  // A token from before key versions (no version field) is version 1.
  std::string legacy = LegacyToken({admin_.org_id, s->visitor_id, clock_.Now() + 1h});
  EXPECT_TRUE(widget_->AuthenticateVisitor(legacy).ok());

  WidgetSettingsInput regen;
  regen.regenerate_key = true;
  auto rotated = widget_->UpdateSettings(admin_, regen);
  ASSERT_TRUE(rotated.ok());
  EXPECT_EQ(rotated->key_version, 2);
  for (const std::string& old : {s->visitor_token, legacy}) {
    auto refused = widget_->AuthenticateVisitor(old);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, ErrorCode::kUnauthenticated);
    EXPECT_NE(refused.error().message.find("revoked"), std::string::npos);
    EXPECT_TRUE(tokens_.Verify(old).ok());  // still well signed: revocation is the settings'
  }
  // A session under the new key resumes the same visitor.
  auto again = widget_->StartSession({rotated->public_key, "https://shop.example.com", s->visitor_id});
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_TRUE(widget_->AuthenticateVisitor(again->visitor_token).ok());
  // Only the key regeneration revokes: changing the origins does not.
  ASSERT_TRUE(widget_->UpdateSettings(admin_, origins).ok());
  EXPECT_TRUE(widget_->AuthenticateVisitor(again->visitor_token).ok());
  // Another organization's forged claims stay unauthenticated.
  EXPECT_EQ(widget_->AuthenticateVisitor("vt1.bad.token").error().code, ErrorCode::kUnauthenticated);
}

SYNTERA_INSTANTIATE_ENGINE_TEST(WidgetServiceTest);

TEST(VisitorTokens, ForgedTamperedOrExpiredTokensAreRefused) {
  ManualClock clock{FromUnixMillis(1'800'000'000'000)};
  VisitorTokens tokens("k0123456789abcdef0123456789abcdef", clock);
  VisitorTokens other("another-signing-key-0123456789abcdef", clock);
  VisitorClaims claims{OrgId("0190b6c4-0000-7000-8000-000000000001"),
                       "5f0c2a51-7d1e-4c3b-9a2f-0123456789ab", clock.Now() + std::chrono::hours(1)};
  std::string token = tokens.Issue(claims);
  ASSERT_TRUE(tokens.Verify(token).ok());
  EXPECT_FALSE(tokens.Verify(other.Issue(claims)).ok());
  std::string tampered = token;
  tampered[6] = tampered[6] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(tokens.Verify(tampered).ok());
  EXPECT_FALSE(tokens.Verify("vt1.").ok());
  EXPECT_FALSE(tokens.Verify("vt1.e30.").ok());
  EXPECT_FALSE(tokens.Verify(token.substr(0, token.size() - 2)).ok());
  clock.Advance(std::chrono::hours(1));
  auto expired = tokens.Verify(token);
  ASSERT_FALSE(expired.ok());
  EXPECT_EQ(expired.error().code, ErrorCode::kUnauthenticated);
  Principal p = VisitorPrincipal(claims);
  EXPECT_EQ(p.kind, CredentialKind::kVisitor);
  EXPECT_EQ(p.credential_id(), "visitor:" + claims.visitor_id);
  EXPECT_TRUE(p.user_id.empty());
}

}  // namespace
}  // namespace syntera::conversations
