#include "net/server.h"

#include <openssl/ssl.h>

#include <algorithm>
#include <atomic>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <cstdint>
#include <exception>
#include <limits>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "net/client_ip.h"
#include "net/connection_tracker.h"
#include "net/session.h"
#include "obs/logger.h"

namespace syntera::net {
namespace {

namespace asio = boost::asio;
using boost::system::error_code;

constexpr auto kAsTuple = asio::as_tuple(asio::use_awaitable);
// Pause after a failed accept (e.g. out of file descriptors) so the loop does not spin.
constexpr std::chrono::milliseconds kAcceptBackoff{100};

int ThreadCount(int requested) {
  if (requested > 0) return requested;
  return std::max(2, static_cast<int>(std::thread::hardware_concurrency()));
}

Result<void> ValidateOptions(const ServerOptions& o) {
  if (o.threads < 0) return InvalidArgument("threads must be >= 0");
  if (o.max_header_bytes == 0 || o.max_header_bytes > std::numeric_limits<uint32_t>::max()) {
    return InvalidArgument("max_header_bytes must be between 1 and 2^32-1");
  }
  if (o.max_connections == 0) return InvalidArgument("max_connections must be > 0");
  if (o.max_ws_message_bytes == 0 || o.max_ws_queue_bytes == 0) {
    return InvalidArgument("max_ws_message_bytes and max_ws_queue_bytes must be > 0");
  }
  for (auto t : {o.header_timeout, o.body_timeout, o.idle_timeout}) {
    if (t.count() <= 0) return InvalidArgument("header, body and idle timeouts must be > 0");
  }
  if (o.drain_timeout.count() < 0) return InvalidArgument("drain_timeout must be >= 0");
  if (o.tls_cert_file.empty() != o.tls_key_file.empty()) {
    return InvalidArgument("TLS needs both tls_cert_file and tls_key_file");
  }
  return Ok();
}

// A server context that accepts TLS 1.2 and 1.3 only, with the given PEM cert chain and key.
Result<asio::ssl::context> MakeTlsContext(const std::string& cert_file,
                                          const std::string& key_file) {
  asio::ssl::context tls(asio::ssl::context::tls_server);
  error_code ec;
  tls.set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                      asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                      asio::ssl::context::no_tlsv1_1 | asio::ssl::context::single_dh_use,
                  ec);
  if (ec || SSL_CTX_set_min_proto_version(tls.native_handle(), TLS1_2_VERSION) != 1) {
    return Internal("cannot restrict TLS versions: " + ec.message());
  }
  SSL_CTX_set_options(tls.native_handle(), SSL_OP_NO_RENEGOTIATION);
  tls.use_certificate_chain_file(cert_file, ec);
  if (ec) {
    return InvalidArgument("cannot load TLS certificate chain '" + cert_file +
                           "': " + ec.message());
  }
  tls.use_private_key_file(key_file, asio::ssl::context::pem, ec);
  if (ec) return InvalidArgument("cannot load TLS private key '" + key_file + "': " + ec.message());
  if (SSL_CTX_check_private_key(tls.native_handle()) != 1) {
    return InvalidArgument("TLS private key '" + key_file + "' does not match certificate '" +
                           cert_file + "'");
  }
  return tls;
}

void LogIfFailed(obs::Logger& logger, std::string_view what, std::exception_ptr e) {
  if (!e) return;
  try {
    std::rethrow_exception(e);
  } catch (const std::exception& x) {
    logger.Error("net_task_failed", {{"task", what}, {"error", x.what()}});
  } catch (...) {
    logger.Error("net_task_failed", {{"task", what}, {"error", "unknown exception type"}});
  }
}

}  // namespace

class Server::Impl {
 public:
  Impl(ServerOptions options, http::Handler& handler, obs::Logger& logger,
       obs::MetricsRegistry& metrics)
      : options_(std::move(options)),
        logger_(logger),
        tracker_(options_.max_connections, metrics),
        context_{options_, handler, logger_, trusted_proxies_, tracker_},
        thread_count_(ThreadCount(options_.threads)),
        ioc_(thread_count_) {}

  ~Impl() {
    Stop();
    Wait();
  }

  Result<void> Start() {
    std::lock_guard lock(mu_);
    if (state_ != State::kNew) return FailedPrecondition("server already started or stopped");
    SYN_RETURN_IF_ERROR(ValidateOptions(options_));
    SYN_ASSIGN_OR_RETURN(trusted_proxies_, TrustedProxies::Parse(options_.trusted_proxies));
    if (!options_.tls_cert_file.empty()) {
      SYN_ASSIGN_OR_RETURN(asio::ssl::context tls,
                           MakeTlsContext(options_.tls_cert_file, options_.tls_key_file));
      tls_.emplace(std::move(tls));
    }
    SYN_RETURN_IF_ERROR(Listen());
    asio::co_spawn(control_, Accept(),
                   [this](std::exception_ptr e) { LogIfFailed(logger_, "accept", e); });
    for (int i = 0; i < thread_count_; ++i) threads_.emplace_back([this] { RunThread(); });
    state_ = State::kRunning;
    logger_.Info("http_server_listening", {{"host", options_.host},
                                           {"port", static_cast<int>(port())},
                                           {"tls", tls_.has_value()},
                                           {"threads", thread_count_}});
    return Ok();
  }

