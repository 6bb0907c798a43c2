#pragma once
// Session<Transport>: one coroutine serving one connection — read a request head, apply the
// route's body limit, read the body, call the Handler, write the response, repeat while
// keep-alive. Private to `net`; included only by plain_session.cc and tls_session.cc, which
// instantiate it for their Transport:
//   struct Transport {
//     using Stream = ...;                 // a Beast stream over beast::tcp_stream
//     static constexpr bool kTls;
//     // Completes the transport handshake (no-op for plain TCP).
//     static asio::awaitable<beast::error_code> Handshake(Stream&);
//     // Ends our sending direction; true when unread input should then be drained.
//     static asio::awaitable<bool> ShutdownSend(Stream&);
//   };
// The transport-independent steps (request conversion, handler call, response building)
// are plain functions in session.cc, compiled once.

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <chrono>
#include <cstdint>
#include <exception>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <utility>

#include "http/error_response.h"
#include "http/message.h"
#include "net/lean_websocket.h"
#include "net/session.h"
#include "net/websocket_channel.h"

namespace syntera::net::session {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;

using BeastRequest = bhttp::request<bhttp::string_body>;
using BeastResponse = bhttp::response<bhttp::string_body>;

inline constexpr auto kAsTuple = asio::as_tuple(asio::use_awaitable);
inline constexpr size_t kReadChunk = 16 * 1024;
// After an error answer the peer may still be sending a body we refused; reading (and
// discarding) some of it before closing keeps the kernel from resetting the connection and
// destroying our answer in flight.
inline constexpr size_t kLingerMaxBytes = 1024 * 1024;
inline constexpr std::chrono::seconds kLingerTimeout{2};
inline constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";

// How a request/response exchange leaves the connection.
enum class Next {
  kKeepAlive,    // read the next request
  kClose,        // exchange complete: shut down politely
  kLingerClose,  // unread input may remain: shut down, drain briefly, close
  kAbort,        // the stream is broken or timed out: just close
};

// An error answer: the Error plus, when non-zero, a status overriding its usual one.
struct ErrorAnswer {
  Error error;
  int status = 0;
};

// Fills `out` from the request head (everything but body and keep_alive). kInvalidArgument
// for a malformed request-target.
Result<void> ConvertHead(const BeastRequest& head, const SessionContext& context,
                         const std::string& peer_ip, bool tls, http::Request& out);
// Handler::Handle; an escaping exception is logged ("unhandled_exception") and becomes 500.
http::Response CallHandler(const SessionContext& context, http::Request& request);
// The wire response for `response`. Clears `*keep_alive` when the handler asked for
// "Connection: close"; drops invalid headers and statuses (logged).
BeastResponse BuildResponse(http::Response response, unsigned version, bool* keep_alive,
                            obs::Logger& logger);
// The answer owed for a failed read (431, 413 or 400), or nullopt when the connection
// should just end (EOF, reset, timeout, closed by Stop).
std::optional<ErrorAnswer> AnswerForReadError(const beast::error_code& ec, size_t body_limit);
bool ExpectsContinue(const BeastRequest& head);
void LogSessionException(obs::Logger& logger, std::exception_ptr e);
std::string PeerIp(const asio::ip::tcp::socket& socket);

template <class Transport>
class Session final : public Connection, public std::enable_shared_from_this<Session<Transport>> {
 public:
  using Stream = typename Transport::Stream;

  Session(Stream stream, const SessionContext& context, std::string peer_ip)
      : stream_(std::move(stream)),
        executor_(stream_.get_executor()),
        ctx_(context),
        peer_ip_(std::move(peer_ip)) {}
  ~Session() override {
    if (!slot_moved_) ctx_.tracker.Release(this);
  }

  // Takes `self` by value so that the coroutine frame keeps the session alive.
  static asio::awaitable<void> Run(std::shared_ptr<Session> self) { co_await self->Serve(); }

  void RequestClose(CloseMode mode) override {
    asio::post(executor_, [self = this->shared_from_this(), mode] {
      if (auto channel = self->channel_.lock()) {
        if (mode == CloseMode::kNow) {
          channel->Abort();
        } else {
          channel->GoingAway();
        }
        return;
      }
      if (mode == CloseMode::kNow || self->idle_) self->CloseSocket();
    });
  }

