// Session over plain TCP (see session_impl.h).

#include "net/session_impl.h"

namespace syntera::net {
namespace {

struct PlainTransport {
  using Stream = boost::beast::tcp_stream;
  static constexpr bool kTls = false;

  static boost::asio::awaitable<boost::beast::error_code> Handshake(Stream&) {
    co_return boost::beast::error_code();
  }

  static boost::asio::awaitable<bool> ShutdownSend(Stream& stream) {
    boost::beast::error_code ec;
    stream.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_send, ec);
    co_return !ec;
  }
};

}  // namespace

void SpawnPlainSession(boost::asio::ip::tcp::socket socket, const SessionContext& context) {
  std::string peer_ip = session::PeerIp(socket);
  session::Start<PlainTransport>([&] { return PlainTransport::Stream(std::move(socket)); }, context,
                                 std::move(peer_ip));
}

}  // namespace syntera::net
