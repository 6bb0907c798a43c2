#pragma once
// WebSocketChannel<Stream>: one accepted WebSocket over a session's stream — the read loop
// that feeds a WebSocketHandler and the bounded write queue behind WebSocketConnection.
// Private to `net`; included only through session_impl.h.

#include <atomic>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <cstddef>
#include <deque>
#include <tuple>
#include <memory>
#include <string>
#include <utility>

#include "net/websocket.h"

namespace syntera::net::session {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = boost::beast::websocket;
inline constexpr auto kWsAsTuple = asio::as_tuple(asio::use_awaitable);

// Everything below runs on `executor` (the session's strand) except Send/Close/GoingAway/
// Abort, which only post there. `owner` keeps the stream (owned by the session) alive while
// the channel exists.
template <class Stream>
class WebSocketChannel final : public WebSocketConnection,
                               public std::enable_shared_from_this<WebSocketChannel<Stream>> {
 public:
  WebSocketChannel(Stream& stream, asio::any_io_executor executor,
                   std::shared_ptr<void> owner, size_t max_message_bytes, size_t max_queue_bytes)
      : ws_(stream),
        executor_(std::move(executor)),
        owner_(std::move(owner)),
        max_queue_bytes_(max_queue_bytes) {
    ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
    ws_.read_message_max(max_message_bytes);
  }

  websocket::stream<Stream&>& ws() { return ws_; }

  void Send(std::string payload, bool binary) override {
    const size_t size = payload.size();
    if (queued_bytes_.fetch_add(size) + size > max_queue_bytes_) {
      queued_bytes_.fetch_sub(size);
      Abort();  // a slow peer: never buffer without bound
      return;
    }
    asio::post(executor_, [self = this->shared_from_this(), size,
                                      payload = std::move(payload), binary]() mutable {
      if (self->ended_ || self->close_queued_) {
        self->queued_bytes_.fetch_sub(size);
        return;
      }
      self->queue_.push_back(Frame{std::move(payload), binary, false});
      self->StartWriter();
    });
  }

  void Close() override { QueueClose(websocket::close_code::normal); }
  void GoingAway() { QueueClose(websocket::close_code::going_away); }

  // Closes the socket at once (a slow peer, or the drain deadline passed).
  void Abort() {
    asio::post(executor_, [self = this->shared_from_this()] {
      self->ended_ = true;
      beast::error_code ec;
      beast::get_lowest_layer(self->ws_).socket().close(ec);
    });
  }

  // Reads messages until the connection ends, then calls OnClose(). The handshake has
  // completed. Any queued writes are abandoned once this returns.
  asio::awaitable<void> ReadLoop(WebSocketHandler& handler) {
    handler.OnOpen(this->shared_from_this());
    beast::flat_buffer buffer;
    for (;;) {
      // Small reads: the read an idle socket keeps pending holds 256 bytes, not Beast's
      // default 1.5 KB (idle memory per connection is a goal; see docs/PERFORMANCE.md).
      auto [ec, n] = co_await ws_.async_read_some(buffer, kIdleReadBytes, kWsAsTuple);
      if (ec) break;
      if (!ws_.is_message_done()) continue;
      handler.OnMessage(beast::buffers_to_string(buffer.data()), !ws_.got_text());
      buffer.clear();
      buffer.shrink_to_fit();
    }
    ended_ = true;
    queue_.clear();
    beast::error_code ec;
    beast::get_lowest_layer(ws_).socket().close(ec);
    handler.OnClose();
  }

 private:
  static constexpr size_t kIdleReadBytes = 256;
  using CloseCode = websocket::close_code;
  struct Frame {
    std::string payload;
    bool binary = false;
    bool close = false;
    CloseCode code = CloseCode::normal;
  };

  void QueueClose(CloseCode code) {
    asio::post(executor_, [self = this->shared_from_this(), code] {
      if (self->ended_ || self->close_queued_) return;
      self->close_queued_ = true;
      self->queue_.push_back(Frame{{}, false, true, code});
      self->StartWriter();
    });
  }

  void StartWriter() {
    if (writing_) return;
    writing_ = true;
    asio::co_spawn(executor_, Write(this->shared_from_this()),
                              asio::detached);
  }

  // At most one write (or close) is outstanding on a Beast websocket stream; this
  // coroutine is the only writer.
  static asio::awaitable<void> Write(std::shared_ptr<WebSocketChannel> self) {
    while (!self->queue_.empty() && !self->ended_) {
      Frame frame = std::move(self->queue_.front());
      self->queue_.pop_front();
      beast::error_code ec;
      if (frame.close) {
        std::tie(ec) = co_await self->ws_.async_close(frame.code, kWsAsTuple);
        break;
      }
      self->ws_.binary(frame.binary);
      std::tie(ec, std::ignore) = co_await self->ws_.async_write(
          asio::buffer(frame.payload), kWsAsTuple);
      self->queued_bytes_.fetch_sub(frame.payload.size());
      if (ec) break;
    }
    self->writing_ = false;
  }

  websocket::stream<Stream&> ws_;
  const asio::any_io_executor executor_;
  const std::shared_ptr<void> owner_;
  const size_t max_queue_bytes_;
  std::atomic<size_t> queued_bytes_{0};  // accepted by Send, not yet written or dropped
  // On executor_ only:
  std::deque<Frame> queue_;
  bool writing_ = false;
  bool close_queued_ = false;
  bool ended_ = false;
};

}  // namespace syntera::net::session
