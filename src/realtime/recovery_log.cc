#include "realtime/recovery_log.h"

#include <algorithm>
#include <charconv>
#include <utility>

namespace syntera::realtime {

RecoveryLog::RecoveryLog(std::string epoch, std::chrono::milliseconds max_age, size_t max_packets)
    : epoch_(std::move(epoch)), max_age_(max_age), max_packets_(std::max<size_t>(1, max_packets)) {}

void RecoveryLog::Record(std::string room, std::string except_socket_id,
                         const std::function<EncodedBroadcast(std::string_view)>& emit,
                         Clock::time_point now) {
  std::lock_guard lock(mu_);
  const uint64_t seq = next_seq_++;
  EncodedBroadcast broadcast = emit(epoch_ + "-" + std::to_string(seq));
  packets_.push_back(
      Entry{seq, std::move(room), std::move(except_socket_id), std::move(broadcast), now});
  while (packets_.size() > max_packets_) {
    evicted_through_ = packets_.front().seq;
    packets_.pop_front();
  }
}

std::optional<uint64_t> RecoveryLog::ParseOffset(std::string_view offset) const {
  if (offset.size() <= epoch_.size() + 1 || offset.substr(0, epoch_.size()) != epoch_ ||
      offset[epoch_.size()] != '-') {
    return std::nullopt;
  }
  const std::string_view digits = offset.substr(epoch_.size() + 1);
  uint64_t seq = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), seq);
  if (ec != std::errc() || end != digits.data() + digits.size() || seq == 0) return std::nullopt;
  return seq;
}

std::optional<RecoveryLog::Missed> RecoveryLog::SinceLocked(
    std::string_view offset, const std::unordered_set<std::string>& rooms,
    std::string_view socket_id) const {
  const std::optional<uint64_t> seq = ParseOffset(offset);
  if (!seq) return std::nullopt;
  // Everything after `seq` must still be here: nothing newer than it may have been evicted.
  if (*seq >= next_seq_ || *seq < evicted_through_) return std::nullopt;
  Missed missed;
  auto it = std::upper_bound(packets_.begin(), packets_.end(), *seq,
                             [](uint64_t s, const Entry& e) { return s < e.seq; });
  for (; it != packets_.end(); ++it) {
    if (it->except == socket_id || !rooms.contains(it->room)) continue;
    missed.push_back(&it->broadcast);
  }
  return missed;
}

void RecoveryLog::SaveSession(std::string pid, SavedSession session) {
  std::lock_guard lock(mu_);
  sessions_.insert_or_assign(std::move(pid), std::move(session));
}

bool RecoveryLog::Resume(std::string_view pid, std::string_view offset, Clock::time_point now,
                         const ResumeFn& resume) {
  std::lock_guard lock(mu_);
  auto it = sessions_.find(std::string(pid));
  if (it == sessions_.end()) return false;
  SavedSession session = std::move(it->second);
  sessions_.erase(it);
  if (now - session.saved_at > max_age_) return false;
  std::optional<Missed> missed =
      SinceLocked(offset, session.rooms, session.socket_id);
  return missed && resume(session, *missed);
}

void RecoveryLog::Expire(Clock::time_point now) {
  std::lock_guard lock(mu_);
  while (!packets_.empty() && now - packets_.front().at > max_age_) {
    evicted_through_ = packets_.front().seq;
    packets_.pop_front();
  }
  std::erase_if(sessions_, [&](const auto& kv) { return now - kv.second.saved_at > max_age_; });
}

size_t RecoveryLog::packet_count() const {
  std::lock_guard lock(mu_);
  return packets_.size();
}

}  // namespace syntera::realtime
