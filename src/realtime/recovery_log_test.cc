#include "realtime/recovery_log.h"

#include <gtest/gtest.h>

namespace syntera::realtime {
namespace {

using namespace std::chrono_literals;
using Clock = RecoveryLog::Clock;

// Records a packet "p<n>" and returns its offset.
std::string Put(RecoveryLog& log, const std::string& room, const std::string& except,
                const std::string& body, Clock::time_point at) {
  std::string offset;
  log.Record(room, except, [&](std::string_view o) {
    offset = std::string(o);
    return EncodedBroadcast{body, {}};
  }, at);
  return offset;
}

SavedSession Saved(std::string socket_id, std::unordered_set<std::string> rooms,
                   Clock::time_point at) {
  SavedSession s;
  s.socket_id = std::move(socket_id);
  s.rooms = std::move(rooms);
  s.saved_at = at;
  return s;
}

// Resumes `pid` from `offset`; returns the replayed packets, or nullopt if refused.
std::optional<std::vector<std::string>> Replay(RecoveryLog& log, const std::string& pid,
                                               const std::string& offset, Clock::time_point now) {
  std::optional<std::vector<std::string>> got;
  const bool ok = log.Resume(pid, offset, now, [&](const SavedSession&, const auto& missed) {
    got.emplace();
    for (const EncodedBroadcast* b : missed) got->push_back(b->packet);
    return true;
  });
  if (!ok) return std::nullopt;
  return got;
}

TEST(RecoveryLog, ReplaysExactlyTheMissedBroadcastsOfTheSessionsRooms) {
  const auto t0 = Clock::now();
  RecoveryLog log("E", 120s, 100);
  const std::string first = Put(log, "room:a", "", "p1", t0);
  Put(log, "room:b", "", "p2", t0);
  Put(log, "room:c", "", "p3", t0);          // not one of the session's rooms
  Put(log, "room:a", "s1", "p4", t0);        // sent "except s1"
  Put(log, "room:a", "", "p5", t0);
  log.SaveSession("pid1", Saved("s1", {"room:a", "room:b"}, t0));
  EXPECT_EQ(Replay(log, "pid1", first, t0 + 1s), (std::vector<std::string>{"p2", "p5"}));
  // A session is consumed by its first resume.
  EXPECT_EQ(Replay(log, "pid1", first, t0 + 1s), std::nullopt);
}

TEST(RecoveryLog, ReplaysABinaryBroadcastWithItsAttachments) {
  const auto t0 = Clock::now();
  RecoveryLog log("E", 120s, 100);
  const std::string first = Put(log, "r", "", "p1", t0);
  log.Record("r", "", [](std::string_view) { return EncodedBroadcast{"p2", {"a1", "a2"}}; }, t0);
  log.SaveSession("pid", Saved("s", {"r"}, t0));
  std::vector<EncodedBroadcast> got;
  ASSERT_TRUE(log.Resume("pid", first, t0, [&](const SavedSession&, const auto& missed) {
    for (const EncodedBroadcast* b : missed) got.push_back(*b);
    return true;
  }));
  EXPECT_EQ(got, (std::vector<EncodedBroadcast>{{"p2", {"a1", "a2"}}}));
}

TEST(RecoveryLog, RefusesForeignUnknownEvictedOrExpiredState) {
  const auto t0 = Clock::now();
  RecoveryLog log("E", 10s, 3);
  const std::string first = Put(log, "r", "", "p1", t0);
  const std::string second = Put(log, "r", "", "p2", t0);
  log.SaveSession("pid", Saved("s", {"r"}, t0));
  EXPECT_EQ(Replay(log, "pid", "F-1", t0), std::nullopt);  // another process's offset
  log.SaveSession("pid", Saved("s", {"r"}, t0));
  EXPECT_EQ(Replay(log, "pid", "E-99", t0), std::nullopt);  // never issued
  log.SaveSession("pid", Saved("s", {"r"}, t0));
  EXPECT_EQ(Replay(log, "unknown", first, t0), std::nullopt);
  // Three more packets push p1 and p2 out of a 3-packet log: resuming after p1 would miss p2.
  Put(log, "r", "", "p3", t0);
  Put(log, "r", "", "p4", t0);
  Put(log, "r", "", "p5", t0);
  EXPECT_EQ(Replay(log, "pid", first, t0), std::nullopt);
  log.SaveSession("pid", Saved("s", {"r"}, t0));
  EXPECT_EQ(Replay(log, "pid", second, t0), (std::vector<std::string>{"p3", "p4", "p5"}));
  log.SaveSession("pid", Saved("s", {"r"}, t0));
  EXPECT_EQ(Replay(log, "pid", second, t0 + 11s), std::nullopt);  // session expired
}

TEST(RecoveryLog, ExpireDropsOldPacketsAndAResumeFromThemFails) {
  const auto t0 = Clock::now();
  RecoveryLog log("E", 10s, 100);
  const std::string first = Put(log, "r", "", "p1", t0);
  Put(log, "r", "", "p2", t0);
  Put(log, "r", "", "p3", t0 + 8s);
  log.Expire(t0 + 15s);
  EXPECT_EQ(log.packet_count(), 1u);
  log.SaveSession("pid", Saved("s", {"r"}, t0 + 9s));
  EXPECT_EQ(Replay(log, "pid", first, t0 + 15s), std::nullopt);  // p2 is gone
}

TEST(RecoveryLog, ResumeCanRefuseAndTheSessionIsStillConsumed) {
  const auto t0 = Clock::now();
  RecoveryLog log("E", 10s, 100);
  const std::string first = Put(log, "r", "", "p1", t0);
  log.SaveSession("pid", Saved("s", {"r"}, t0));
  EXPECT_FALSE(log.Resume("pid", first, t0, [](const auto&, const auto&) { return false; }));
  EXPECT_EQ(Replay(log, "pid", first, t0), std::nullopt);
}

}  // namespace
}  // namespace syntera::realtime
