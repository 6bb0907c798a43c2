#include "conversations/socket/presence_directory.h"

#include <boost/json.hpp>

#include "pubsub/pubsub.h"

namespace syntera::conversations {
namespace {

namespace bj = boost::json;


std::string Key(const OrgId& org, const UserId& user) { return org.str() + "|" + user.str(); }

std::string Message(std::string_view instance, std::string_view type, bj::array entries = {},
                    std::optional<PresenceStatus> announced = std::nullopt) {
  bj::object o{{"instance", instance}, {"type", type}, {"entries", std::move(entries)}};
  if (announced) o["announced"] = PresenceStatusName(*announced);
  return bj::serialize(o);
}

bj::object EntryJson(const std::string& key, PresenceStatus status, int64_t at_ms) {
  return {{"key", key}, {"status", PresenceStatusName(status)}, {"at", at_ms}};
}

std::string StringField(const bj::object& o, std::string_view field) {
  const bj::value* v = o.if_contains(field);
  return v && v->is_string() ? std::string(v->as_string()) : "";
}

}  // namespace

std::string_view PresenceStatusName(PresenceStatus status) {
  switch (status) {
    case PresenceStatus::kOnline: return "online";
    case PresenceStatus::kAway: return "away";
    case PresenceStatus::kOffline: break;
  }
  return "offline";
}

std::optional<PresenceStatus> ParsePresenceStatus(std::string_view name) {
  for (PresenceStatus s : {PresenceStatus::kOffline, PresenceStatus::kAway, PresenceStatus::kOnline}) {
    if (PresenceStatusName(s) == name) return s;
  }
  return std::nullopt;
}

PresenceDirectory::PresenceDirectory(pubsub::PubSub* bus, const Clock& clock,
                                     std::string instance_id, Announce announce,
                                     PresenceOptions options)
    : bus_(bus), clock_(clock), instance_id_(std::move(instance_id)),
      announce_(std::move(announce)), options_(options) {
  if (bus_ != nullptr) {
    bus_->Subscribe(options_.channel,
                    [this](std::string_view, std::string_view payload) { Receive(payload); });
  }
}

PresenceDirectory::~PresenceDirectory() { Stop(); }

void PresenceDirectory::Start() {
  {
    std::lock_guard lock(mu_);
    if (started_ || stopping_) return;
    started_ = true;
  }
  Publish(Message(instance_id_, "hello"));
  ticker_ = std::thread([this] { Run(); });
}

void PresenceDirectory::Stop() {
  bool was_started = false;
  {
    std::lock_guard lock(mu_);
    if (stopping_) return;
    stopping_ = true;
    was_started = started_;
  }
  wake_.notify_all();
  if (ticker_.joinable()) ticker_.join();
  if (was_started) Publish(Message(instance_id_, "bye"));
}

void PresenceDirectory::Run() {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    auto wait = heard_own_hello_ || bus_ == nullptr ? options_.snapshot_interval : options_.hello_retry;
    wake_.wait_for(lock, wait, [this] { return stopping_; });
    if (stopping_) break;
    lock.unlock();
    Tick();
    lock.lock();
  }
}

void PresenceDirectory::Connected(const OrgId& org, const UserId& user) {
  ChangeLocal(Key(org, user), [&](std::map<std::string, Local>& local) {
    ++local[Key(org, user)].sockets;
  });
}

void PresenceDirectory::Disconnected(const OrgId& org, const UserId& user) {
  ChangeLocal(Key(org, user), [&](std::map<std::string, Local>& local) {
    auto it = local.find(Key(org, user));
    if (it != local.end() && --it->second.sockets <= 0) local.erase(it);
  });
}

PresenceStatus PresenceDirectory::Set(const OrgId& org, const UserId& user, PresenceStatus status) {
  PresenceStatus after = PresenceStatus::kOffline;
  ChangeLocal(
      Key(org, user),
      [&](std::map<std::string, Local>& local) {
        auto it = local.find(Key(org, user));
        if (it != local.end()) it->second.choice = {status, ToUnixMillis(clock_.Now())};
      },
      &after);
  return after;
}

void PresenceDirectory::ChangeLocal(const std::string& key,
                                    const std::function<void(std::map<std::string, Local>&)>& fn,
                                    PresenceStatus* after_out) {
  PresenceStatus before, after;
  std::string delta;
  {
    std::lock_guard lock(mu_);
    before = StatusOf(key);
    fn(local_);
    after = StatusOf(key);
    auto it = local_.find(key);
    bj::array entries;
    entries.push_back(it == local_.end()
                          ? EntryJson(key, PresenceStatus::kOffline, 0)
                          : EntryJson(key, it->second.choice.status, it->second.choice.at_ms));
    delta = Message(instance_id_, "delta", std::move(entries), after);
  }
  if (after_out != nullptr) *after_out = after;
  Publish(delta);
  if (after != before) AnnounceAll({{key, after}});
}

PresenceStatus PresenceDirectory::StatusOf(const std::string& key) const {
  std::optional<Choice> latest;
  auto consider = [&](const Choice& c) {
    if (!latest || c.at_ms > latest->at_ms ||
        (c.at_ms == latest->at_ms && c.status > latest->status)) {
      latest = c;
    }
  };
  if (auto it = local_.find(key); it != local_.end()) consider(it->second.choice);
  for (const auto& [id, remote] : remotes_) {
    if (auto it = remote.entries.find(key); it != remote.entries.end()) consider(it->second);
  }
  return latest ? latest->status : PresenceStatus::kOffline;
}