  const asio::any_io_executor& executor() const { return executor_; }

 private:
  beast::tcp_stream& Lowest() { return beast::get_lowest_layer(stream_); }

  void CloseSocket() {
    closed_ = true;
    Lowest().close();
  }

  asio::awaitable<void> Serve() {
    if (!ctx_.tracker.Register(this->shared_from_this())) co_return;
    idle_ = true;  // a silent or half-finished handshake is closable by Stop()
    Lowest().expires_after(ctx_.options.header_timeout);
    beast::error_code ec = co_await Transport::Handshake(stream_);
    idle_ = false;
    if (ec) {
      ctx_.logger.Debug("tls_handshake_failed", {{"peer_ip", peer_ip_}, {"error", ec.message()}});
      co_return;
    }
    Next next = Next::kKeepAlive;
    for (bool first = true; next == Next::kKeepAlive; first = false) {
      auto wait = first ? ctx_.options.header_timeout : ctx_.options.idle_timeout;
      if (!co_await AwaitRequestBytes(wait)) co_return;
      next = co_await ServeOne();
    }
    co_await Shutdown(next);
  }

  // Waits up to `timeout` for the first bytes of the next request, unless they are already
  // buffered (pipelining). Only here is the session "idle", i.e. closable by Stop().
  asio::awaitable<bool> AwaitRequestBytes(std::chrono::milliseconds timeout) {
    if (buffer_.size() > 0) co_return true;
    if (ctx_.tracker.stopping() || closed_) co_return false;
    idle_ = true;
    Lowest().expires_after(timeout);
    auto [ec, n] = co_await stream_.async_read_some(buffer_.prepare(kReadChunk), kAsTuple);
    idle_ = false;
    if (ec) co_return false;
    buffer_.commit(n);
    co_return true;
  }

  asio::awaitable<Next> ServeOne() {
    bhttp::request_parser<bhttp::string_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(ctx_.options.max_header_bytes));
    // No limit until the route is known (Beast's default would reject a large
    // Content-Length while parsing the head).
    parser.body_limit(std::numeric_limits<std::uint64_t>::max());
    Lowest().expires_after(ctx_.options.header_timeout);
    auto [ec, n] = co_await bhttp::async_read_header(stream_, buffer_, parser, kAsTuple);
    if (ec) co_return co_await OnReadError(ec, 0, 11);

    const unsigned version = parser.get().version();
    http::Request request;
    Result<void> converted = ConvertHead(parser.get(), ctx_, peer_ip_, Transport::kTls, request);
    if (!converted.ok()) {
      // A named argument: GCC 12 destroys a braced temporary in a co_await twice.
      ErrorAnswer answer{converted.error()};
      co_return co_await WriteError(std::move(answer), version);
    }
    if (WebSocketAcceptor* acceptor = ctx_.options.websocket_acceptor;
        acceptor != nullptr && websocket::is_upgrade(parser.get()) && acceptor->Wants(request)) {
      co_return co_await ServeWebSocket(*acceptor, parser.get(), request, version);
    }
    const size_t limit = ctx_.handler.MaxBodyBytes(request.method, request.path);
    if (auto length = parser.content_length(); length && *length > limit) {
      beast::error_code too_large = bhttp::error::body_limit;  // answered before reading it
      co_return co_await OnReadError(too_large, limit, version);
    }
    parser.body_limit(limit);
    if (!parser.is_done()) {
      if (!co_await ReadBody(parser, version)) co_return Next::kAbort;
      if (!parser.is_done()) co_return co_await OnReadError(body_error_, limit, version);
    }
    request.body = std::move(parser.get().body());
    request.keep_alive = parser.keep_alive();
    const bool head_only = parser.get().method() == bhttp::verb::head;
    http::Response response = CallHandler(ctx_, request);
    if (response.deferred) co_await AwaitDeferredBody(response);
    co_return co_await WriteResponse(std::move(response), version, head_only, request.keep_alive);
  }

