#pragma once
// net: the HTTP/1.1 listener (Boost.Beast over Asio, plain TCP or TLS 1.2/1.3).
//
// Only net's .cc files include Beast or Asio; this header is std-only plus our own types.
//
// Threading model
// - Start() binds, then runs one io_context on `threads` threads. Every connection is one
//   C++20 coroutine on its own strand: it reads a request, calls Handler::Handle(), writes
//   the response and, with keep-alive, reads the next one (pipelined bytes included).
// - Handler::Handle() runs on one of those I/O threads, synchronously, inside the
//   connection's strand: requests of one connection never run concurrently, requests of
//   different connections do. A slow handler occupies one I/O thread for its duration.
//   Handler::MaxBodyBytes() is called on the same thread, after the head and before the body
//   is read.
// - Stop() refuses new work and drains: the listening socket is closed, connections idle
//   between requests are closed, requests in flight finish and are answered with
//   "Connection: close", and whatever remains after drain_timeout is closed forcibly (a
//   handler that is running is never interrupted; its response is then discarded).
//   Wait() returns once every connection has ended and the I/O threads have exited.
//
// Errors net answers on its own, all through http::ErrorResponse, always closing the
// connection afterwards: 400 malformed request or request-target, 413 body over the
// route's MaxBodyBytes (the body is not read), 431 request head over max_header_bytes,
// 500 when Handle() throws. WebSocket upgrades the acceptor wants are served as described
// in net/websocket.h; Stop() sends them a going-away close frame. Connections beyond
// max_connections are closed right after accept. A connection that sends nothing, or too
// slowly, is closed without a response.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "base/result.h"

namespace syntera::http {
class Handler;
}  // namespace syntera::http
namespace syntera::obs {
class Logger;
class MetricsRegistry;
}  // namespace syntera::obs

namespace syntera::net {

class WebSocketAcceptor;

struct ServerOptions {
  std::string host = "0.0.0.0";         // IP literal or resolvable name
  uint16_t port = 8080;                 // 0 = ephemeral; see Server::port()
  int threads = 0;                      // I/O threads; 0 = hardware_concurrency, at least 2
  size_t max_header_bytes = 16 * 1024;  // request line + headers; over it: 431
  // Time to receive a full request head once its first bytes arrived; also how long a new
  // connection (including a TLS handshake) may stay silent.
  std::chrono::milliseconds header_timeout{15000};
  // Time to receive a request body; also bounds writing each response.
  std::chrono::milliseconds body_timeout{60000};
  // How long a keep-alive connection may wait for its next request.
  std::chrono::milliseconds idle_timeout{75000};
  size_t max_connections = 10000;
  // Both set: the listener speaks TLS 1.2/1.3 only (PEM files; the cert file may hold a
  // chain). Neither set: plain TCP. One without the other is an error.
  std::string tls_cert_file;
  std::string tls_key_file;
  // IPs or CIDRs (IPv4 and IPv6) of reverse proxies whose X-Forwarded-For is believed.
  std::vector<std::string> trusted_proxies;
  // How long Stop() lets in-flight requests finish before closing their connections.
  std::chrono::milliseconds drain_timeout{20000};
  // WebSocket upgrades (net/websocket.h). Null: upgrades go to the Handler like any request.
  // Must outlive the Server.
  WebSocketAcceptor* websocket_acceptor = nullptr;
  size_t max_ws_message_bytes = 1 << 20;  // larger messages close the connection (1009)
  // Bytes queued for writing per WebSocket; beyond it the peer is too slow and is dropped.
  size_t max_ws_queue_bytes = 8 << 20;
};

class Server {
 public:
  // `handler`, `logger` and `metrics` must outlive the Server. Registers the connection
  // metrics (syntera_http_connections_open, syntera_http_connections_rejected_total) with
  // `metrics`. Does no I/O.
  Server(ServerOptions options, http::Handler& handler, obs::Logger& logger,
         obs::MetricsRegistry& metrics);
  // Stops (as Stop()) and waits (as Wait()). Must not run on one of the server's I/O
  // threads, i.e. not from inside Handler::Handle().
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Validates the options, loads the TLS certificate and key, binds and listens, then starts
  // the I/O threads. Errors: kInvalidArgument for bad options (unparsable host or trusted
  // proxy, half-configured TLS, unreadable or mismatched cert/key, zero limits);
  // kUnavailable when the address cannot be bound (e.g. port in use, permission denied);
  // kFailedPrecondition when called twice or after Stop(). On error nothing keeps running.
  // Not thread-safe against itself; call once, from the owning thread.
  Result<void> Start();

  // The bound port (the ephemeral one when options.port was 0); 0 before a successful
  // Start(). Thread-safe.
  uint16_t port() const;

  // Begins the graceful shutdown described at the top of this file and returns at once.
  // Idempotent; safe from any thread, including a signal-waiting thread and an I/O thread
  // (a Handler). Before Start() it just prevents a later Start().
  void Stop();

  // Blocks until Stop() has fully completed: all connections closed, I/O threads joined.
  // Returns at once if Start() never succeeded. Safe from several threads; must not be
  // called from an I/O thread (it would wait for itself).
  void Wait();

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace syntera::net
