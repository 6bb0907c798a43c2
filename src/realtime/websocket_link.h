#pragma once
// Private to realtime: one WebSocket of a session — either the session's transport from the
// start (no sid) or a probe upgrading a polling session.

#include <memory>
#include <string>

#include "realtime/realtime_impl.h"

namespace syntera::realtime {

class RealtimeServer::Impl::WsLink final : public net::WebSocketHandler {
 public:
  WsLink(Impl& impl, std::shared_ptr<Session> upgrading)
      : impl_(impl), session_(std::move(upgrading)), probing_(session_ != nullptr) {}

  void OnOpen(std::shared_ptr<net::WebSocketConnection> connection) override;
  void OnMessage(std::string payload, bool binary) override;
  void OnClose() override;

 private:
  void OnProbePacket(const eio::Packet& packet);

  Impl& impl_;
  std::shared_ptr<Session> session_;
  std::shared_ptr<net::WebSocketConnection> connection_;
  bool probing_;  // callbacks of one connection never run concurrently
};

}  // namespace syntera::realtime
