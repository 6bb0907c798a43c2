#pragma once
// realtime: a Socket.IO v5 server over Engine.IO v4, on net's WebSocket seam and on plain
// http Routes for long-polling (realtime/routes.h). Std and our types only; Boost.JSON
// appears only as forward declarations (event handlers receive and return JSON values).
//
// Flow: a client opens an Engine.IO session (polling handshake or a direct WebSocket),
// may upgrade polling → WebSocket, then sends a Socket.IO CONNECT for namespace "/" with
// auth {token}. The token goes through http::Authenticator; success answers CONNECT with the
// socket id and joins the socket to "org:<org_id>" (not widget visitors) and "user:<user_id>"
// (users only); failure answers
// CONNECT_ERROR {"message","data":{"code"}} with the ErrorCode name (e.g. "unauthenticated").
// Each EVENT is dispatched to the handler registered with On(); when the client asked for an
// ack, the handler's Result answers it: {ok:true,data} or {ok:false,error:{code,message}}.
//
// Fan-out: with a pubsub::PubSub (Redis when configured), EmitToRoom also reaches the sockets of
// every other process sharing that bus; each process delivers to its own sockets.
//
// Connection state recovery (Socket.IO 4.6+, on by default): CONNECT answers {sid, pid}; every
// room broadcast carries an offset as its last argument; a socket that lost its transport can
// reconnect within `recovery_window` with auth {token, pid, offset} and gets its id and rooms
// back plus every broadcast it missed, each once (socket.recovered is then true on the client).
// The token is authenticated again and must name the same principal. Recovery is per process:
// after a restart, or on another instance, clients catch up through the application (e.g.
// conversation:join with the last message id they have).
//
// Long-polling: a GET poll that finds nothing to send is answered later through
// http::DeferredBody — it holds no I/O thread while it waits (up to poll_hold, or until a
// packet, a ping or a close arrives).
//
// Limits: a message larger than max_payload is refused (413 on polling, close 1009 on a
// WebSocket); events beyond the per-socket token bucket answer rate_limited; a session whose
// unsent backlog exceeds max_backlog_bytes (or whose WebSocket write queue overflows in net)
// is disconnected; a session that misses a pong within ping_timeout is closed.
//
// Threading: everything is thread-safe; callbacks run on net's I/O threads. Event handlers
// run synchronously there, one event of a session at a time, and must not block for long.

#include <boost/json/fwd.hpp>
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "base/principal.h"
#include "base/random.h"
#include "base/result.h"
#include "http/authenticator.h"
#include "http/message.h"
#include "net/websocket.h"

namespace syntera::obs {
class Logger;
}  // namespace syntera::obs
namespace syntera::pubsub {
class PubSub;
}  // namespace syntera::pubsub