  // Completes the upgrade and serves the WebSocket until it ends; the connection is then
  // done (it never returns to HTTP).
  asio::awaitable<Next> ServeWebSocket(WebSocketAcceptor& acceptor, const BeastRequest& head,
                                       const http::Request& request, unsigned version) {
    std::shared_ptr<WebSocketHandler> handler = acceptor.Open(request);
    if (handler == nullptr) {
      ErrorAnswer answer{InvalidArgument("WebSocket upgrade refused")};
      co_return co_await WriteError(std::move(answer), version);
    }
    if constexpr (!Transport::kTls) {
      co_return co_await ServeLeanWebSocket(std::move(handler), head, version);
    }
    auto channel = std::make_shared<WebSocketChannel<Stream>>(
        stream_, executor_, this->shared_from_this(), ctx_.options.max_ws_message_bytes,
        ctx_.options.max_ws_queue_bytes);
    Lowest().expires_never();  // the websocket stream runs its own timeouts
    auto [ec] = co_await channel->ws().async_accept(head, kAsTuple);
    if (ec) co_return Next::kAbort;
    channel_ = channel;
    if (ctx_.tracker.stopping()) channel->GoingAway();
    // The HTTP read buffer is never used again: an idle WebSocket should not keep its 16 KiB.
    buffer_.clear();
    buffer_.shrink_to_fit();
    co_await channel->ReadLoop(*handler);
    channel_.reset();
    closed_ = true;
    co_return Next::kAbort;
  }

  // Plain TCP: answers the handshake and hands the socket (and this session's tracker slot)
  // to the lean WebSocket layer; this session then ends.
  asio::awaitable<Next> ServeLeanWebSocket(std::shared_ptr<WebSocketHandler> handler,
                                           const BeastRequest& head, unsigned version) {
    const std::string_view key = head[bhttp::field::sec_websocket_key];
    if (head[bhttp::field::sec_websocket_version] != "13") {
      // RFC 6455 §4.4: 426 naming the version we speak.
      http::Response response = http::ErrorResponse(
          InvalidArgument("unsupported WebSocket version: Sec-WebSocket-Version 13 is required"));
      response.status = 426;
      response.headers.Set("Sec-WebSocket-Version", "13");
      Next next = co_await WriteResponse(std::move(response), version, false, false);
      co_return next == Next::kAbort ? Next::kAbort : Next::kLingerClose;
    }
    if (key.size() != 24) {
      ErrorAnswer answer{InvalidArgument("a WebSocket handshake needs a Sec-WebSocket-Key")};
      co_return co_await WriteError(std::move(answer), version);
    }
    const std::string response = WebSocketAcceptResponse(key);
    Lowest().expires_after(ctx_.options.body_timeout);
    auto [ec, n] = co_await asio::async_write(stream_, asio::buffer(response), kAsTuple);
    if (ec) co_return Next::kAbort;
    Lowest().expires_never();
    std::string early(static_cast<const char*>(buffer_.data().data()), buffer_.size());
    buffer_.clear();
    buffer_.shrink_to_fit();
    closed_ = true;
    // Takes this session's tracker slot once it exists (if it cannot be built, the slot
    // stays here and ~Session gives it back).
    StartLeanWebSocket(Lowest().release_socket(), std::move(handler), ctx_, this,
                       std::move(early));
    slot_moved_ = true;
    co_return Next::kAbort;
  }

  // Sends "100 Continue" when asked, then reads the body. False when the interim write
  // failed; a failed read leaves the parser unfinished and its error in body_error_.
  asio::awaitable<bool> ReadBody(bhttp::request_parser<bhttp::string_body>& parser,
                                 unsigned version) {
    Lowest().expires_after(ctx_.options.body_timeout);
    if (version == 11 && ExpectsContinue(parser.get())) {
      auto [ec, n] = co_await asio::async_write(stream_, asio::buffer(kContinue), kAsTuple);
      if (ec) co_return false;
    }
    std::tie(body_error_, std::ignore) =
        co_await bhttp::async_read(stream_, buffer_, parser, kAsTuple);
    co_return true;
  }

  asio::awaitable<Next> OnReadError(beast::error_code ec, size_t body_limit, unsigned version) {
    std::optional<ErrorAnswer> answer = AnswerForReadError(ec, body_limit);
    if (!answer) co_return Next::kAbort;
    co_return co_await WriteError(std::move(*answer), version);
  }

