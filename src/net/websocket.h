#pragma once
// The WebSocket seam between `net` and the application: std only, no Beast.
//
// The application gives the Server a WebSocketAcceptor (ServerOptions::websocket_acceptor).
// For every request that is a WebSocket upgrade, the session asks Wants(head); when true it
// calls Open(head), completes the handshake (101) and then serves the connection:
//   OnOpen(connection) once, OnMessage(...) per complete message, OnClose() once.
// All three run on one of the server's I/O threads, on the connection's strand: callbacks
// of one connection never run concurrently, those of different connections do. They must
// not block for long (they delay that connection and occupy an I/O thread).
//
// Lifetime: net holds the handler until OnClose() has returned. The connection object
// keeps the underlying socket alive; the application must drop its reference to it after
// OnClose() (the server's Wait() cannot finish while one is held).

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "http/message.h"

namespace syntera::net {

// One open WebSocket, as the application sees it. Thread-safe: Send and Close may be called
// from any thread, also after the connection has ended (they then do nothing).
class WebSocketConnection {
 public:
  virtual ~WebSocketConnection() = default;
  // Queues one message (a text frame, or a binary frame when `binary`). Non-blocking. When
  // the bytes queued and not yet written exceed ServerOptions::max_ws_queue_bytes the peer
  // is too slow: the connection is closed at once and the message dropped.
  virtual void Send(std::string payload, bool binary) = 0;
  // The same for a payload the caller keeps (one encoded packet sent to many connections):
  // copied only when it cannot be written at once.
  virtual void SendView(std::string_view payload, bool binary) {
    Send(std::string(payload), binary);
  }
  // Sends a normal close frame after whatever is already queued, then ends the connection.
  virtual void Close() = 0;
};

class WebSocketHandler {
 public:
  virtual ~WebSocketHandler() = default;
  // The handshake completed; `connection` is valid until the application drops it.
  virtual void OnOpen(std::shared_ptr<WebSocketConnection> connection) = 0;
  // One complete message of at most ServerOptions::max_ws_message_bytes (a larger one
  // closes the connection with 1009 instead).
  virtual void OnMessage(std::string payload, bool binary) = 0;
  // The connection ended (either side closed, error, slow peer, or server Stop()).
  virtual void OnClose() = 0;
};

// Implemented by the application. Both calls run on an I/O thread and must be thread-safe.
class WebSocketAcceptor {
 public:
  virtual ~WebSocketAcceptor() = default;
  // Whether this upgrade request (head only, already percent-decoded path and query) is
  // ours. False: the request goes to the http::Handler as usual.
  virtual bool Wants(const http::Request& head) = 0;
  // The handler for an upgrade we want; nullptr refuses it (net answers 400).
  virtual std::shared_ptr<WebSocketHandler> Open(const http::Request& head) = 0;
};

}  // namespace syntera::net
