// Engine.IO long-polling: GET fetches queued packets (waiting for some through
// http::DeferredBody when there are none), POST delivers the client's packets.
#include <utility>

#include "realtime/realtime_impl.h"

namespace syntera::realtime {

using eio::PacketType;


// A GET poll waiting for packets. net calls OnReady once, then TakeBody once.
class RealtimeServer::Impl::PendingPoll final : public http::DeferredBody {
 public:
  PendingPoll(std::shared_ptr<Session> session, std::chrono::milliseconds max_wait)
      : session_(std::move(session)), max_wait_(max_wait) {}

  std::chrono::milliseconds max_wait() const override { return max_wait_; }

  void OnReady(std::function<void()> ready) override {
    {
      std::lock_guard lock(session_->mu);
      if (session_->outbox.empty() && !session_->closed && session_->poll_active) {
        session_->poll_ready = std::move(ready);
        return;
      }
    }
    ready();
  }

  std::string TakeBody() override {
    std::lock_guard lock(session_->mu);
    return session_->TakeOutboxLocked();
  }

 private:
  const std::shared_ptr<Session> session_;
  const std::chrono::milliseconds max_wait_;
};

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
  if (session->closed) {  // the last poll of a closed session: its queued packets, then gone
    std::string body = session->TakeOutboxLocked();
    lock.unlock();
    ForgetSession(session->sid);
    return http::Response::Text(200, std::move(body));
  }
  if (!session->outbox.empty()) return http::Response::Text(200, session->TakeOutboxLocked());
  http::Response response = http::Response::Text(200, "");
  response.deferred = std::make_shared<PendingPoll>(session, options_.poll_hold);
  return response;
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

}  // namespace syntera::realtime
