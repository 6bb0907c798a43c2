#pragma once
// The ConversationService fixture shared by the service test files (test binaries only): a
// service over real stores on each engine (db::EngineTest), two organizations, a listener that
// records the live fan-out, and helpers to start conversations and post messages. Derive a
// suite from ConversationServiceTest and instantiate it with SYNTERA_INSTANTIATE_ENGINE_TEST.

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "conversations/conversation_service.h"
#include "conversations/conversations_test_support.h"
#include "conversations/visitor_token.h"
#include "db/file_storage.h"

namespace syntera::conversations::testing {

// Records what the listener is told (the live fan-out seam).
class RecordingListener final : public ConversationListener {
 public:
  void ConversationChanged(const Conversation& c) override { changed.push_back(c); }
  void MessageCreated(const Conversation&, const Message& m) override { messages.push_back(m); }
  void ReplyDelta(const Conversation&, const MessageId& id, std::string_view d) override {
    deltas.emplace_back(id.str(), std::string(d));
  }
  void ReadAdvanced(const Conversation&, const ReadCursor& r) override { reads.push_back(r); }
  void DeliveryAdvanced(const Conversation&, const ReadCursor& r) override {
    deliveries.push_back(r);
  }
  void MessageChanged(const Conversation&, const Message& m, MessageChange change) override {
    (change == MessageChange::kEdited    ? edits
     : change == MessageChange::kDeleted ? deletions
                                         : reactions)
        .push_back(m);
  }
  std::vector<Conversation> changed;
  std::vector<Message> messages;
  std::vector<std::pair<std::string, std::string>> deltas;
  std::vector<ReadCursor> reads, deliveries;
  std::vector<Message> edits, reactions, deletions;
};

class ConversationServiceTest : public db::EngineTest {
 protected:
  void SetUp() override {
    db::EngineTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    auto applied = testing::ApplyAll(db());
    ASSERT_TRUE(applied.ok()) << applied.error().message;
    a_ = testing::MakeOrg(db(), clock_, random_, "alpha");
    b_ = testing::MakeOrg(db(), clock_, random_, "beta");
    std::random_device rd;
    dir_ = std::filesystem::temp_directory_path() / ("conv_files_" + std::to_string(rd()));
    files_ = std::make_unique<db::LocalFileStorage>(dir_);
    service_ = std::make_unique<ConversationService>(db(), clock_, random_, *files_, listener_);
    tokens_ = std::make_unique<VisitorTokens>("k0123456789abcdef0123456789abcdef", clock_);
  }
  void TearDown() override {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  Principal Visitor(const Principal& org, std::string id = "") {
    if (id.empty()) id = NewVisitorId(random_);
    return VisitorPrincipal({org.org_id, id, clock_.Now() + std::chrono::hours(1)});
  }
  Conversation Start(const Principal& who, std::optional<std::string> first = std::nullopt) {
    NewConversation in;
    in.first_message = std::move(first);
    auto c = svc().CreateConversation(who, in);
    EXPECT_TRUE(c.ok()) << c.error().message;
    clock_.Advance(std::chrono::milliseconds(1));
    return c.ok() ? c->conversation : Conversation{};
  }
  PostedMessage Post(const Principal& who, const Conversation& c, std::string text,
                     std::string client_id = "", MessageType type = MessageType::kText) {
    MessageInput in;
    in.content = std::move(text);
    in.client_message_id = std::move(client_id);
    in.type = type;
    auto r = svc().PostMessage(who, c.id, in);
    EXPECT_TRUE(r.ok()) << r.error().message;
    clock_.Advance(std::chrono::milliseconds(1));
    return r.ok() ? *r : PostedMessage{};
  }
  int64_t Events(const std::string& type) {
    return Count(db(), "SELECT COUNT(*) FROM events WHERE type = '" + type + "'");
  }
  ConversationService& svc() { return *service_; }

  ManualClock clock_{FromUnixMillis(1'800'000'000'000)};
  crypto::SecureRandom random_;
  RecordingListener listener_;
  std::filesystem::path dir_;
  std::unique_ptr<db::LocalFileStorage> files_;
  std::unique_ptr<ConversationService> service_;
  std::unique_ptr<VisitorTokens> tokens_;
  Principal a_, b_;
};

}  // namespace syntera::conversations::testing
