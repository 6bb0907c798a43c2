#include "realtime/realtime_server.h"

#include <algorithm>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "obs/logger.h"
#include "realtime/engineio_packet.h"
#include "realtime/socketio_packet.h"

namespace syntera::realtime {
namespace {

namespace json = boost::json;
using SteadyClock = std::chrono::steady_clock;
using eio::PacketType;

constexpr std::string_view kPath = "/socket.io/";
constexpr size_t kIdBytes = 15;  // 20 base64url characters

// The one mapping of an Error to Socket.IO payloads: the ack error body and CONNECT_ERROR.
json::object ErrorBody(const Error& error) {
  return {{"code", ErrorCodeName(error.code)}, {"message", error.message}};
}
json::object ConnectErrorBody(const Error& error) {
  return {{"message", error.message}, {"data", {{"code", ErrorCodeName(error.code)}}}};
}

// "4" + a Socket.IO packet: the Engine.IO message carrying it.
std::string Message(const sio::Packet& packet) {
  return eio::EncodePacket(PacketType::kMessage, sio::Encode(packet));
}

std::string EventMessage(std::string_view event, const json::value& data) {
  sio::Packet packet;
  packet.type = sio::PacketType::kEvent;
  packet.data = json::array{json::string(event), data};
  return Message(packet);
}

class TokenBucket {
 public:
  TokenBucket(double rate, double burst) : rate_(rate), burst_(burst), tokens_(burst) {}
  bool Take(SteadyClock::time_point now) {
    const double elapsed = std::chrono::duration<double>(now - last_).count();
    tokens_ = std::min(burst_, tokens_ + elapsed * rate_);
    last_ = now;
    if (tokens_ < 1) return false;
    tokens_ -= 1;
    return true;
  }

 private:
  const double rate_;
  const double burst_;
  double tokens_;
  SteadyClock::time_point last_ = SteadyClock::now();
};

}  // namespace

class RealtimeServer::Impl {
 public:
  struct Session;
  class SocketImpl;
  class WsLink;

  Impl(RealtimeOptions options, http::Authenticator& authenticator, Random& random,
       obs::Logger& logger)
      : options_(options), authenticator_(authenticator), random_(random), logger_(logger) {}

  ~Impl() { Stop(); }

  void On(std::string event, EventHandler handler) {
    if (started_) throw std::logic_error("realtime: On() after Start()");
    if (!handlers_.emplace(event, std::move(handler)).second) {
      throw std::logic_error("realtime: duplicate handler for event '" + event + "'");
    }
  }

  void Start() {
    started_ = true;
    heartbeat_ = std::thread([this] { Heartbeat(); });
  }

  void Stop();
  void EmitToRoom(std::string_view room, std::string_view event, const json::value& data,
                  std::string_view except);
  bool Wants(const http::Request& head) const;
  std::shared_ptr<net::WebSocketHandler> Open(const http::Request& head);
  Result<http::Response> PollGet(const http::Request& request);
  Result<http::Response> PollPost(const http::Request& request);
  size_t max_payload() const { return options_.max_payload; }

 private:
  enum class Transport { kPolling, kWebSocket };

  Result<void> CheckQuery(const http::Request& request, std::string_view transport) const;
  std::shared_ptr<Session> NewSession(Transport transport,
                                      std::shared_ptr<net::WebSocketConnection> ws);
  std::shared_ptr<Session> FindSession(std::string_view sid);
  std::string OpenPacket(const Session& session, bool can_upgrade) const;
  void Send(Session& session, std::string packet);
  void Close(const std::shared_ptr<Session>& session, std::string_view reason, bool notify);
  void OnPacket(const std::shared_ptr<Session>& session, const eio::Packet& packet);
  void OnSocketIo(const std::shared_ptr<Session>& session, std::string_view text);
  void OnConnect(const std::shared_ptr<Session>& session, const sio::Packet& packet);
  void OnEvent(const std::shared_ptr<Session>& session, sio::Packet packet);
  void Disconnect(const std::shared_ptr<SocketImpl>& socket);
  void JoinRoom(const std::shared_ptr<SocketImpl>& socket, const std::string& room);
  void LeaveRoom(SocketImpl& socket, const std::string& room);
  void Heartbeat();

