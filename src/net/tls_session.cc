// Session over TLS (see session_impl.h). The TLS versions are fixed by the server's
// ssl::context (1.2 and 1.3 only); this file only drives the handshake and close_notify.

#include <boost/asio/ssl/context.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include "net/session_impl.h"

namespace syntera::net {
namespace {

struct TlsTransport {
  using Stream = boost::beast::ssl_stream<boost::beast::tcp_stream>;
  static constexpr bool kTls = true;

  static boost::asio::awaitable<boost::beast::error_code> Handshake(Stream& stream) {
    auto [ec] =
        co_await stream.async_handshake(boost::asio::ssl::stream_base::server, session::kAsTuple);
    co_return ec;
  }

  // Sends close_notify and waits for the peer's (bounded by the caller's expiry); there is
  // nothing left to drain afterwards.
  static boost::asio::awaitable<bool> ShutdownSend(Stream& stream) {
    co_await stream.async_shutdown(session::kAsTuple);
    co_return false;
  }
};

}  // namespace

void SpawnTlsSession(boost::asio::ip::tcp::socket socket, const SessionContext& context,
                     boost::asio::ssl::context& tls) {
  std::string peer_ip = session::PeerIp(socket);
  session::Start<TlsTransport>([&] { return TlsTransport::Stream(std::move(socket), tls); },
                               context, std::move(peer_ip));
}

}  // namespace syntera::net
