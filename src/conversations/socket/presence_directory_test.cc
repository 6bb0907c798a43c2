// PresenceDirectory: instances sharing a bus agree on who is online or away, announce each
// change once, repair races, and forget a silent or departed instance.

#include "conversations/socket/presence_directory.h"

#include <gtest/gtest.h>

#include <deque>
#include <map>
#include <memory>
#include <mutex>

#include "pubsub/pubsub.h"

namespace syntera::conversations {
namespace {

using namespace std::chrono_literals;

// A bus that holds published messages until the test delivers them (in publish order, to
// every subscriber, like a broker) — so a test decides what is in flight.
class HeldBus final : public pubsub::PubSub {
 public:
  void Subscribe(std::string channel, pubsub::Handler handler) override {
    handlers_[std::move(channel)].push_back(std::move(handler));
  }
  Result<void> Start() override { return Ok(); }
  void Stop() override {}
  bool Publish(std::string_view channel, std::string_view payload) override {
    std::lock_guard lock(mu_);
    held_.emplace_back(std::string(channel), std::string(payload));
    return true;
  }
  size_t dropped() const override { return 0; }
  // Delivers until nothing is held (handlers may publish more).
  void DeliverAll() {
    std::unique_lock lock(mu_);
    while (!held_.empty()) {
      auto [channel, payload] = std::move(held_.front());
      held_.pop_front();
      lock.unlock();
      for (const auto& h : handlers_[channel]) h(channel, payload);
      lock.lock();
    }
  }
  void DropAll() {
    std::lock_guard lock(mu_);
    held_.clear();
  }

 private:
  std::map<std::string, std::vector<pubsub::Handler>> handlers_;  // only before delivery
  std::mutex mu_;  // guards held_ (a directory's ticker may publish)
  std::deque<std::pair<std::string, std::string>> held_;
};

struct Said {
  std::string instance, user;
  PresenceStatus status;
  bool operator==(const Said&) const = default;
};

class PresenceDirectoryTest : public ::testing::Test {
 protected:
  std::unique_ptr<PresenceDirectory> Instance(const std::string& id) {
    return std::make_unique<PresenceDirectory>(
        &bus_, clock_, id,
        [this, id](const OrgId&, const UserId& user, PresenceStatus status) {
          said_.push_back({id, user.str(), status});
        },
        PresenceOptions{.snapshot_interval = 5s, .expiry = 20s});
  }
  static std::map<std::string, PresenceStatus> Listed(const PresenceDirectory& d, const OrgId& org) {
    std::map<std::string, PresenceStatus> out;
    for (const auto& e : d.List(org)) out[e.user.str()] = e.status;
    return out;
  }

