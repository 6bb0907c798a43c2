#pragma once
// The per-connection HTTP/1.1 session, as the listener sees it. Private to `net`: only
// server.cc and the session TUs include this header (it pulls in Asio's socket type).

#include <boost/asio/ip/tcp.hpp>

#include "http/handler.h"
#include "net/client_ip.h"
#include "net/connection_tracker.h"
#include "net/server.h"
#include "obs/logger.h"

namespace boost::asio::ssl {
class context;
}  // namespace boost::asio::ssl

namespace syntera::net {

// What every session of one Server shares. All referents outlive every session (the Server
// joins its threads before destroying them). Read-only except through the referents' own
// thread-safe interfaces.
struct SessionContext {
  const ServerOptions& options;
  http::Handler& handler;
  obs::Logger& logger;
  const TrustedProxies& trusted_proxies;
  ConnectionTracker& tracker;
};

// Start serving `socket`, whose executor must be a strand: the session's coroutine, its
// timers and close requests all run there. The caller has taken one tracker slot with
// TryAcquire(); the session gives it back when it ends, even if it cannot start.
void SpawnPlainSession(boost::asio::ip::tcp::socket socket, const SessionContext& context);
// Same, speaking TLS with `tls` (the server's context, which must outlive the session).
void SpawnTlsSession(boost::asio::ip::tcp::socket socket, const SessionContext& context,
                     boost::asio::ssl::context& tls);

}  // namespace syntera::net
