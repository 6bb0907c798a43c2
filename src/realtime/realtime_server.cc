#include "realtime/realtime_server.h"

#include <algorithm>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <exception>
#include <stdexcept>
#include <utility>

#include "obs/logger.h"
#include "pubsub/pubsub.h"
#include "realtime/realtime_impl.h"
#include "realtime/websocket_link.h"

namespace syntera::realtime {
namespace {

namespace json = boost::json;
using eio::PacketType;

constexpr std::string_view kPath = "/socket.io/";
constexpr size_t kIdBytes = 15;                        // 20 base64url characters
constexpr std::string_view kServerDisconnect = "server disconnect";  // a Close() reason
constexpr std::string_view kBusChannel = "syntera:realtime";  // room broadcasts between processes

// The one mapping of an Error to Socket.IO payloads: the ack error body and CONNECT_ERROR.
json::object ErrorBody(const Error& error) {
  return {{"code", ErrorCodeName(error.code)}, {"message", error.message}};
}
json::object ConnectErrorBody(const Error& error) {
  return {{"message", error.message}, {"data", {{"code", ErrorCodeName(error.code)}}}};
}

std::optional<std::string_view> StringField(const json::object& o, std::string_view key) {
  auto it = o.find(key);
  if (it == o.end() || !it->value().is_string()) return std::nullopt;
  return std::string_view(it->value().get_string());
}

bool SamePrincipal(const Principal& a, const Principal& b) {
  return a.org_id == b.org_id && a.credential_id() == b.credential_id();
}

}  // namespace

std::string Message(const sio::Packet& packet) {
  return eio::EncodePacket(PacketType::kMessage, sio::Encode(packet));
}

EncodedBroadcast EncodeEvent(json::array args, bool binary) {
  sio::Packet packet{sio::PacketType::kEvent, "/", std::nullopt, std::move(args)};
  EncodedBroadcast out;
  if (binary && sio::ExtractBinary(packet.data, out.attachments) > 0) {
    packet.type = sio::PacketType::kBinaryEvent;
    packet.attachments = out.attachments.size();
  }
  out.packet = Message(packet);
  return out;
}

bool TokenBucket::Take(SteadyClock::time_point now) {
  const double elapsed = std::chrono::duration<double>(now - last_).count();
  tokens_ = std::min(burst_, tokens_ + elapsed * rate_);
  last_ = now;
  if (tokens_ < 1) return false;
  tokens_ -= 1;
  return true;
}

RealtimeServer::Impl::Impl(RealtimeOptions options, http::Authenticator& authenticator,
                           Random& random, obs::Logger& logger, pubsub::PubSub* bus)
    : options_(options),
      authenticator_(authenticator),
      random_(random),
      logger_(logger),
      bus_(bus),
      instance_id_(RandomToken(random, kIdBytes)) {
  if (options_.recovery_window.count() > 0) {
    recovery_.emplace(RandomToken(random, 6), options_.recovery_window,
                      options_.recovery_max_packets);
  }
  if (bus_ != nullptr) {
    bus_->Subscribe(std::string(kBusChannel),
                    [this](std::string_view, std::string_view payload) { OnRemote(payload); });
  }
}

RealtimeServer::Impl::~Impl() { Stop(); }

void RealtimeServer::Impl::On(std::string event, EventHandler handler) {
  if (started_) throw std::logic_error("realtime: On() after Start()");
  if (!handlers_.emplace(event, std::move(handler)).second) {
    throw std::logic_error("realtime: duplicate handler for event '" + event + "'");
  }
}

void RealtimeServer::Impl::OnConnect(ConnectionHook hook) {
  if (started_) throw std::logic_error("realtime: OnConnect() after Start()");
  connect_hooks_.push_back(std::move(hook));
}

void RealtimeServer::Impl::OnDisconnect(ConnectionHook hook) {
  if (started_) throw std::logic_error("realtime: OnDisconnect() after Start()");
  disconnect_hooks_.push_back(std::move(hook));
}

void RealtimeServer::Impl::Start() {
  started_ = true;
  heartbeat_ = std::thread([this] { Heartbeat(); });
}

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

void RealtimeServer::Impl::ForgetSession(const std::string& sid) {
  std::lock_guard lock(sessions_mu_);
  sessions_.erase(sid);
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

void RealtimeServer::Impl::Send(Session& session, std::string_view packet) {
  SendWithAttachments(session, packet, {});
}

// The packet and its attachments go out back to back (under the session's lock): a client
// reassembling a binary packet accepts nothing in between.
void RealtimeServer::Impl::SendWithAttachments(Session& session, std::string_view packet,
                                               const std::vector<std::string>& attachments) {
  bool overflow = false;
  std::function<void()> wake;
  {
    std::lock_guard lock(session.mu);
    if (session.closed) return;
    if (session.transport == Transport::kWebSocket) {
      session.ws->SendView(packet, false);
      for (const std::string& bytes : attachments) session.ws->SendView(bytes, true);
      return;
    }
    wake = session.QueueLocked(packet);
    for (const std::string& bytes : attachments) {
      session.QueueLocked(eio::EncodeBinaryForPolling(bytes));
    }
    overflow = session.outbox_bytes > options_.max_backlog_bytes;
  }
  if (wake) wake();
  if (overflow) {
    if (auto shared = FindSession(session.sid)) Close(shared, "backlog overflow", false);
  }
}

void RealtimeServer::Impl::Close(const std::shared_ptr<Session>& session, std::string_view reason,
                                 bool notify) {
  std::shared_ptr<SocketImpl> socket;
  std::function<void()> wake;
  bool linger = false;
  {
    std::lock_guard lock(session->mu);
    if (session->closed) return;
    if (notify) {
      if (session->transport == Transport::kWebSocket) {
        session->ws->Send(eio::EncodePacket(PacketType::kClose), false);
      } else if (session->outbox.empty()) {
        // Never in one polling response with other packets: socket.io-client handles a
        // close before the Socket.IO packets of the same payload (it defers those to the
        // next tick), so a DISCONNECT before it would arrive as a "transport close". With
        // packets queued, the poll that takes them ends the session instead.
        session->outbox.push_back(eio::EncodePacket(PacketType::kClose));
      }
    }
    session->closed = true;
    if (session->ws) session->ws->Close();
    if (session->probe) session->probe->Close();
    session->ws.reset();
    session->probe.reset();
    socket = std::move(session->socket);
    wake = std::exchange(session->poll_ready, nullptr);
    // A server disconnect of a polling client with no poll waiting: the client has yet to
    // fetch the DISCONNECT, so the session stays findable for its next poll, which ends it
    // (PollGet), or until the heartbeat drops it after a ping timeout. (After a protocol
    // violation the session is simply gone.)
    linger = reason == kServerDisconnect && session->transport == Transport::kPolling && !wake;
    if (linger) session->linger_until = SteadyClock::now() + options_.ping_timeout;
  }
  if (wake) wake();
  if (!linger) ForgetSession(session->sid);
  // A lost or closed transport may come back (as in socket.io, where an Engine.IO close is a
  // "transport close"); a Socket.IO DISCONNECT (handled elsewhere), a protocol violation or an
  // overflow may not.
  const bool lost =
      reason == "transport close" || reason == "ping timeout" || reason == "client close";
  if (socket) Disconnect(socket, lost);
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
      if (packet.binary) {
        OnAttachment(session, packet.data);
      } else {
        OnSocketIo(session, packet.data);
      }
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
  {
    std::unique_lock lock(session->mu);
    if (session->partial) {
      lock.unlock();
      Close(session, "attachments expected", true);
      return;
    }
    if (packet.type == sio::PacketType::kBinaryEvent) {
      session->partial = std::move(packet);  // completed by OnAttachment
      return;
    }
  }
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
      OnConnectPacket(session, packet);
      return;
    case sio::PacketType::kDisconnect: {
      std::shared_ptr<SocketImpl> socket;
      {
        std::lock_guard lock(session->mu);
        socket = std::move(session->socket);
      }
      if (socket) Disconnect(socket, false);
      return;
    }
    case sio::PacketType::kEvent:
      OnEvent(session, std::move(packet));
      return;
    default:
      return;  // acks for server emits are not requested; CONNECT_ERROR is server → client
  }
}

// One binary message: the next attachment of the pending BINARY_EVENT; the last one
// completes it (placeholders filled) and it is handled as an EVENT.
void RealtimeServer::Impl::OnAttachment(const std::shared_ptr<Session>& session,
                                        std::string bytes) {
  std::optional<sio::Packet> complete;
  std::vector<std::string> attachments;
  const char* violation = nullptr;
  {
    std::lock_guard lock(session->mu);
    if (!session->partial) {
      violation = "binary data without a binary packet";
    } else if ((session->attachment_bytes += bytes.size()) > options_.max_payload) {
      violation = "attachments larger than maxPayload";
    } else {
      session->attachments.push_back(std::move(bytes));
      if (session->attachments.size() == session->partial->attachments) {
        complete = std::move(session->partial);
        session->partial.reset();
        attachments.swap(session->attachments);
        session->attachment_bytes = 0;
      }
    }
  }
  if (violation != nullptr) {
    Close(session, violation, true);
    return;
  }
  if (!complete || complete->nsp != "/") return;  // other namespaces: ignored, as events are
  if (!sio::FillPlaceholders(complete->data, attachments).ok()) {
    Close(session, "invalid binary placeholder", true);
    return;
  }
  OnEvent(session, std::move(*complete));
}

void RealtimeServer::Impl::OnConnectPacket(const std::shared_ptr<Session>& session,
                                           const sio::Packet& packet) {
  {
    std::lock_guard lock(session->mu);
    if (session->socket) return;  // already connected
  }
  const json::object* auth = packet.data.if_object();
  Result<Principal> principal = Unauthenticated("auth.token is required");
  if (auth != nullptr) {
    if (auto token = StringField(*auth, "token")) principal = authenticator_.Authenticate(*token);
  }
  if (!principal.ok()) {
    sio::Packet refusal{sio::PacketType::kConnectError, "/", std::nullopt,
                        ConnectErrorBody(principal.error())};
    Send(*session, Message(refusal));
    return;
  }
  if (auth != nullptr && TryRecover(session, *auth, *principal)) return;
  const std::string pid = recovery_ ? RandomToken(random_, kIdBytes) : std::string();
  auto socket = std::make_shared<SocketImpl>(*this, RandomToken(random_, kIdBytes), pid, false,
                                             std::move(*principal), session);
  {
    std::lock_guard lock(session->mu);
    if (session->closed || session->socket) return;
    session->socket = socket;
  }
  // Widget visitors are not staff: the organization's room carries staff-only data.
  if (socket->principal().kind != CredentialKind::kVisitor) {
    JoinRoom(socket, "org:" + socket->principal().org_id.str());
  }
  if (!socket->principal().user_id.str().empty()) {
    JoinRoom(socket, "user:" + socket->principal().user_id.str());
  }
  Accept(session, socket, {});
  RunHooks(connect_hooks_, *socket);
}

// Resumes the socket saved under auth.pid when auth.offset is still covered. Runs inside the
// recovery log's lock, so no broadcast slips between the replay and the live stream.
bool RealtimeServer::Impl::TryRecover(const std::shared_ptr<Session>& session,
                                      const json::object& auth, const Principal& principal) {
  const auto pid = StringField(auth, "pid");
  const auto offset = StringField(auth, "offset");
  if (!recovery_ || !pid || !offset) return false;
  // The client may reconnect before this server noticed its old transport is gone (a polling
  // client's close races its new handshake): the same principal presenting the pid of a live
  // socket takes it over.
  std::shared_ptr<Session> previous;
  {
    std::lock_guard lock(pids_mu_);
    if (auto it = live_pids_.find(std::string(*pid)); it != live_pids_.end()) {
      previous = it->second.lock();
    }
  }
  if (previous != nullptr) {
    std::shared_ptr<SocketImpl> old_socket;
    {
      std::lock_guard lock(previous->mu);
      old_socket = previous->socket;
    }
    if (old_socket == nullptr || !SamePrincipal(old_socket->principal(), principal)) return false;
    Close(previous, "transport close", false);  // saves it for the Resume below
  }
  std::shared_ptr<SocketImpl> socket;
  const bool resumed = recovery_->Resume(
      *pid, *offset, SteadyClock::now(),
      [&](const SavedSession& saved, const RecoveryLog::Missed& missed) {
        if (!SamePrincipal(saved.principal, principal)) return false;
        socket = std::make_shared<SocketImpl>(*this, saved.socket_id, std::string(*pid), true,
                                              principal, session);
        {
          std::lock_guard lock(session->mu);
          if (session->closed || session->socket) return false;
          session->socket = socket;
        }
        for (const std::string& room : saved.rooms) JoinRoom(socket, room);
        Accept(session, socket, missed);
        return true;
      });
  if (resumed) RunHooks(connect_hooks_, *socket);  // outside the log's lock: hooks may emit
  return resumed;
}

void RealtimeServer::Impl::Accept(const std::shared_ptr<Session>& session,
                                  const std::shared_ptr<SocketImpl>& socket,
                                  const RecoveryLog::Missed& missed) {
  json::object body{{"sid", socket->id()}};
  if (!socket->pid().empty()) {
    body["pid"] = socket->pid();
    std::lock_guard lock(pids_mu_);
    live_pids_[socket->pid()] = session;
  }
  Send(*session, Message(sio::Packet{sio::PacketType::kConnect, "/", std::nullopt, body}));
  for (const EncodedBroadcast* broadcast : missed) {
    SendWithAttachments(*session, broadcast->packet, broadcast->attachments);
  }
}

void RealtimeServer::Impl::RunHooks(const std::vector<ConnectionHook>& hooks, Socket& socket) {
  for (const ConnectionHook& hook : hooks) {
    try {
      hook(socket);
    } catch (const std::exception& e) {
      logger_.Error("realtime_hook_exception", {{"error", e.what()}});
    }
  }
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
  std::vector<std::string> attachments;
  // Only an event that came with attachments is answered with binary: in a plain event's
  // answer, a {"_binary": …} object a client wrote stays JSON.
  if (packet.type == sio::PacketType::kBinaryEvent &&
      sio::ExtractBinary(ack.data, attachments) > 0) {
    ack.type = sio::PacketType::kBinaryAck;
    ack.attachments = attachments.size();
  }
  if (auto target = socket->session().lock()) {
    SendWithAttachments(*target, Message(ack), attachments);
  }
}

void RealtimeServer::Impl::Disconnect(const std::shared_ptr<SocketImpl>& socket,
                                      bool save_for_recovery) {
  std::unordered_set<std::string> rooms;
  {
    std::lock_guard lock(rooms_mu_);
    if (!socket->connected) return;
    socket->connected = false;
    for (const std::string& room : socket->rooms) {
      auto it = rooms_.find(room);
      if (it == rooms_.end()) continue;
      it->second.erase(socket->id());
      if (it->second.empty()) rooms_.erase(it);
    }
    rooms.swap(socket->rooms);
  }
  if (!socket->pid().empty()) {
    std::lock_guard lock(pids_mu_);
    // Only this socket's entry: a recovered socket may already hold the pid again.
    auto it = live_pids_.find(socket->pid());
    const std::weak_ptr<Session>& mine = socket->session();
    if (it != live_pids_.end() && !it->second.owner_before(mine) && !mine.owner_before(it->second)) {
      live_pids_.erase(it);
    }
  }
  if (save_for_recovery && recovery_ && !socket->pid().empty()) {
    recovery_->SaveSession(socket->pid(), SavedSession{socket->id(), socket->principal(),
                                                       std::move(rooms), SteadyClock::now()});
  }
  RunHooks(disconnect_hooks_, *socket);
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

std::vector<std::shared_ptr<RealtimeServer::Impl::SocketImpl>> RealtimeServer::Impl::RoomTargets(
    const std::string& room, std::string_view except) {
  std::vector<std::shared_ptr<SocketImpl>> targets;
  std::lock_guard lock(rooms_mu_);
  auto it = rooms_.find(room);
  if (it == rooms_.end()) return targets;
  targets.reserve(it->second.size());
  for (auto& [id, weak] : it->second) {
    if (id == except) continue;
    if (auto socket = weak.lock()) targets.push_back(std::move(socket));
  }
  return targets;
}

// Delivers [event, data] to this process's sockets in `room`; with recovery on, the broadcast
// gets an offset as its last argument and is kept for reconnecting sockets.
void RealtimeServer::Impl::LocalEmit(const std::string& room, json::array args,
                                     std::string_view except, bool binary) {
  if (!recovery_) {
    auto targets = RoomTargets(room, except);
    if (targets.empty()) return;
    const EncodedBroadcast broadcast = EncodeEvent(std::move(args), binary);
    for (auto& socket : targets) socket->SendRaw(broadcast);
    return;
  }
  recovery_->Record(room, std::string(except),
                    [&](std::string_view offset) {
                      args.emplace_back(json::string(offset));
                      EncodedBroadcast broadcast = EncodeEvent(std::move(args), binary);
                      for (auto& socket : RoomTargets(room, except)) socket->SendRaw(broadcast);
                      return broadcast;
                    },
                    SteadyClock::now());
}

void RealtimeServer::Impl::EmitToRoom(std::string_view room, std::string_view event,
                                      json::value data, std::string_view except, bool binary) {
  json::array args;
  args.reserve(3);  // name, data and (with recovery) the offset
  args.emplace_back(json::string(event));
  args.emplace_back(std::move(data));
  if (bus_ != nullptr) {
    PublishToBus(room, except,
                 binary ? json::serialize(json::object{{"binary", args}}) : json::serialize(args));
  }
  LocalEmit(std::string(room), std::move(args), except, binary);
}

// instance \n room \n except \n JSON: [event, data] for a broadcast, {"binary": [event, data]}
// for a binary one, {"disconnect":true} for DisconnectRoom.
void RealtimeServer::Impl::PublishToBus(std::string_view room, std::string_view except,
                                        std::string_view json) {
  std::string payload;
  payload.append(instance_id_).append(1, '\n').append(room).append(1, '\n');
  payload.append(except).append(1, '\n').append(json);
  bus_->Publish(kBusChannel, payload);
}

void RealtimeServer::Impl::DisconnectRoom(std::string_view room) {
  if (bus_ != nullptr) PublishToBus(room, "", R"({"disconnect":true})");
  LocalDisconnect(std::string(room));
}

void RealtimeServer::Impl::LocalDisconnect(const std::string& room) {
  const std::string packet =
      Message(sio::Packet{sio::PacketType::kDisconnect, "/", std::nullopt, json::value()});
  for (const std::shared_ptr<SocketImpl>& socket : RoomTargets(room, "")) {
    std::shared_ptr<Session> session = socket->session().lock();
    if (session == nullptr) continue;
    Send(*session, packet);
    Close(session, kServerDisconnect, true);
  }
}

void RealtimeServer::Impl::OnRemote(std::string_view payload) {
  std::string_view parts[3];
  for (std::string_view& part : parts) {
    const size_t nl = payload.find('\n');
    if (nl == std::string_view::npos) return;
    part = payload.substr(0, nl);
    payload.remove_prefix(nl + 1);
  }
  if (parts[0] == instance_id_) return;  // our own broadcast, already delivered
  boost::system::error_code ec;
  json::value args = json::parse(payload, ec);
  if (!ec && args.is_object() && args.as_object().contains("disconnect")) {
    LocalDisconnect(std::string(parts[1]));
    return;
  }
  bool binary = false;
  if (!ec && args.is_object() && args.as_object().contains("binary")) {
    binary = true;
    json::value inner = std::move(args.as_object()["binary"]);  // out of args before replacing it
    args = std::move(inner);
  }
  if (ec || !args.is_array() || args.as_array().size() != 2 || !args.as_array()[0].is_string()) {
    logger_.Warn("realtime_bad_bus_message", {{"bytes", std::to_string(payload.size())}});
    return;
  }
  LocalEmit(std::string(parts[1]), std::move(args.as_array()), parts[2], binary);
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
    if (recovery_) recovery_->Expire(now);
    for (auto& session : sessions) {
      bool timed_out = false;
      bool expired = false;
      {
        std::lock_guard session_lock(session->mu);
        if (session->closed) {  // lingering for its last poll (see Close)
          if (!session->linger_until || now <= *session->linger_until) continue;
          expired = true;
        } else if (session->pong_deadline && now > *session->pong_deadline) {
          timed_out = true;
        } else if (!session->pong_deadline && now >= session->next_ping) {
          session->pong_deadline = now + options_.ping_timeout;
          session->next_ping = now + options_.ping_interval;
        } else {
          continue;
        }
      }
      if (expired) {
        ForgetSession(session->sid);
      } else if (timed_out) {
        Close(session, "ping timeout", false);
      } else {
        Send(*session, eio::EncodePacket(PacketType::kPing));
      }
    }
    lock.lock();
  }
}

RealtimeServer::RealtimeServer(RealtimeOptions options, http::Authenticator& authenticator,
                               Random& random, obs::Logger& logger, pubsub::PubSub* bus)
    : impl_(std::make_unique<Impl>(options, authenticator, random, logger, bus)) {}
RealtimeServer::~RealtimeServer() = default;
void RealtimeServer::On(std::string event, EventHandler handler) {
  impl_->On(std::move(event), std::move(handler));
}
void RealtimeServer::OnConnect(ConnectionHook hook) { impl_->OnConnect(std::move(hook)); }
void RealtimeServer::OnDisconnect(ConnectionHook hook) { impl_->OnDisconnect(std::move(hook)); }
void RealtimeServer::Start() { impl_->Start(); }
void RealtimeServer::Stop() { impl_->Stop(); }
void RealtimeServer::EmitToRoom(std::string_view room, std::string_view event,
                                boost::json::value data, std::string_view except_socket_id) {
  impl_->EmitToRoom(room, event, std::move(data), except_socket_id, false);
}
void RealtimeServer::EmitBinaryToRoom(std::string_view room, std::string_view event,
                                      boost::json::value data, std::string_view except_socket_id) {
  impl_->EmitToRoom(room, event, std::move(data), except_socket_id, true);
}
void RealtimeServer::DisconnectRoom(std::string_view room) { impl_->DisconnectRoom(room); }
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