  HeldBus bus_;
  ManualClock clock_{FromUnixMillis(1'800'000'000'000)};
  std::vector<Said> said_;
  const OrgId org_{"org-1"};
  const UserId ada_{"ada"};
};

TEST_F(PresenceDirectoryTest, TheListCrossesInstancesAndEachChangeIsAnnouncedOnce) {
  auto a = Instance("a"), b = Instance("b");
  a->Connected(org_, ada_);
  bus_.DeliverAll();
  EXPECT_EQ(said_, (std::vector<Said>{{"a", "ada", PresenceStatus::kOnline}}));
  EXPECT_EQ(Listed(*b, org_), (std::map<std::string, PresenceStatus>{{"ada", PresenceStatus::kOnline}}));
  EXPECT_TRUE(b->List(OrgId("org-2")).empty());

  b->Connected(org_, ada_);  // a second tab, on the other instance: no news
  bus_.DeliverAll();
  EXPECT_EQ(said_.size(), 1u);

  clock_.Advance(1s);
  EXPECT_EQ(a->Set(org_, ada_, PresenceStatus::kAway), PresenceStatus::kAway);
  bus_.DeliverAll();
  EXPECT_EQ(said_.back(), (Said{"a", "ada", PresenceStatus::kAway}));
  EXPECT_EQ(said_.size(), 2u);
  EXPECT_EQ(Listed(*b, org_).at("ada"), PresenceStatus::kAway);

  // The choice is the user's: closing the tab that made it keeps it.
  a->Disconnected(org_, ada_);
  bus_.DeliverAll();
  EXPECT_EQ(said_.size(), 2u);
  EXPECT_EQ(Listed(*a, org_).at("ada"), PresenceStatus::kAway);
  b->Disconnected(org_, ada_);
  bus_.DeliverAll();
  EXPECT_EQ(said_.back(), (Said{"b", "ada", PresenceStatus::kOffline}));
  EXPECT_EQ(said_.size(), 3u);
  EXPECT_TRUE(a->List(org_).empty());
}

TEST_F(PresenceDirectoryTest, AStartingInstanceLearnsTheOthersFromSnapshots) {
  auto a = Instance("a");
  a->Connected(org_, ada_);
  bus_.DeliverAll();
  auto b = Instance("b");
  b->Tick();  // hello (until its own comes back) and its snapshot
  bus_.DeliverAll();
  EXPECT_EQ(Listed(*b, org_).at("ada"), PresenceStatus::kOnline);
  // A lost delta is repaired by the next snapshot, without an announcement.
  a->Connected(org_, UserId("bob"));
  bus_.DropAll();
  EXPECT_EQ(Listed(*b, org_).count("bob"), 0u);
  a->Tick();
  bus_.DeliverAll();
  EXPECT_EQ(Listed(*b, org_).count("bob"), 1u);
}

TEST_F(PresenceDirectoryTest, RacingChangesAreCorrectedByTheReceiver) {
  auto a = Instance("a"), b = Instance("b");
  a->Connected(org_, ada_);
  b->Connected(org_, ada_);
  bus_.DeliverAll();
  said_.clear();
  // Both tabs close at once: each instance still sees the other's and says nothing…
  a->Disconnected(org_, ada_);
  b->Disconnected(org_, ada_);
  EXPECT_TRUE(said_.empty());
  // …until each learns the other's delta disagreed with what it sees now.
  bus_.DeliverAll();
  ASSERT_FALSE(said_.empty());
  for (const auto& s : said_) EXPECT_EQ(s.status, PresenceStatus::kOffline);
  EXPECT_TRUE(a->List(org_).empty());
  EXPECT_TRUE(b->List(org_).empty());
}

TEST_F(PresenceDirectoryTest, ASilentInstanceExpiresAndTheLowestLiveIdSaysSo) {
  auto a = Instance("a"), b = Instance("b"), c = Instance("c");
  a->Connected(org_, ada_);
  bus_.DeliverAll();
  said_.clear();
  clock_.Advance(10s);
  b->Tick();
  c->Tick();
  bus_.DeliverAll();  // hellos: everyone answers; from now on a stays silent (it crashed)
  clock_.Advance(10s);
  b->Tick();
  c->Tick();
  bus_.DeliverAll();  // b and c keep hearing each other
  clock_.Advance(12s);
  b->Tick();
  c->Tick();
  bus_.DeliverAll();
  EXPECT_TRUE(b->List(org_).empty());
  EXPECT_TRUE(c->List(org_).empty());
  EXPECT_EQ(said_, (std::vector<Said>{{"b", "ada", PresenceStatus::kOffline}}));
}

TEST_F(PresenceDirectoryTest, AStoppingInstanceSaysByeAndWorksAlone) {
  auto a = Instance("a"), b = Instance("b");
  a->Start();
  a->Connected(org_, ada_);
  a->Stop();
  bus_.DeliverAll();
  EXPECT_TRUE(b->List(org_).empty());
  PresenceDirectory alone(nullptr, clock_, "solo", [](const OrgId&, const UserId&, PresenceStatus) {});
  alone.Connected(org_, ada_);
  EXPECT_EQ(alone.Set(org_, ada_, PresenceStatus::kAway), PresenceStatus::kAway);
  EXPECT_EQ(Listed(alone, org_).at("ada"), PresenceStatus::kAway);
  EXPECT_EQ(alone.Set(org_, UserId("nobody"), PresenceStatus::kAway), PresenceStatus::kOffline);
  EXPECT_EQ(ParsePresenceStatus("away"), PresenceStatus::kAway);
  EXPECT_FALSE(ParsePresenceStatus("busy").has_value());
}

}  // namespace
}  // namespace syntera::conversations