  uint16_t port() const { return port_.load(std::memory_order_acquire); }

  void Stop() {
    {
      std::lock_guard lock(mu_);
      if (state_ == State::kNew) state_ = State::kStopped;
      if (state_ != State::kRunning) return;
      state_ = State::kStopping;
    }
    logger_.Info("http_server_stopping", {{"open_connections", tracker_.open()}});
    asio::post(control_, [this] {
      error_code ec;
      acceptor_.close(ec);
    });
    tracker_.BeginStop([this] { asio::post(control_, [this] { drain_timer_.cancel(); }); });
    asio::co_spawn(control_, Drain(),
                   [this](std::exception_ptr e) { LogIfFailed(logger_, "drain", e); });
  }

  void Wait() {
    {
      std::lock_guard lock(mu_);
      if (state_ == State::kNew) return;
    }
    std::lock_guard lock(wait_mu_);
    for (std::thread& t : threads_) {
      if (t.joinable()) t.join();
    }
  }

 private:
  enum class State { kNew, kRunning, kStopping, kStopped };

  Result<void> Listen() {
    error_code ec;
    asio::ip::tcp::endpoint endpoint(asio::ip::make_address(options_.host, ec), options_.port);
    if (ec) {
      asio::ip::tcp::resolver resolver(ioc_);
      auto results = resolver.resolve(options_.host, std::to_string(options_.port), ec);
      if (ec || results.empty()) {
        return InvalidArgument("cannot resolve listen host '" + options_.host +
                               "': " + ec.message());
      }
      endpoint = results.begin()->endpoint();
    }
    const std::string where = options_.host + ":" + std::to_string(options_.port);
    acceptor_.open(endpoint.protocol(), ec);
    if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_.bind(endpoint, ec);
    if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
      error_code ignored;
      acceptor_.close(ignored);
      return Unavailable("cannot listen on " + where + ": " + ec.message());
    }
    port_.store(acceptor_.local_endpoint(ec).port(), std::memory_order_release);
    return Ok();
  }

  // Runs on control_. Each accepted socket gets its own strand and session.
  asio::awaitable<void> Accept() {
    while (acceptor_.is_open()) {
      asio::any_io_executor strand = asio::make_strand(ioc_);
      auto [ec, socket] = co_await acceptor_.async_accept(strand, kAsTuple);
      if (ec) {
        if (ec == asio::error::operation_aborted || !acceptor_.is_open()) break;
        logger_.Warn("http_accept_failed", {{"error", ec.message()}});
        asio::steady_timer backoff(control_, kAcceptBackoff);
        co_await backoff.async_wait(kAsTuple);
        continue;
      }
      if (!tracker_.TryAcquire()) {
        socket.close(ec);
        continue;
      }
      // Small frames and responses go out at once (Nagle would hold them behind an ACK).
      socket.set_option(asio::ip::tcp::no_delay(true), ec);
      if (tls_) {
        SpawnTlsSession(std::move(socket), context_, *tls_);
      } else {
        SpawnPlainSession(std::move(socket), context_);
      }
    }
  }

  // Runs on control_ after Stop(): waits for the connections to finish on their own, up to
  // drain_timeout (the tracker's drained callback cancels the timer), then closes the rest.
  asio::awaitable<void> Drain() {
    if (tracker_.open() > 0) {
      drain_timer_.expires_after(options_.drain_timeout);
      co_await drain_timer_.async_wait(kAsTuple);
    }
    if (size_t open = tracker_.open(); open > 0) {
      logger_.Warn("http_drain_timeout", {{"open_connections", open}});
      tracker_.CloseAll();
    }
  }

  void RunThread() {
    for (;;) {
      try {
        ioc_.run();
        return;
      } catch (const std::exception& e) {
        logger_.Error("io_thread_exception", {{"error", e.what()}});
      }
    }
  }

  const ServerOptions options_;
  obs::Logger& logger_;
  TrustedProxies trusted_proxies_;  // set by Start() before any session exists
  ConnectionTracker tracker_;
  const SessionContext context_;
  const int thread_count_;
  std::optional<asio::ssl::context> tls_;  // set by Start(); outlives the sessions using it
  // Declared after everything the sessions reference, so that it is destroyed before them.
  asio::io_context ioc_;
  asio::strand<asio::io_context::executor_type> control_{asio::make_strand(ioc_)};
  asio::ip::tcp::acceptor acceptor_{control_};  // used only on control_ after Start()
  asio::steady_timer drain_timer_{control_};    // used only on control_
  std::atomic<uint16_t> port_{0};
  std::mutex mu_;                     // guards state_; held by Start() throughout
  State state_ = State::kNew;         // guarded by mu_
  std::vector<std::thread> threads_;  // written by Start() under mu_, then only joined
  std::mutex wait_mu_;                // serialises joins in Wait()
};

Server::Server(ServerOptions options, http::Handler& handler, obs::Logger& logger,
               obs::MetricsRegistry& metrics)
    : impl_(std::make_unique<Impl>(std::move(options), handler, logger, metrics)) {}

Server::~Server() = default;

Result<void> Server::Start() { return impl_->Start(); }
uint16_t Server::port() const { return impl_->port(); }
void Server::Stop() { impl_->Stop(); }
void Server::Wait() { impl_->Wait(); }

}  // namespace syntera::net
