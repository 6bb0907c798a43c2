#include "net/lean_websocket.h"

#include <sys/socket.h>
#include <sys/uio.h>

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cerrno>
#include <chrono>
#include <mutex>
#include <utility>

#include "net/ws_frame.h"

namespace syntera::net {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

// How long a closing handshake we started may take (queued data included), as Beast's
// suggested server timeout; and how long we linger after answering a close or failing.
constexpr std::chrono::seconds kClosingHandshakeTimeout{30};
constexpr std::chrono::seconds kLingerTimeout{5};
constexpr size_t kReadBufferBytes = 64 * 1024;
constexpr int kReadsPerWakeup = 8;  // then yield to other connections
constexpr size_t kCompactBytes = 64 * 1024;

// One buffer per I/O thread: what a connection reads is parsed before the next read.
char* ThreadReadBuffer() {
  thread_local std::unique_ptr<char[]> buffer(new char[kReadBufferBytes]);
  return buffer.get();
}

bool WouldBlock(int error) { return error == EAGAIN || error == EWOULDBLOCK; }

class LeanWebSocket final : public WebSocketConnection,
                            public Connection,
                            public ws::ReaderSink,
                            public std::enable_shared_from_this<LeanWebSocket> {
 public:
  LeanWebSocket(tcp::socket socket, std::shared_ptr<WebSocketHandler> handler,
                const SessionContext& context)
      : socket_(std::move(socket)),
        fd_(socket_.native_handle()),
        handler_(std::move(handler)),
        ctx_(context),
        reader_(context.options.max_ws_message_bytes) {}
  ~LeanWebSocket() override { ctx_.tracker.Release(this); }

  // On the strand.
  void Start(std::string early) {
    boost::system::error_code ec;
    socket_.non_blocking(true, ec);
    if (!CallHandler([&] { handler_->OnOpen(shared_from_this()); })) return Finish();
    if (!early.empty()) {
      if (!Consume(early.data(), early.size())) return Finish();
    }
    WaitReadable();
  }

  void Send(std::string payload, bool binary) override { SendView(payload, binary); }
  void SendView(std::string_view payload, bool binary) override {
    Write(binary ? ws::kBinary : ws::kText, payload);
  }
  void Close() override { StartClose(ws::kNormal); }
  void RequestClose(CloseMode mode) override {
    if (mode == CloseMode::kNow) {
      Abort();
    } else {
      StartClose(ws::kGoingAway);
    }
  }

 private:
  // ReaderSink: on the strand, from Consume().
  void OnWsMessage(std::string payload, bool binary) override {
    if (handler_) handler_->OnMessage(std::move(payload), binary);
  }
  void OnWsPing(std::string_view payload) override { Write(ws::kPong, payload); }
  void OnWsClose(uint16_t code) override {
    // The peer started the closing handshake: answer with the same code (none when it sent
    // none) and close once that is written — or at once when our close frame went out
    // earlier (then this was its answer and the handshake is complete). One lock for the
    // check and the answer: a Close() from another thread cannot slip in between.
    {
      std::lock_guard lock(mu_);
      if (!open_) return;
      if (close_sent_) return CloseSocketLocked();
      WriteLocked(ws::kClose, code == 1005 ? std::string() : ws::ClosePayload(code),
                  AfterWrite::kClose);
    }
    ArmCloseTimer(kLingerTimeout);  // a peer that stops reading cannot hold us
  }

  // On the strand, after a protocol error: a close frame with `code`, then our sending
  // direction ends (FIN) and what the peer still sends is read and dropped until it closes
  // too (closing with unread input would reset the connection and could destroy the close
  // frame in flight), for at most kLingerTimeout.
  // For the application the connection has ended at once.
  void FailWith(uint16_t code) {
    Write(ws::kClose, ws::ClosePayload(code), AfterWrite::kShutdown);
    ArmCloseTimer(kLingerTimeout);
    NotifyClosed();
  }

  // --- writing (any thread) ---------------------------------------------------------------

  // What happens once a close frame has been written.
  enum class AfterWrite {
    kWaitForPeer,  // our close: wait for the peer's close frame (or the close timer)
    kShutdown,     // a protocol error: send FIN, read until the peer closes
    kClose,        // we answered the peer's close: the handshake is complete
  };

  // Frames `payload` and writes it now if nothing is queued, else queues it. `after` applies
  // to a close frame.
  void Write(ws::Opcode opcode, std::string_view payload,
             AfterWrite after = AfterWrite::kWaitForPeer) {
    std::lock_guard lock(mu_);
    WriteLocked(opcode, payload, after);
  }

  void WriteLocked(ws::Opcode opcode, std::string_view payload, AfterWrite after) {
    // Nothing goes after a close frame, nor after a frame was dropped (the peer must never
    // see a later frame without an earlier one).
    if (!open_ || close_sent_ || failed_) return;
    char header[ws::kMaxHeaderBytes];
    const size_t header_size = ws::EncodeHeader(opcode, payload.size(), header);
    if (opcode == ws::kClose) {
      close_sent_ = true;
      after_close_ = after;
    }
    const size_t total = header_size + payload.size();
    size_t written = 0;
    if (Pending() == 0) {
      iovec iov[2] = {{header, header_size},
                      {const_cast<char*>(payload.data()), payload.size()}};
      msghdr message{};
      message.msg_iov = iov;
      message.msg_iovlen = payload.empty() ? 1 : 2;
      ssize_t n;
      do {
        n = ::sendmsg(fd_, &message, MSG_NOSIGNAL | MSG_DONTWAIT);
      } while (n < 0 && errno == EINTR);
      if (n < 0 && !WouldBlock(errno)) {
        FailLocked();
        return;
      }
      written = n < 0 ? 0 : static_cast<size_t>(n);
      if (written == total) {
        if (close_sent_) AfterCloseWrittenLocked(/*on_strand=*/false);
        return;
      }
    }
    if (Pending() + (total - written) > ctx_.options.max_ws_queue_bytes) {
      FailLocked();  // a slow peer: never buffer without bound
      return;
    }
    if (written < header_size) {
      out_.append(header + written, header_size - written);
      out_.append(payload);
    } else {
      out_.append(payload.substr(written - header_size));
    }
    ArmWriteWaitLocked();
  }

  size_t Pending() const { return out_.size() - out_pos_; }

  // The connection cannot deliver everything in order any more: write nothing else, end it.
  void FailLocked() {
    failed_ = true;
    std::string().swap(out_);
    out_pos_ = 0;
    PostCloseSocketLocked();
  }

  // Our close frame is fully written.
  void AfterCloseWrittenLocked(bool on_strand) {
    if (after_close_ == AfterWrite::kShutdown) {
      ::shutdown(fd_, SHUT_WR);  // leaves the descriptor valid: safe off the strand
    } else if (after_close_ == AfterWrite::kClose) {
      if (on_strand) {
        CloseSocketLocked();
      } else {
        PostCloseSocketLocked();
      }
    }
  }

  void ArmWriteWaitLocked() {
    if (write_waiting_) return;
    write_waiting_ = true;
    asio::post(socket_.get_executor(), [self = shared_from_this()] {
      self->socket_.async_wait(tcp::socket::wait_write,
                               [self](const boost::system::error_code& ec) { self->OnWritable(ec); });
    });
  }

  // On the strand.
  void OnWritable(const boost::system::error_code& ec) {
    std::lock_guard lock(mu_);
    write_waiting_ = false;
    if (ec || !open_ || failed_) return;
    while (Pending() > 0) {
      const ssize_t n = ::send(fd_, out_.data() + out_pos_, Pending(), MSG_NOSIGNAL | MSG_DONTWAIT);
      if (n > 0) {
        out_pos_ += static_cast<size_t>(n);
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && WouldBlock(errno)) break;
      CloseSocketLocked();  // the peer is gone; the read side notices and finishes
      return;
    }
    if (Pending() == 0) {
      std::string().swap(out_);
      out_pos_ = 0;
      if (close_sent_) AfterCloseWrittenLocked(/*on_strand=*/true);
      return;
    }
    if (out_pos_ >= kCompactBytes && out_pos_ >= Pending()) {  // amortised: linear overall
      out_.erase(0, out_pos_);
      out_pos_ = 0;
    }
    write_waiting_ = true;
    socket_.async_wait(tcp::socket::wait_write,
                       [self = shared_from_this()](const boost::system::error_code& e) {
                         self->OnWritable(e);
                       });
  }

  // --- closing ----------------------------------------------------------------------------

  // Sends a close frame; the peer's answer (or a timeout) ends the connection.
  void StartClose(uint16_t code) {
    Write(ws::kClose, ws::ClosePayload(code));
    asio::post(socket_.get_executor(),
               [self = shared_from_this()] { self->ArmCloseTimer(kClosingHandshakeTimeout); });
  }

  // On the strand. The first timer armed wins.
  void ArmCloseTimer(std::chrono::seconds timeout) {
    if (!open_ || close_timer_) return;
    close_timer_ = std::make_unique<asio::steady_timer>(socket_.get_executor(), timeout);
    close_timer_->async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
      if (!ec) self->CloseSocket();
    });
  }

  void Abort() {
    asio::post(socket_.get_executor(), [self = shared_from_this()] { self->CloseSocket(); });
  }
  void PostCloseSocketLocked() {
    asio::post(socket_.get_executor(), [self = shared_from_this()] { self->CloseSocket(); });
  }

  // On the strand only: the descriptor is closed where it is read, so a read never meets a
  // closed (or reused) descriptor; under mu_ so that no sendmsg races with the close.
  void CloseSocket() {
    std::lock_guard lock(mu_);
    CloseSocketLocked();
  }
  void CloseSocketLocked() {
    if (!open_) return;
    open_ = false;
    boost::system::error_code ec;
    socket_.close(ec);  // completes the pending waits with operation_aborted
    std::string().swap(out_);
    out_pos_ = 0;
  }

  // --- reading (the strand) ---------------------------------------------------------------

  void WaitReadable() {
    socket_.async_wait(tcp::socket::wait_read,
                       [self = shared_from_this()](const boost::system::error_code& ec) {
                         self->OnReadable(ec);
                       });
  }

  void OnReadable(const boost::system::error_code& ec) {
    if (ec || !open_) return Finish();
    char* buffer = ThreadReadBuffer();
    for (int round = 0; round < kReadsPerWakeup; ++round) {
      const ssize_t n = ::recv(fd_, buffer, kReadBufferBytes, MSG_DONTWAIT);
      if (n > 0) {
        if (!Consume(buffer, static_cast<size_t>(n))) return Finish();
        if (static_cast<size_t>(n) < kReadBufferBytes) break;  // drained (a wait re-checks)
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && WouldBlock(errno)) break;
      CloseSocket();  // EOF or error
      return Finish();
    }
    WaitReadable();
  }

  // Feeds bytes to the reader. False when the connection is closed.
  bool Consume(char* data, size_t size) {
    uint16_t error = 0;
    if (!CallHandler([&] { error = reader_.Feed(data, size, *this); })) return false;
    if (error != 0) FailWith(error);
    return open_;
  }

  // Runs `call` (which calls into the application); an escaping exception is logged and
  // ends the connection (false) instead of leaving it without a pending read.
  template <class F>
  bool CallHandler(F&& call) {
    try {
      call();
      return true;
    } catch (const std::exception& e) {
      ctx_.logger.Error("websocket_handler_exception", {{"error", e.what()}});
    } catch (...) {
      ctx_.logger.Error("websocket_handler_exception", {{"error", "unknown"}});
    }
    CloseSocket();
    return false;
  }

  // The read side is done: tell the application (once), and let go of everything.
  void Finish() {
    CloseSocket();
    if (close_timer_) close_timer_->cancel();
    NotifyClosed();
  }
  void NotifyClosed() {
    if (auto handler = std::move(handler_)) CallHandler([&] { handler->OnClose(); });
  }

  tcp::socket socket_;  // its executor is the connection's strand
  const int fd_;
  std::shared_ptr<WebSocketHandler> handler_;  // strand; reset by Finish()
  const SessionContext& ctx_;
  ws::Reader reader_;                                // strand
  std::unique_ptr<asio::steady_timer> close_timer_;  // strand; only while closing

  std::mutex mu_;
  bool open_ = true;  // written under mu_ on the strand; the strand reads it without mu_
  bool close_sent_ = false;
  AfterWrite after_close_ = AfterWrite::kWaitForPeer;
  bool write_waiting_ = false;
  bool failed_ = false;  // a frame was dropped (slow peer, send error): nothing more is written
  std::string out_;  // queued bytes, written from out_pos_ on
  size_t out_pos_ = 0;
};

}  // namespace

std::string WebSocketAcceptResponse(std::string_view client_key) {
  std::string response =
      "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
      "Sec-WebSocket-Accept: ";
  response.append(ws::AcceptKey(client_key)).append("\r\n\r\n");
  return response;
}

void StartLeanWebSocket(tcp::socket socket, std::shared_ptr<WebSocketHandler> handler,
                        const SessionContext& context, Connection* replacing, std::string early) {
  auto connection = std::make_shared<LeanWebSocket>(std::move(socket), std::move(handler), context);
  context.tracker.Replace(replacing, connection);
  if (context.tracker.stopping()) connection->RequestClose(CloseMode::kIfIdle);
  connection->Start(std::move(early));
}

}  // namespace syntera::net
