#pragma once
// Private to realtime: RealtimeServer's internals, shared by realtime_server.cc (sessions,
// Socket.IO, rooms, fan-out, recovery), polling.cc (long-polling) and websocket_link.cc.

#include <boost/json/array.hpp>
#include <boost/json/value.hpp>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "realtime/engineio_packet.h"
#include "realtime/realtime_server.h"
#include "realtime/recovery_log.h"
#include "realtime/socketio_packet.h"

namespace syntera::realtime {

using SteadyClock = std::chrono::steady_clock;

// "4" + a Socket.IO packet: the Engine.IO message carrying it.
std::string Message(const sio::Packet& packet);
// The wire form of an EVENT whose array is [name, args...]. With `binary`, {"_binary": base64}
// objects in `args` become attachments of a BINARY_EVENT (when there are any).
EncodedBroadcast EncodeEvent(boost::json::array args, bool binary);

class TokenBucket {
 public:
  TokenBucket(double rate, double burst) : rate_(rate), burst_(burst), tokens_(burst) {}
  bool Take(SteadyClock::time_point now);

 private:
  const double rate_;
  const double burst_;
  double tokens_;
  SteadyClock::time_point last_ = SteadyClock::now();
};

class RealtimeServer::Impl {
 public:
  struct Session;
  class SocketImpl;
  class WsLink;
  class PendingPoll;
  enum class Transport { kPolling, kWebSocket };

  Impl(RealtimeOptions options, http::Authenticator& authenticator, Random& random,
       obs::Logger& logger, pubsub::PubSub* bus);
  ~Impl();

  void On(std::string event, EventHandler handler);
  void OnConnect(ConnectionHook hook);
  void OnDisconnect(ConnectionHook hook);
  void Start();
  void Stop();
  void EmitToRoom(std::string_view room, std::string_view event, boost::json::value data,
                  std::string_view except, bool binary);
  void DisconnectRoom(std::string_view room);
  bool Wants(const http::Request& head) const;
  std::shared_ptr<net::WebSocketHandler> Open(const http::Request& head);
  Result<http::Response> PollGet(const http::Request& request);
  Result<http::Response> PollPost(const http::Request& request);
  size_t max_payload() const { return options_.max_payload; }

  // Used by the transports (polling.cc, websocket_link.cc).
  Result<void> CheckQuery(const http::Request& request, std::string_view transport) const;
  std::shared_ptr<Session> NewSession(Transport transport,
                                      std::shared_ptr<net::WebSocketConnection> ws);
  std::shared_ptr<Session> FindSession(std::string_view sid);
  void ForgetSession(const std::string& sid);
  std::string OpenPacket(const Session& session, bool can_upgrade) const;
  void Send(Session& session, std::string_view packet);  // copies only when queued
  void SendWithAttachments(Session& session, std::string_view packet,
                           const std::vector<std::string>& attachments);
  // Socket::Emit: an EVENT, or a BINARY_EVENT when `data` holds {"_binary": …} objects.
  void Close(const std::shared_ptr<Session>& session, std::string_view reason, bool notify);
  void OnPacket(const std::shared_ptr<Session>& session, const eio::Packet& packet);
  const RealtimeOptions& options() const { return options_; }

 private:
  void OnSocketIo(const std::shared_ptr<Session>& session, std::string_view text);
  void OnAttachment(const std::shared_ptr<Session>& session, std::string bytes);
  void OnConnectPacket(const std::shared_ptr<Session>& session, const sio::Packet& packet);
  bool TryRecover(const std::shared_ptr<Session>& session, const boost::json::object& auth,
                  const Principal& principal);
  void Accept(const std::shared_ptr<Session>& session, const std::shared_ptr<SocketImpl>& socket,
              const RecoveryLog::Missed& missed);
  void RunHooks(const std::vector<ConnectionHook>& hooks, Socket& socket);
  void OnEvent(const std::shared_ptr<Session>& session, sio::Packet packet);
  void Disconnect(const std::shared_ptr<SocketImpl>& socket, bool save_for_recovery);
  void JoinRoom(const std::shared_ptr<SocketImpl>& socket, const std::string& room);
  void LeaveRoom(SocketImpl& socket, const std::string& room);
  std::vector<std::shared_ptr<SocketImpl>> RoomTargets(const std::string& room,
                                                       std::string_view except);
  void LocalEmit(const std::string& room, boost::json::array args, std::string_view except,
                 bool binary);
  void OnRemote(std::string_view payload);
  void LocalDisconnect(const std::string& room);
  void PublishToBus(std::string_view room, std::string_view except, std::string_view json);
  void Heartbeat();

  const RealtimeOptions options_;
  http::Authenticator& authenticator_;
  Random& random_;
  obs::Logger& logger_;
  pubsub::PubSub* const bus_;      // null: this process only
  const std::string instance_id_;  // tells our own fan-out messages apart on the bus
  std::optional<RecoveryLog> recovery_;
  std::unordered_map<std::string, EventHandler> handlers_;  // written only before Start()
  std::vector<ConnectionHook> connect_hooks_;               // written only before Start()
  std::vector<ConnectionHook> disconnect_hooks_;            // written only before Start()
  bool started_ = false;

