#pragma once
// Connection state recovery (Socket.IO 4.6+ semantics), the server's memory of it:
//   - every room broadcast gets an offset "<epoch>-<n>" (epoch: random per process, so offsets
//     of an earlier process never match) and is kept for `max_age`, at most `max_packets`;
//   - a socket that lost its transport (not one that said goodbye) leaves a SavedSession under
//     its private id (pid) for `max_age`.
// A client reconnecting with {pid, offset} gets its socket id and rooms back, and the packets
// broadcast to those rooms after `offset` — exactly those it missed, each once. When the
// offset is no longer (or never was) in the log, recovery fails and the client starts afresh.
//
// Thread-safe. Broadcasts are stored encoded (Engine.IO message strings, and the binary
// attachments of a BINARY_EVENT) so replay costs nothing.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "base/principal.h"

namespace syntera::realtime {

// One broadcast as it goes on the wire: the Engine.IO message and, for a BINARY_EVENT, its
// attachments, sent right after it.
struct EncodedBroadcast {
  std::string packet;
  std::vector<std::string> attachments;
  bool operator==(const EncodedBroadcast&) const = default;
};

struct SavedSession {
  std::string socket_id;
  Principal principal;
  std::unordered_set<std::string> rooms;
  std::chrono::steady_clock::time_point saved_at;
};

class RecoveryLog {
 public:
  using Clock = std::chrono::steady_clock;
  RecoveryLog(std::string epoch, std::chrono::milliseconds max_age, size_t max_packets);

  // Assigns the next offset, has `emit(offset)` encode the broadcast with it AND hand it to
  // the local sockets (non-blocking), then keeps the encoded broadcast. `emit` runs under the log's
  // lock, so every socket receives broadcasts in offset order — which is what lets a client's
  // last offset mean "I have everything up to here".
  void Record(std::string room, std::string except_socket_id,
              const std::function<EncodedBroadcast(std::string_view offset)>& emit,
              Clock::time_point now);

  void SaveSession(std::string pid, SavedSession session);

  // Takes the session saved under `pid` (consumed either way) and, when it has not expired and
  // `offset` is still covered, calls `resume(session, missed)` — missed: the broadcasts after
  // `offset` addressed to the session's rooms and not excluding its socket, in order, valid
  // during the call — under the log's lock, so that no broadcast falls between the replay and
  // the live stream. `resume` must not broadcast. Returns what `resume` returned, or false.
  using Missed = std::vector<const EncodedBroadcast*>;
  using ResumeFn = std::function<bool(const SavedSession& session, const Missed& missed)>;
  bool Resume(std::string_view pid, std::string_view offset, Clock::time_point now,
              const ResumeFn& resume);

  // Drops packets and sessions older than max_age.
  void Expire(Clock::time_point now);

  size_t packet_count() const;

 private:
  struct Entry {
    uint64_t seq;
    std::string room;
    std::string except;
    EncodedBroadcast broadcast;
    Clock::time_point at;
  };
  std::optional<uint64_t> ParseOffset(std::string_view offset) const;
  // Both with mu_ held.
  std::optional<Missed> SinceLocked(
      std::string_view offset, const std::unordered_set<std::string>& rooms,
      std::string_view socket_id) const;

  const std::string epoch_;
  const std::chrono::milliseconds max_age_;
  const size_t max_packets_;
  mutable std::mutex mu_;
  uint64_t next_seq_ = 1;               // guarded by mu_
  uint64_t evicted_through_ = 0;        // highest seq dropped from the front; guarded by mu_
  std::deque<Entry> packets_;           // ascending seq; guarded by mu_
  std::unordered_map<std::string, SavedSession> sessions_;  // by pid; guarded by mu_
};

}  // namespace syntera::realtime
