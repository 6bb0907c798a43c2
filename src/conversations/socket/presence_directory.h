#pragma once
// Which team members of an organization are connected — online or away — across every
// instance sharing a pubsub bus (Redis, or the in-process bus of a single instance).
//
// Each instance is authoritative for its own sockets and tells the others on the bus channel
// "syntera:presence":
//   delta     a user's entry on this instance changed (first socket, last socket gone,
//             presence:set), with the organization-wide status the sender computed;
//   snapshot  every entry of this instance, every `snapshot_interval` and in answer to hello;
//   hello     a starting instance asks for snapshots (repeated until its own hello comes back,
//             which proves its subscription is live);
//   bye       a stopping instance's entries are gone.
// An instance silent for `expiry` is dropped with its entries (a crash).
//
// A user's organization-wide status: offline when no instance has a socket of theirs, else
// the status they chose last (presence:set, on any instance; newest wins, by the choosing
// instance's clock) — online until they choose. Choices last while the user stays connected
// somewhere.
//
// Announcements (the `presence` event) are made once per change: by the instance where the
// change happened; by a receiver whose view after a delta differs from what its sender
// announced (two changes raced; the receiver corrects); and for a silent or departed
// instance by the live instance with the smallest id. Snapshots repair the directory without
// announcing: the list is right within one snapshot interval even if a message was lost.
//
// Thread-safety: every method may be called from any thread. `announce` runs without the
// directory's lock held, on the calling thread, the bus delivery thread or the ticker.

#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "base/clock.h"
#include "base/ids.h"

namespace syntera::pubsub {
class PubSub;
}  // namespace syntera::pubsub

namespace syntera::conversations {

enum class PresenceStatus { kOffline, kAway, kOnline };
std::string_view PresenceStatusName(PresenceStatus status);  // "offline", "away", "online"
std::optional<PresenceStatus> ParsePresenceStatus(std::string_view name);

struct PresenceOptions {
  std::chrono::milliseconds snapshot_interval{5000};
  std::chrono::milliseconds expiry{20000};  // an instance silent this long is gone
  std::chrono::milliseconds hello_retry{200};
  std::string channel = "syntera:presence";  // one directory per channel (team, visitors)
};

class PresenceDirectory {
 public:
  using Announce = std::function<void(const OrgId& org, const UserId& user, PresenceStatus status)>;

  // `bus` may be null (this instance only); it and `clock` must outlive the directory.
  // `instance_id` must be unique among the instances sharing the bus. Subscribes to the bus:
  // construct before the bus starts.
  PresenceDirectory(pubsub::PubSub* bus, const Clock& clock, std::string instance_id,
                    Announce announce, PresenceOptions options = {});
  ~PresenceDirectory();  // Stop()s
  PresenceDirectory(const PresenceDirectory&) = delete;
  PresenceDirectory& operator=(const PresenceDirectory&) = delete;

  // Says hello and starts the ticker (snapshots, expiry). Stop says bye and joins it;
  // idempotent.
  void Start();
  void Stop();

  // A socket of `user` connected to / disconnected from this instance.
  void Connected(const OrgId& org, const UserId& user);
  void Disconnected(const OrgId& org, const UserId& user);
  // The user (connected here) chooses online or away; returns their organization-wide status
  // afterwards (kOffline when they have no socket here).
  PresenceStatus Set(const OrgId& org, const UserId& user, PresenceStatus status);

  struct Entry {
    UserId user;
    PresenceStatus status = PresenceStatus::kOffline;
  };
  // The organization's connected users (online or away) on every instance, by user id.
  std::vector<Entry> List(const OrgId& org) const;

  // One ticker round (public for tests, which drive it with a ManualClock): a snapshot, hello
  // while not yet heard back, and the expiry of silent instances.
  void Tick();

 private:
  struct Choice {
    PresenceStatus status = PresenceStatus::kOnline;
    int64_t at_ms = 0;  // when chosen (0: never; the default online)
  };
  struct Local {
    int sockets = 0;
    Choice choice;
  };
  struct Remote {
    Timestamp last_seen;
    std::map<std::string, Choice> entries;  // by key
  };
  struct Change {
    std::string key;
    PresenceStatus status;
  };

  // Local change of `key`: publishes the delta, announces when the status changed.
  void ChangeLocal(const std::string& key, const std::function<void(std::map<std::string, Local>&)>& fn,
                   PresenceStatus* after_out = nullptr);
  void Receive(std::string_view payload);
  // Drops `instances` (silent or gone) and announces the changes if this is the lowest id.
  void DropRemotes(std::unique_lock<std::mutex>& lock, const std::vector<std::string>& instances);
  PresenceStatus StatusOf(const std::string& key) const;  // needs mu_
  std::string Snapshot() const;                              // needs mu_
  void Publish(const std::string& payload);
  void AnnounceAll(const std::vector<Change>& changes);
  void Run();

  pubsub::PubSub* bus_;
  const Clock& clock_;
  const std::string instance_id_;
  Announce announce_;
  PresenceOptions options_;

  mutable std::mutex mu_;  // guards everything below
  std::condition_variable wake_;
  std::map<std::string, Local> local_;    // "<org>|<user>" with sockets here
  std::map<std::string, Remote> remotes_;  // by instance id
  bool heard_own_hello_ = false;
  bool started_ = false;
  bool stopping_ = false;
  std::thread ticker_;
};

}  // namespace syntera::conversations