std::vector<PresenceDirectory::Entry> PresenceDirectory::List(const OrgId& org) const {
  const std::string prefix = org.str() + "|";
  std::map<std::string, PresenceStatus> found;
  std::lock_guard lock(mu_);
  auto add = [&](const std::string& key) {
    if (key.rfind(prefix, 0) == 0 && !found.count(key)) found[key] = StatusOf(key);
  };
  for (const auto& [key, local] : local_) add(key);
  for (const auto& [id, remote] : remotes_) {
    for (const auto& [key, choice] : remote.entries) add(key);
  }
  std::vector<Entry> out;
  for (const auto& [key, status] : found) {
    if (status != PresenceStatus::kOffline) out.push_back({UserId(key.substr(prefix.size())), status});
  }
  return out;
}

std::string PresenceDirectory::Snapshot() const {
  bj::array entries;
  for (const auto& [key, local] : local_) {
    entries.push_back(EntryJson(key, local.choice.status, local.choice.at_ms));
  }
  return Message(instance_id_, "snapshot", std::move(entries));
}

void PresenceDirectory::Tick() {
  std::string snapshot;
  bool hello = false;
  std::vector<std::string> silent;
  std::unique_lock lock(mu_);
  snapshot = Snapshot();
  hello = !heard_own_hello_;
  const Timestamp now = clock_.Now();
  for (const auto& [id, remote] : remotes_) {
    if (now - remote.last_seen >= options_.expiry) silent.push_back(id);
  }
  DropRemotes(lock, silent);  // unlocks
  Publish(snapshot);
  if (hello) Publish(Message(instance_id_, "hello"));
}

void PresenceDirectory::DropRemotes(std::unique_lock<std::mutex>& lock,
                                    const std::vector<std::string>& instances) {
  std::vector<Change> changes;
  for (const auto& id : instances) {
    auto it = remotes_.find(id);
    if (it == remotes_.end()) continue;
    std::vector<std::pair<std::string, PresenceStatus>> before;
    for (const auto& [key, choice] : it->second.entries) before.emplace_back(key, StatusOf(key));
    remotes_.erase(it);
    for (const auto& [key, status] : before) {
      if (StatusOf(key) != status) changes.push_back({key, StatusOf(key)});
    }
  }
  // One instance speaks for the departed: the live one with the smallest id.
  const bool speaker = remotes_.empty() || instance_id_ < remotes_.begin()->first;
  lock.unlock();
  if (speaker) AnnounceAll(changes);
}

void PresenceDirectory::Receive(std::string_view payload) {
  boost::system::error_code ec;
  bj::value v = bj::parse(payload, ec);
  if (ec || !v.is_object()) return;
  const bj::object& o = v.as_object();
  const std::string instance = StringField(o, "instance");
  const std::string type = StringField(o, "type");
  const bj::value* entries = o.if_contains("entries");
  if (instance.empty() || !entries || !entries->is_array()) return;
  std::unique_lock lock(mu_);
  if (instance == instance_id_) {
    if (type == "hello") heard_own_hello_ = true;  // our subscription is live
    return;
  }
  if (type == "bye") {
    DropRemotes(lock, {instance});
    return;
  }
  Remote& remote = remotes_[instance];
  remote.last_seen = clock_.Now();
  if (type == "hello") {
    std::string snapshot = Snapshot();
    lock.unlock();
    Publish(snapshot);
    return;
  }
  if (type == "snapshot") remote.entries.clear();
  std::vector<Change> corrections;
  std::vector<std::string> adopted;
  const auto announced = ParsePresenceStatus(StringField(o, "announced"));
  for (const bj::value& e : entries->as_array()) {
    if (!e.is_object()) continue;
    const std::string key = StringField(e.as_object(), "key");
    const auto status = ParsePresenceStatus(StringField(e.as_object(), "status"));
    const bj::value* at = e.as_object().if_contains("at");
    if (key.find('|') == std::string::npos || !status || !at || !at->is_int64()) continue;
    if (*status == PresenceStatus::kOffline) {
      remote.entries.erase(key);
    } else {
      remote.entries[key] = {*status, at->as_int64()};
      // The choice belongs to the user: it outlives the socket that made it.
      auto mine = local_.find(key);
      if (mine != local_.end() && mine->second.choice.at_ms < at->as_int64()) {
        mine->second.choice = remote.entries[key];
        adopted.push_back(Message(instance_id_, "delta",
                                  bj::array{EntryJson(key, mine->second.choice.status,
                                                      mine->second.choice.at_ms)},
                                  StatusOf(key)));
      }
    }
    // A delta whose sender saw another status than this instance now does: changes raced.
    if (type == "delta" && announced && StatusOf(key) != *announced) {
      corrections.push_back({key, StatusOf(key)});
    }
  }
  lock.unlock();
  for (const auto& delta : adopted) Publish(delta);
  AnnounceAll(corrections);
}

void PresenceDirectory::AnnounceAll(const std::vector<Change>& changes) {
  for (const auto& c : changes) {
    size_t bar = c.key.find('|');
    announce_(OrgId(c.key.substr(0, bar)), UserId(c.key.substr(bar + 1)), c.status);
  }
}

void PresenceDirectory::Publish(const std::string& payload) {
  if (bus_ != nullptr) bus_->Publish(options_.channel, payload);
}

}  // namespace syntera::conversations