  const RealtimeOptions options_;
  http::Authenticator& authenticator_;
  Random& random_;
  obs::Logger& logger_;
  std::unordered_map<std::string, EventHandler> handlers_;  // written only before Start()
  bool started_ = false;

  std::mutex sessions_mu_;
  std::unordered_map<std::string, std::shared_ptr<Session>> sessions_;  // guarded by sessions_mu_
  bool stopped_ = false;                                                 // guarded by sessions_mu_
  std::condition_variable heartbeat_cv_;                                 // with sessions_mu_
  std::thread heartbeat_;

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
  std::condition_variable cv;  // a poll waits for outbox or closed
  Transport transport = Transport::kPolling;
  bool closed = false;
  bool poll_active = false;
  std::vector<std::string> outbox;  // encoded packets for the polling transport
  size_t outbox_bytes = 0;
  std::shared_ptr<net::WebSocketConnection> ws;     // the active WebSocket transport
  std::shared_ptr<net::WebSocketConnection> probe;  // a WebSocket being upgraded to
  SteadyClock::time_point next_ping;
  std::optional<SteadyClock::time_point> pong_deadline;
  std::shared_ptr<SocketImpl> socket;  // namespace "/", once connected
};

class RealtimeServer::Impl::SocketImpl final : public Socket,
                                              public std::enable_shared_from_this<SocketImpl> {
 public:
  SocketImpl(Impl& impl, std::string id, Principal principal, std::weak_ptr<Session> session)
      : impl_(impl),
        id_(std::move(id)),
        principal_(std::move(principal)),
        session_(std::move(session)),
        bucket_(impl.options_.events_per_second, impl.options_.event_burst) {}

  const std::string& id() const override { return id_; }
  const Principal& principal() const override { return principal_; }
  void Join(const std::string& room) override { impl_.JoinRoom(shared_from_this(), room); }
  void Leave(const std::string& room) override { impl_.LeaveRoom(*this, room); }
  void Emit(std::string_view event, const json::value& data) override {
    SendRaw(EventMessage(event, data));
  }

  void SendRaw(std::string packet) {
    if (auto session = session_.lock()) impl_.Send(*session, std::move(packet));
  }
  bool TakeToken() { return bucket_.Take(SteadyClock::now()); }  // one event at a time

  std::unordered_set<std::string> rooms;  // guarded by impl_.rooms_mu_
  bool connected = true;                  // guarded by impl_.rooms_mu_

 private:
  Impl& impl_;
  const std::string id_;
  const Principal principal_;
  const std::weak_ptr<Session> session_;
  TokenBucket bucket_;
};

// One WebSocket: either a session's transport from the start (no sid) or an upgrade probe.
class RealtimeServer::Impl::WsLink final : public net::WebSocketHandler {
 public:
  WsLink(Impl& impl, std::shared_ptr<Session> upgrading)
      : impl_(impl), session_(std::move(upgrading)), probing_(session_ != nullptr) {}

  void OnOpen(std::shared_ptr<net::WebSocketConnection> connection) override {
    connection_ = connection;
    if (!probing_) {
      session_ = impl_.NewSession(Transport::kWebSocket, connection);
      if (session_ == nullptr) connection->Close();
      return;
    }
    std::lock_guard lock(session_->mu);
    if (session_->closed || session_->transport != Transport::kPolling || session_->probe) {
      connection->Close();
      return;
    }
    session_->probe = connection;
  }

  void OnMessage(std::string payload, bool binary) override {
    if (session_ == nullptr) return;
    Result<eio::Packet> packet = binary ? Result<eio::Packet>(InvalidArgument("binary"))
                                        : eio::DecodePacket(payload);
    if (!packet.ok()) {
      impl_.Close(session_, "invalid packet", true);
      return;
    }
    if (probing_) {
      OnProbePacket(*packet);
      return;
    }
    impl_.OnPacket(session_, *packet);
  }

  void OnClose() override {
    if (session_ != nullptr) {
      bool transport_lost = false;
      {
        std::lock_guard lock(session_->mu);
        if (session_->probe == connection_) session_->probe.reset();
        transport_lost = session_->ws == connection_;
      }
      if (transport_lost) impl_.Close(session_, "transport close", false);
    }
    connection_.reset();
    session_.reset();
  }

