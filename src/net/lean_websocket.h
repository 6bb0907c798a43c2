#pragma once
// The WebSocket of a plain-TCP connection after its upgrade: RFC 6455 framing straight over
// the socket, without Beast's stream. Private to `net` (session_impl.h hands connections to
// it; TLS connections keep Beast's stream, see websocket_channel.h).
//
// Why its own layer (docs/PERFORMANCE.md, "Realtime"): an idle connection holds no read
// buffer (it waits for readability and reads into a per-thread buffer), and a send is one
// non-blocking sendmsg on the caller's thread with no copy, no post and no allocation unless
// the kernel's buffer is full — then the bytes are queued (bounded) and written when the
// socket becomes writable.
//
// Threads: reads, the handler's callbacks and closing run on the connection's strand (the
// socket's executor); Send/Close/RequestClose may be called from any thread.

#include <boost/asio/ip/tcp.hpp>
#include <memory>
#include <string>
#include <string_view>

#include "net/session.h"
#include "net/websocket.h"

namespace syntera::net {

// The "101 Switching Protocols" answer for a handshake with this Sec-WebSocket-Key.
std::string WebSocketAcceptResponse(std::string_view client_key);

// Serves `socket`, whose handshake has been answered, until it closes. `replacing` is the
// HTTP session whose tracker slot the WebSocket takes over (it must not release it). `early`
// holds bytes the client sent after its handshake request.
void StartLeanWebSocket(boost::asio::ip::tcp::socket socket,
                        std::shared_ptr<WebSocketHandler> handler, const SessionContext& context,
                        Connection* replacing, std::string early);

}  // namespace syntera::net
