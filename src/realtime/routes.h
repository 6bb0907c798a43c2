#pragma once
// The Engine.IO long-polling endpoints as http Routes (GET and POST /socket.io/). They are
// public: authentication happens in the Socket.IO CONNECT auth payload. WebSocket upgrades
// to the same path never reach the router; net hands them to the RealtimeServer as its
// WebSocketAcceptor.
//
// A GET poll with nothing to send answers through http::DeferredBody: it waits for packets
// (up to RealtimeOptions::poll_hold) without holding an I/O thread.

#include "http/router.h"
#include "realtime/realtime_server.h"

namespace syntera::realtime {

// `server` must outlive the router.
void AddRealtimeRoutes(http::Router& router, RealtimeServer& server);

}  // namespace syntera::realtime