 private:
  // The upgrade handshake: "2probe" → "3probe" (and a noop releases the pending poll),
  // then "5" switches the session to this WebSocket and flushes what polling had queued.
  void OnProbePacket(const eio::Packet& packet) {
    std::unique_lock lock(session_->mu);
    if (session_->probe != connection_) return;
    if (packet.type == PacketType::kPing && packet.data == "probe") {
      connection_->Send(eio::EncodePacket(PacketType::kPong, "probe"), false);
      session_->outbox.push_back(eio::EncodePacket(PacketType::kNoop));
      session_->cv.notify_all();
    } else if (packet.type == PacketType::kUpgrade) {
      session_->transport = Transport::kWebSocket;
      session_->ws = std::move(session_->probe);
      session_->probe.reset();
      for (std::string& queued : session_->outbox) {
        if (queued != "6") session_->ws->Send(std::move(queued), false);
      }
      session_->outbox.clear();
      session_->outbox_bytes = 0;
      session_->cv.notify_all();
      probing_ = false;
    }
  }

  Impl& impl_;
  std::shared_ptr<Session> session_;
  std::shared_ptr<net::WebSocketConnection> connection_;
  bool probing_;  // callbacks of one connection never run concurrently
};

void RealtimeServer::Impl::Stop() {
  std::vector<std::shared_ptr<Session>> sessions;
  {
    std::lock_guard lock(sessions_mu_);
    if (stopped_) return;
    stopped_ = true;
    for (auto& [sid, session] : sessions_) sessions.push_back(session);
  }
  heartbeat_cv_.notify_all();
  if (heartbeat_.joinable()) heartbeat_.join();
  for (auto& session : sessions) Close(session, "server stopping", true);
}

Result<void> RealtimeServer::Impl::CheckQuery(const http::Request& request,
                                              std::string_view transport) const {
  if (request.QueryParam("EIO") != "4") {
    return InvalidArgument("unsupported Engine.IO protocol version (EIO=4 expected)");
  }
  if (request.QueryParam("transport") != transport) {
    return InvalidArgument("unknown or wrong transport");
  }
  return Ok();
}

std::shared_ptr<RealtimeServer::Impl::Session> RealtimeServer::Impl::NewSession(
    Transport transport, std::shared_ptr<net::WebSocketConnection> ws) {
  auto session = std::make_shared<Session>(RandomToken(random_, kIdBytes));
  session->transport = transport;
  session->ws = ws;
  session->next_ping = SteadyClock::now() + options_.ping_interval;
  {
    std::lock_guard lock(sessions_mu_);
    if (stopped_) return nullptr;
    sessions_.emplace(session->sid, session);
  }
  if (ws) ws->Send(OpenPacket(*session, false), false);
  return session;
}

std::shared_ptr<RealtimeServer::Impl::Session> RealtimeServer::Impl::FindSession(
    std::string_view sid) {
  std::lock_guard lock(sessions_mu_);
  auto it = sessions_.find(std::string(sid));
  return it == sessions_.end() ? nullptr : it->second;
}

std::string RealtimeServer::Impl::OpenPacket(const Session& session, bool can_upgrade) const {
  json::object open{
      {"sid", session.sid},
      {"upgrades", can_upgrade ? json::array{"websocket"} : json::array{}},
      {"pingInterval", options_.ping_interval.count()},
      {"pingTimeout", options_.ping_timeout.count()},
      {"maxPayload", options_.max_payload},
  };
  return eio::EncodePacket(PacketType::kOpen, json::serialize(open));
}

void RealtimeServer::Impl::Send(Session& session, std::string packet) {
  bool overflow = false;
  {
    std::lock_guard lock(session.mu);
    if (session.closed) return;
    if (session.transport == Transport::kWebSocket) {
      session.ws->Send(std::move(packet), false);
      return;
    }
    session.outbox_bytes += packet.size();
    session.outbox.push_back(std::move(packet));
    overflow = session.outbox_bytes > options_.max_backlog_bytes;
    session.cv.notify_all();
  }
  if (overflow) {
    if (auto shared = FindSession(session.sid)) Close(shared, "backlog overflow", false);
  }
}

void RealtimeServer::Impl::Close(const std::shared_ptr<Session>& session, std::string_view reason,
                                 bool notify) {
  std::shared_ptr<SocketImpl> socket;
  {
    std::lock_guard lock(session->mu);
    if (session->closed) return;
    if (notify) {
      if (session->transport == Transport::kWebSocket) {
        session->ws->Send(eio::EncodePacket(PacketType::kClose), false);
      } else {
        session->outbox.push_back(eio::EncodePacket(PacketType::kClose));
      }
    }
    session->closed = true;
    if (session->ws) session->ws->Close();
    if (session->probe) session->probe->Close();
    session->ws.reset();
    session->probe.reset();
    socket = std::move(session->socket);
    session->cv.notify_all();
  }
  {
    std::lock_guard lock(sessions_mu_);
    sessions_.erase(session->sid);
  }
  if (socket) Disconnect(socket);
  logger_.Debug("realtime_session_closed", {{"sid", session->sid}, {"reason", reason}});
}

void RealtimeServer::Impl::OnPacket(const std::shared_ptr<Session>& session,
                                    const eio::Packet& packet) {
  switch (packet.type) {
    case PacketType::kPong: {
      std::lock_guard lock(session->mu);
      session->pong_deadline.reset();
      return;
    }
    case PacketType::kMessage:
      OnSocketIo(session, packet.data);
      return;
    case PacketType::kClose:
      Close(session, "client close", false);
      return;
    case PacketType::kOpen:
    case PacketType::kPing:
    case PacketType::kUpgrade:
    case PacketType::kNoop:
      return;
  }
}

void RealtimeServer::Impl::OnSocketIo(const std::shared_ptr<Session>& session,
                                      std::string_view text) {
  Result<sio::Packet> decoded = sio::Decode(text);
  if (!decoded.ok()) {
    logger_.Debug("realtime_bad_packet", {{"sid", session->sid}, {"error", decoded.error().message}});
    Close(session, "invalid Socket.IO packet", true);
    return;
  }
  sio::Packet& packet = *decoded;
  if (packet.nsp != "/") {
    if (packet.type == sio::PacketType::kConnect) {
      sio::Packet refusal{sio::PacketType::kConnectError, packet.nsp, std::nullopt,
                          ConnectErrorBody(NotFound("Invalid namespace"))};
      Send(*session, Message(refusal));
    }
    return;
  }
  switch (packet.type) {
    case sio::PacketType::kConnect:
      OnConnect(session, packet);
      return;
    case sio::PacketType::kDisconnect: {
      std::shared_ptr<SocketImpl> socket;
      {
        std::lock_guard lock(session->mu);
        socket = std::move(session->socket);
      }
      if (socket) Disconnect(socket);
      return;
    }
    case sio::PacketType::kEvent:
      OnEvent(session, std::move(packet));
      return;
    default:
      return;  // acks for server emits are not requested; CONNECT_ERROR is server → client
  }
}

void RealtimeServer::Impl::OnConnect(const std::shared_ptr<Session>& session,
                                     const sio::Packet& packet) {
  {
    std::lock_guard lock(session->mu);
    if (session->socket) return;  // already connected
  }
  Result<Principal> principal = Unauthenticated("auth.token is required");
  if (const json::object* auth = packet.data.if_object()) {
    if (auto it = auth->find("token"); it != auth->end() && it->value().is_string()) {
      principal = authenticator_.Authenticate(it->value().get_string());
    }
  }
  if (!principal.ok()) {
    sio::Packet refusal{sio::PacketType::kConnectError, "/", std::nullopt,
                        ConnectErrorBody(principal.error())};
    Send(*session, Message(refusal));
    return;
  }
  auto socket = std::make_shared<SocketImpl>(*this, RandomToken(random_, kIdBytes),
                                             std::move(*principal), session);
  {
    std::lock_guard lock(session->mu);
    if (session->closed || session->socket) return;
    session->socket = socket;
  }
  JoinRoom(socket, "org:" + socket->principal().org_id.str());
  if (!socket->principal().user_id.str().empty()) {
    JoinRoom(socket, "user:" + socket->principal().user_id.str());
  }
  sio::Packet accepted{sio::PacketType::kConnect, "/", std::nullopt,
                       json::object{{"sid", socket->id()}}};
  Send(*session, Message(accepted));
}

void RealtimeServer::Impl::OnEvent(const std::shared_ptr<Session>& session, sio::Packet packet) {
  std::shared_ptr<SocketImpl> socket;
  {
    std::lock_guard lock(session->mu);
    socket = session->socket;
  }
  if (!socket) return;  // an event before CONNECT is ignored, as socket.io does
  json::array& args = packet.data.as_array();
  const std::string name(args.front().as_string());
  args.erase(args.begin());
  Result<json::value> result = NotFound("unknown event '" + name + "'");
  if (!socket->TakeToken()) {
    result = RateLimited(1, "too many events");
  } else if (auto it = handlers_.find(name); it != handlers_.end()) {
    try {
      result = it->second(*socket, args);
    } catch (const std::exception& e) {
      logger_.Error("realtime_handler_exception", {{"event", name}, {"error", e.what()}});
      result = Internal("unhandled exception");
    }
  }
  if (!packet.id) return;
  json::object body = result.ok() ? json::object{{"ok", true}, {"data", std::move(*result)}}
                                  : json::object{{"ok", false}, {"error", ErrorBody(result.error())}};
  sio::Packet ack{sio::PacketType::kAck, "/", packet.id, json::array{std::move(body)}};
  socket->SendRaw(Message(ack));
}

void RealtimeServer::Impl::Disconnect(const std::shared_ptr<SocketImpl>& socket) {
  std::lock_guard lock(rooms_mu_);
  socket->connected = false;
  for (const std::string& room : socket->rooms) {
    auto it = rooms_.find(room);
    if (it == rooms_.end()) continue;
    it->second.erase(socket->id());
    if (it->second.empty()) rooms_.erase(it);
  }
  socket->rooms.clear();
}

void RealtimeServer::Impl::JoinRoom(const std::shared_ptr<SocketImpl>& socket,
                                    const std::string& room) {
  std::lock_guard lock(rooms_mu_);
  if (!socket->connected) return;
  socket->rooms.insert(room);
  rooms_[room][socket->id()] = socket;
}

void RealtimeServer::Impl::LeaveRoom(SocketImpl& socket, const std::string& room) {
  std::lock_guard lock(rooms_mu_);
  auto it = rooms_.find(room);
  if (it == rooms_.end()) return;
  it->second.erase(socket.id());
  if (it->second.empty()) rooms_.erase(it);
  socket.rooms.erase(room);
}

void RealtimeServer::Impl::EmitToRoom(std::string_view room, std::string_view event,
                                      const json::value& data, std::string_view except) {
  std::vector<std::shared_ptr<SocketImpl>> targets;
  {
    std::lock_guard lock(rooms_mu_);
    auto it = rooms_.find(std::string(room));
    if (it == rooms_.end()) return;
    for (auto& [id, weak] : it->second) {
      if (id == except) continue;
      if (auto socket = weak.lock()) targets.push_back(std::move(socket));
    }
  }
  if (targets.empty()) return;
  const std::string packet = EventMessage(event, data);
  for (auto& socket : targets) socket->SendRaw(packet);
}

bool RealtimeServer::Impl::Wants(const http::Request& head) const {
  return head.path == kPath && head.QueryParam("transport") == "websocket";
}

std::shared_ptr<net::WebSocketHandler> RealtimeServer::Impl::Open(const http::Request& head) {
  if (!CheckQuery(head, "websocket").ok()) return nullptr;
  std::optional<std::string> sid = head.QueryParam("sid");
  if (!sid) return std::make_shared<WsLink>(*this, nullptr);
  std::shared_ptr<Session> session = FindSession(*sid);
  if (session == nullptr) return nullptr;
  return std::make_shared<WsLink>(*this, std::move(session));
}

Result<http::Response> RealtimeServer::Impl::PollGet(const http::Request& request) {
  SYN_RETURN_IF_ERROR(CheckQuery(request, "polling"));
  std::optional<std::string> sid = request.QueryParam("sid");
  if (!sid) {
    std::shared_ptr<Session> session = NewSession(Transport::kPolling, nullptr);
    if (session == nullptr) return Unavailable("realtime server is stopping");
    return http::Response::Text(200, OpenPacket(*session, true));
  }
  std::shared_ptr<Session> session = FindSession(*sid);
  if (session == nullptr) return InvalidArgument("Session ID unknown");
  std::unique_lock lock(session->mu);
  if (session->transport != Transport::kPolling && session->outbox.empty()) {
    return InvalidArgument("session has upgraded to WebSocket");
  }
  if (session->poll_active) {
    lock.unlock();
    Close(session, "overlapping polls", false);
    return InvalidArgument("overlapping polling requests");
  }
  session->poll_active = true;
  session->cv.wait_for(lock, options_.poll_hold,
                       [&] { return !session->outbox.empty() || session->closed; });
  session->poll_active = false;
  std::string body = session->outbox.empty() ? eio::EncodePacket(session->closed ? PacketType::kClose
                                                                                 : PacketType::kNoop)
                                             : eio::JoinPayload(session->outbox);
  session->outbox.clear();
  session->outbox_bytes = 0;
  return http::Response::Text(200, std::move(body));
}

Result<http::Response> RealtimeServer::Impl::PollPost(const http::Request& request) {
  SYN_RETURN_IF_ERROR(CheckQuery(request, "polling"));
  std::shared_ptr<Session> session = FindSession(request.QueryParam("sid").value_or(""));
  if (session == nullptr) return InvalidArgument("Session ID unknown");
  Result<std::vector<eio::Packet>> packets = eio::DecodePayload(request.body);
  if (!packets.ok()) {
    Close(session, "invalid payload", true);
    return std::move(packets).error();
  }
  for (const eio::Packet& packet : *packets) OnPacket(session, packet);
  return http::Response::Text(200, "ok", "text/html");
}

void RealtimeServer::Impl::Heartbeat() {
  const auto tick = std::clamp(std::min(options_.ping_interval, options_.ping_timeout) / 4,
                               std::chrono::milliseconds(5), std::chrono::milliseconds(1000));
  std::unique_lock lock(sessions_mu_);
  while (!stopped_) {
    heartbeat_cv_.wait_for(lock, tick, [this] { return stopped_; });
    if (stopped_) return;
    std::vector<std::shared_ptr<Session>> sessions;
    sessions.reserve(sessions_.size());
    for (auto& [sid, session] : sessions_) sessions.push_back(session);
    lock.unlock();
    const auto now = SteadyClock::now();
    for (auto& session : sessions) {
      bool timed_out = false;
      {
        std::lock_guard session_lock(session->mu);
        if (session->pong_deadline && now > *session->pong_deadline) {
          timed_out = true;
        } else if (!session->pong_deadline && now >= session->next_ping) {
          session->pong_deadline = now + options_.ping_timeout;
          session->next_ping = now + options_.ping_interval;
        } else {
          continue;
        }
      }
      if (timed_out) {
        Close(session, "ping timeout", false);
      } else {
        Send(*session, eio::EncodePacket(PacketType::kPing));
      }
    }
    lock.lock();
  }
}

RealtimeServer::RealtimeServer(RealtimeOptions options, http::Authenticator& authenticator,
                               Random& random, obs::Logger& logger)
    : impl_(std::make_unique<Impl>(options, authenticator, random, logger)) {}
RealtimeServer::~RealtimeServer() = default;
void RealtimeServer::On(std::string event, EventHandler handler) {
  impl_->On(std::move(event), std::move(handler));
}
void RealtimeServer::Start() { impl_->Start(); }
void RealtimeServer::Stop() { impl_->Stop(); }
void RealtimeServer::EmitToRoom(std::string_view room, std::string_view event,
                                const boost::json::value& data, std::string_view except_socket_id) {
  impl_->EmitToRoom(room, event, data, except_socket_id);
}
bool RealtimeServer::Wants(const http::Request& head) { return impl_->Wants(head); }
std::shared_ptr<net::WebSocketHandler> RealtimeServer::Open(const http::Request& head) {
  return impl_->Open(head);
}
Result<http::Response> RealtimeServer::PollGet(const http::Request& request) {
  return impl_->PollGet(request);
}
Result<http::Response> RealtimeServer::PollPost(const http::Request& request) {
  return impl_->PollPost(request);
}
size_t RealtimeServer::max_payload() const { return impl_->max_payload(); }

}  // namespace syntera::realtime