namespace syntera::realtime {

struct RealtimeOptions {
  std::chrono::milliseconds ping_interval{25000};
  std::chrono::milliseconds ping_timeout{20000};
  size_t max_payload = 1000000;  // Engine.IO maxPayload: one polling body or WebSocket message
  // How long a polling GET waits for packets before answering a noop (no thread is held; a
  // ping every ping_interval releases it anyway).
  std::chrono::milliseconds poll_hold{30000};
  // Packets queued for a polling client that has not fetched them; beyond it: disconnected.
  size_t max_backlog_bytes = 4 << 20;
  // Per-socket event token bucket.
  double events_per_second = 50;
  double event_burst = 100;
  // Connection state recovery: how long a disconnected socket's state and the broadcasts it
  // may have missed are kept (0 disables recovery), and at most how many broadcasts.
  std::chrono::milliseconds recovery_window{120000};
  size_t recovery_max_packets = 50000;
};

// One connected Socket.IO socket (namespace "/"), as an event handler sees it. Thread-safe;
// the reference is valid for the duration of the handler call.
class Socket {
 public:
  virtual ~Socket() = default;
  virtual const std::string& id() const = 0;
  virtual const Principal& principal() const = 0;
  // True when this connection resumed an earlier one through connection state recovery.
  virtual bool recovered() const = 0;
  // Room membership ends when the socket disconnects. Joining twice is harmless.
  virtual void Join(const std::string& room) = 0;
  virtual void Leave(const std::string& room) = 0;
  // Sends `event` with one argument to this socket only. Objects {"_binary": "<base64>"} in
  // `data` go out as binary attachments (BINARY_EVENT): emit only data the server chose this
  // way, not a client's JSON verbatim. Attachments a client sends arrive in `args` as such
  // objects; the ack of an event that came with attachments is binary the same way
  // (BINARY_ACK), any other ack is JSON only. Room broadcasts: EmitToRoom sends JSON only,
  // EmitBinaryToRoom sends such objects as attachments.
  virtual void Emit(std::string_view event, const boost::json::value& data) = 0;
};

// `args` are the event's arguments after its name. The returned value is the ack's data.
using EventHandler =
    std::function<Result<boost::json::value>(Socket& socket, const boost::json::array& args)>;
// Called after a socket connected (its CONNECT answered, default rooms joined) or after it
// disconnected (rooms already left). On I/O threads; must not block for long.
using ConnectionHook = std::function<void(Socket& socket)>;

class RealtimeServer final : public net::WebSocketAcceptor {
 public:
  // References must outlive the server.
  // `bus` may be null (single process). References and `bus` must outlive the server.
  RealtimeServer(RealtimeOptions options, http::Authenticator& authenticator, Random& random,
                 obs::Logger& logger, pubsub::PubSub* bus = nullptr);
  ~RealtimeServer() override;  // Stop()s
  RealtimeServer(const RealtimeServer&) = delete;
  RealtimeServer& operator=(const RealtimeServer&) = delete;

  // Registers the handler for `event` (e.g. "message:send"). Only before Start(); throws
  // std::logic_error for a duplicate name (a wiring bug).
  void On(std::string event, EventHandler handler);
  // Connection hooks (presence and the like). Only before Start().
  void OnConnect(ConnectionHook hook);
  void OnDisconnect(ConnectionHook hook);

  // Starts the heartbeat thread. Call once, before the net::Server starts.
  void Start();
  // Refuses new sessions, sends every session an Engine.IO close and releases pending
  // polls. Idempotent. Call before net::Server::Stop() so that no poll holds a thread.
  void Stop();

  // Sends `event` with one argument to every socket in `room` — in this process and, through
  // the bus, in the others — except the socket whose id is `except_socket_id` (empty: nobody
  // is excluded). Non-blocking.
  void EmitToRoom(std::string_view room, std::string_view event, boost::json::value data,
                  std::string_view except_socket_id = {});
  // As EmitToRoom, and objects {"_binary": "<base64>"} in `data` go out as binary attachments
  // (BINARY_EVENT) — to every instance's sockets, and again when a socket recovers. As for
  // Socket::Emit, only for data the server chose this way, never a client's JSON verbatim.
  void EmitBinaryToRoom(std::string_view room, std::string_view event, boost::json::value data,
                        std::string_view except_socket_id = {});

  // Disconnects every socket in `room`, here and (through the bus) in the other processes,
  // as socket.io's `disconnectSockets(true)`: the client hears "io server disconnect" and
  // does not reconnect by itself; the session is not kept for recovery. For credentials
  // that were revoked. Non-blocking.
  void DisconnectRoom(std::string_view room);

  // net::WebSocketAcceptor: GET /socket.io/?EIO=4&transport=websocket[&sid=…].
  bool Wants(const http::Request& head) override;
  std::shared_ptr<net::WebSocketHandler> Open(const http::Request& head) override;

  // Long-polling, called by the routes. Errors: kInvalidArgument for a bad protocol version,
  // transport, unknown session or a second concurrent poll; kUnavailable when stopped.
  Result<http::Response> PollGet(const http::Request& request);
  Result<http::Response> PollPost(const http::Request& request);

  size_t max_payload() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace syntera::realtime