  // Answers with an error and closes (the request may not have been read completely).
  asio::awaitable<Next> WriteError(ErrorAnswer answer, unsigned version) {
    http::Response response = http::ErrorResponse(answer.error);
    if (answer.status != 0) response.status = answer.status;
    Next next = co_await WriteResponse(std::move(response), version, false, false);
    co_return next == Next::kAbort ? Next::kAbort : Next::kLingerClose;
  }

  // Waits on this connection's strand (no thread is held) until the body is ready or its
  // max_wait elapsed. The ready callback may fire on any thread: it posts to the strand.
  asio::awaitable<void> AwaitDeferredBody(http::Response& response) {
    struct Wake {
      explicit Wake(const asio::any_io_executor& ex) : timer(ex) {}
      asio::steady_timer timer;
      bool fired = false;  // touched only on the strand
    };
    auto wake = std::make_shared<Wake>(executor_);
    wake->timer.expires_after(response.deferred->max_wait());
    response.deferred->OnReady([wake, ex = executor_] {
      asio::post(ex, [wake] {
        wake->fired = true;
        wake->timer.cancel();
      });
    });
    if (!wake->fired) co_await wake->timer.async_wait(kAsTuple);
    response.body = response.deferred->TakeBody();
    response.deferred.reset();
  }

  asio::awaitable<Next> WriteResponse(http::Response response, unsigned version, bool head_only,
                                      bool keep_alive) {
    keep_alive = keep_alive && !ctx_.tracker.stopping();
    BeastResponse res = BuildResponse(std::move(response), version, &keep_alive, ctx_.logger);
    Lowest().expires_after(ctx_.options.body_timeout);
    beast::error_code ec;
    if (head_only) {
      bhttp::response_serializer<bhttp::string_body> serializer(res);
      std::tie(ec, std::ignore) = co_await bhttp::async_write_header(stream_, serializer, kAsTuple);
    } else {
      std::tie(ec, std::ignore) = co_await bhttp::async_write(stream_, res, kAsTuple);
    }
    if (ec) co_return Next::kAbort;
    co_return keep_alive ? Next::kKeepAlive : Next::kClose;
  }

  asio::awaitable<void> Shutdown(Next next) {
    if (closed_ || next == Next::kAbort) co_return;  // ~Stream closes the socket
    Lowest().expires_after(kLingerTimeout);
    bool drain = co_await Transport::ShutdownSend(stream_);
    if (!drain || next != Next::kLingerClose) co_return;
    buffer_.clear();
    for (size_t total = 0; total < kLingerMaxBytes && !closed_;) {
      auto [ec, n] = co_await stream_.async_read_some(buffer_.prepare(kReadChunk), kAsTuple);
      if (ec) break;
      total += n;
    }
  }

  Stream stream_;
  const asio::any_io_executor executor_;  // a strand; everything below runs on it
  const SessionContext& ctx_;
  const std::string peer_ip_;
  beast::flat_buffer buffer_;
  beast::error_code body_error_;  // of the last body read
  bool idle_ = false;             // waiting for a request's first byte (or the TLS handshake)
  bool closed_ = false;           // CloseSocket() ran
  bool slot_moved_ = false;       // the tracker slot went to a LeanWebSocket
  // The WebSocket this connection was upgraded to, while it runs (weak: the channel owns
  // this session, not the reverse).
  std::weak_ptr<WebSocketChannel<Stream>> channel_;
};

// Builds the session around `make_stream()` and starts its coroutine. Owns the tracker slot
// until the session exists, whose destructor then gives it back.
template <class Transport, class MakeStream>
void Start(MakeStream make_stream, const SessionContext& context, std::string peer_ip) {
  std::shared_ptr<Session<Transport>> session;
  try {
    session = std::make_shared<Session<Transport>>(make_stream(), context, std::move(peer_ip));
  } catch (const std::exception& e) {
    context.logger.Error("session_start_failed", {{"error", e.what()}});
    context.tracker.Release(nullptr);
    return;
  }
  asio::any_io_executor executor = session->executor();
  obs::Logger& logger = context.logger;
  asio::co_spawn(executor, Session<Transport>::Run(std::move(session)),
                 [&logger](std::exception_ptr e) { LogSessionException(logger, e); });
}

}  // namespace syntera::net::session
