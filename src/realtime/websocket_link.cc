#include "realtime/websocket_link.h"

#include <utility>

namespace syntera::realtime {

using eio::PacketType;

void RealtimeServer::Impl::WsLink::OnOpen(std::shared_ptr<net::WebSocketConnection> connection) {
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

void RealtimeServer::Impl::WsLink::OnMessage(std::string payload, bool binary) {
  if (session_ == nullptr) return;
  // A binary frame is a message's raw bytes (a Socket.IO attachment); text frames are packets.
  Result<eio::Packet> packet =
      binary ? (probing_ ? Result<eio::Packet>(InvalidArgument("binary probe"))
                         : Result<eio::Packet>(eio::Packet{PacketType::kMessage, std::move(payload), true}))
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

void RealtimeServer::Impl::WsLink::OnClose() {
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

// The upgrade handshake: "2probe" → "3probe" (and a noop releases the pending poll), then "5"
// switches the session to this WebSocket and flushes what polling had queued.
void RealtimeServer::Impl::WsLink::OnProbePacket(const eio::Packet& packet) {
  std::function<void()> wake;
  {
    std::lock_guard lock(session_->mu);
    if (session_->probe != connection_) return;
    if (packet.type == PacketType::kPing && packet.data == "probe") {
      connection_->Send(eio::EncodePacket(PacketType::kPong, "probe"), false);
      wake = session_->QueueLocked(eio::EncodePacket(PacketType::kNoop));
    } else if (packet.type == PacketType::kUpgrade) {
      session_->transport = Transport::kWebSocket;
      session_->ws = std::move(session_->probe);
      session_->probe.reset();
      for (std::string& queued : session_->outbox) {
        if (queued == "6") continue;
        if (queued.front() == 'b') {  // an attachment queued for polling: binary again
          Result<eio::Packet> attachment = eio::DecodePacket(queued);
          if (attachment.ok()) session_->ws->Send(std::move(attachment->data), true);
          continue;
        }
        session_->ws->Send(std::move(queued), false);
      }
      session_->outbox.clear();
      session_->outbox_bytes = 0;
      wake = std::exchange(session_->poll_ready, nullptr);
      probing_ = false;
    }
  }
  if (wake) wake();
}

}  // namespace syntera::realtime