  std::mutex sessions_mu_;
  std::unordered_map<std::string, std::shared_ptr<Session>> sessions_;  // guarded by sessions_mu_
  bool stopped_ = false;                                                 // guarded by sessions_mu_
  std::condition_variable heartbeat_cv_;                                 // with sessions_mu_
  std::thread heartbeat_;

  std::mutex pids_mu_;
  // Private id → the session of the live socket holding it (connection state recovery).
  std::unordered_map<std::string, std::weak_ptr<Session>> live_pids_;  // guarded by pids_mu_

  std::mutex rooms_mu_;
  // room → socket id → socket; guarded by rooms_mu_. Sockets remove themselves on disconnect.
  std::unordered_map<std::string, std::unordered_map<std::string, std::weak_ptr<SocketImpl>>>
      rooms_;
};

// One Engine.IO session. Every field after `sid` is guarded by `mu`.
struct RealtimeServer::Impl::Session {
  explicit Session(std::string id) : sid(std::move(id)) {}
  const std::string sid;
  std::mutex mu;
  Transport transport = Transport::kPolling;
  bool closed = false;
  bool poll_active = false;
  std::function<void()> poll_ready;  // wakes the pending long-poll (see PendingPoll)
  std::vector<std::string> outbox;   // encoded packets for the polling transport
  size_t outbox_bytes = 0;
  std::shared_ptr<net::WebSocketConnection> ws;     // the active WebSocket transport
  std::shared_ptr<net::WebSocketConnection> probe;  // a WebSocket being upgraded to
  SteadyClock::time_point next_ping;
  std::optional<SteadyClock::time_point> pong_deadline;
  std::optional<SteadyClock::time_point> linger_until;  // closed, awaiting its last poll
  std::shared_ptr<SocketImpl> socket;  // namespace "/", once connected
  std::optional<sio::Packet> partial;  // a BINARY_EVENT waiting for its attachments
  std::vector<std::string> attachments;
  size_t attachment_bytes = 0;

  // Queues `packet` for polling and returns the waiting poll's wake-up (call it unlocked).
  std::function<void()> QueueLocked(std::string_view packet) {
    outbox_bytes += packet.size();
    outbox.emplace_back(packet);
    return std::exchange(poll_ready, nullptr);
  }
  // Drains the outbox into one polling body and ends the poll.
  std::string TakeOutboxLocked() {
    std::string body = outbox.empty() ? eio::EncodePacket(closed ? eio::PacketType::kClose
                                                                 : eio::PacketType::kNoop)
                                      : eio::JoinPayload(outbox);
    outbox.clear();
    outbox_bytes = 0;
    poll_active = false;
    poll_ready = nullptr;
    return body;
  }
};

class RealtimeServer::Impl::SocketImpl final : public Socket,
                                              public std::enable_shared_from_this<SocketImpl> {
 public:
  SocketImpl(Impl& impl, std::string id, std::string pid, bool recovered, Principal principal,
             std::weak_ptr<Session> session)
      : impl_(impl),
        id_(std::move(id)),
        pid_(std::move(pid)),
        recovered_(recovered),
        principal_(std::move(principal)),
        session_(std::move(session)),
        bucket_(impl.options().events_per_second, impl.options().event_burst) {}

  const std::string& id() const override { return id_; }
  const Principal& principal() const override { return principal_; }
  bool recovered() const override { return recovered_; }
  void Join(const std::string& room) override { impl_.JoinRoom(shared_from_this(), room); }
  void Leave(const std::string& room) override { impl_.LeaveRoom(*this, room); }
  void Emit(std::string_view event, const boost::json::value& data) override {
    SendRaw(EncodeEvent(boost::json::array{boost::json::string(event), data}, true));
  }

  const std::string& pid() const { return pid_; }
  const std::weak_ptr<Session>& session() const { return session_; }
  // `broadcast` may be shared by many sockets: it is copied only if it must be queued.
  void SendRaw(const EncodedBroadcast& broadcast) {
    if (auto session = session_.lock()) {
      impl_.SendWithAttachments(*session, broadcast.packet, broadcast.attachments);
    }
  }
  bool TakeToken() { return bucket_.Take(SteadyClock::now()); }  // one event at a time

  std::unordered_set<std::string> rooms;  // guarded by impl_.rooms_mu_
  bool connected = true;                  // guarded by impl_.rooms_mu_

 private:
  Impl& impl_;
  const std::string id_;
  const std::string pid_;  // private id for connection state recovery; empty when disabled
  const bool recovered_;
  const Principal principal_;
  const std::weak_ptr<Session> session_;
  TokenBucket bucket_;
};

}  // namespace syntera::realtime
