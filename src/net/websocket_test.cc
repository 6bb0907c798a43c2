// WebSocket upgrades through net::Server, driven by a Beast WebSocket client.

#include <gtest/gtest.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <chrono>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "net/server.h"
#include "net/test_support.h"
#include "net/websocket.h"

namespace syntera::net {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = boost::beast::websocket;
using testing::TestServer;

// Echoes every message back with the same opcode; "close" makes the server close.
class EchoHandler final : public WebSocketHandler {
 public:
  void OnOpen(std::shared_ptr<WebSocketConnection> connection) override {
    connection_ = std::move(connection);
    connection_->Send("hello", false);
  }
  void OnMessage(std::string payload, bool binary) override {
    if (payload == "close") {
      connection_->Close();
      return;
    }
    if (payload == "flood") {
      for (int i = 0; i < 1000; ++i) connection_->Send(std::string(64 * 1024, 'x'), true);
      return;
    }
    connection_->Send(std::move(payload), binary);
  }
  void OnClose() override {
    connection_.reset();
    closed_.set_value();
  }
  std::future<void> closed() { return closed_.get_future(); }

 private:
  std::shared_ptr<WebSocketConnection> connection_;
  std::promise<void> closed_;
};

class EchoAcceptor final : public WebSocketAcceptor {
 public:
  bool Wants(const http::Request& head) override { return head.path == "/ws" || head.path == "/refuse"; }
  std::shared_ptr<WebSocketHandler> Open(const http::Request& head) override {
    if (head.path == "/refuse") return nullptr;
    std::lock_guard lock(mu_);
    handlers_.push_back(std::make_shared<EchoHandler>());
    return handlers_.back();
  }
  std::shared_ptr<EchoHandler> last() {
    std::lock_guard lock(mu_);
    return handlers_.back();
  }

 private:
  std::mutex mu_;
  std::vector<std::shared_ptr<EchoHandler>> handlers_;  // guarded by mu_
};

struct WsClient {
  asio::io_context ioc;
  websocket::stream<asio::ip::tcp::socket> ws{ioc};

  beast::error_code Connect(uint16_t port, const std::string& path) {
    asio::ip::tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), port);
    beast::error_code ec;
    ws.next_layer().connect(endpoint, ec);
    if (!ec) ws.handshake("127.0.0.1", path, ec);
    return ec;
  }
  std::string Read(bool* binary = nullptr) {
    beast::flat_buffer buffer;
    ws.read(buffer);
    if (binary) *binary = ws.got_binary();
    return beast::buffers_to_string(buffer.data());
  }
};

ServerOptions WsOptions(EchoAcceptor& acceptor) {
  ServerOptions options = TestServer::DefaultOptions();
  options.websocket_acceptor = &acceptor;
  options.max_ws_message_bytes = 1024;
  options.max_ws_queue_bytes = 1 << 20;
  return options;
}

// A server with the echo acceptor on /ws.
class WebSocketTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(server_.Start().ok()); }
  // Connects `client` to /ws and reads the greeting.
  void Connect(WsClient& client) {
    ASSERT_FALSE(client.Connect(server_.port(), "/ws"));
    ASSERT_EQ(client.Read(), "hello");
  }

  EchoAcceptor acceptor_;
  TestServer server_{WsOptions(acceptor_)};
};

TEST_F(WebSocketTest, EchoesTextAndBinaryAndClosesCleanly) {
  WsClient client;
  Connect(client);
  client.ws.text(true);
  client.ws.write(asio::buffer(std::string("ping")));
  bool binary = true;
  EXPECT_EQ(client.Read(&binary), "ping");
  EXPECT_FALSE(binary);
  client.ws.binary(true);
  client.ws.write(asio::buffer(std::string("\x01\x02", 2)));
  EXPECT_EQ(client.Read(&binary), std::string("\x01\x02", 2));
  EXPECT_TRUE(binary);
  std::future<void> closed = acceptor_.last()->closed();
  client.ws.close(websocket::close_code::normal);
  EXPECT_EQ(closed.wait_for(std::chrono::seconds(5)), std::future_status::ready);
}

TEST_F(WebSocketTest, ServerCloseSendsCloseFrame) {
  WsClient client;
  Connect(client);
  client.ws.text(true);
  client.ws.write(asio::buffer(std::string("close")));
  beast::flat_buffer buffer;
  beast::error_code ec;
  client.ws.read(buffer, ec);
  EXPECT_EQ(ec, websocket::error::closed);
  EXPECT_EQ(client.ws.reason().code, websocket::close_code::normal);
}

TEST_F(WebSocketTest, OversizedMessageEndsTheConnection) {
  WsClient client;
  Connect(client);
  std::future<void> closed = acceptor_.last()->closed();
  client.ws.write(asio::buffer(std::string(4096, 'a')));
  EXPECT_EQ(closed.wait_for(std::chrono::seconds(5)), std::future_status::ready);
  beast::flat_buffer buffer;
  beast::error_code ec;
  client.ws.read(buffer, ec);  // a 1009 close frame, not a reset: the rest was drained
  EXPECT_EQ(ec, websocket::error::closed);
  EXPECT_EQ(client.ws.reason().code, websocket::close_code::too_big);
}

TEST_F(WebSocketTest, SlowReaderIsDisconnectedNotBuffered) {
  WsClient client;
  Connect(client);
  std::future<void> closed = acceptor_.last()->closed();
  client.ws.write(asio::buffer(std::string("flood")));  // ~64 MB against a 1 MB queue
  EXPECT_EQ(closed.wait_for(std::chrono::seconds(10)), std::future_status::ready);
}

TEST_F(WebSocketTest, RefusedUpgradeIs400AndPlainRequestsStillWork) {
  WsClient client;
  beast::error_code ec = client.Connect(server_.port(), "/refuse");
  EXPECT_EQ(ec, websocket::error::upgrade_declined);
  testing::Client http(server_.port());
  ASSERT_TRUE(http.Send(testing::Get("/ws")));
  auto response = http.ReadResponse();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 200);  // not an upgrade: the Handler answers
}

TEST_F(WebSocketTest, StopSendsGoingAway) {
  WsClient client;
  Connect(client);
  server_.server.Stop();
  beast::flat_buffer buffer;
  beast::error_code ec;
  client.ws.read(buffer, ec);
  EXPECT_EQ(ec, websocket::error::closed);
  EXPECT_EQ(client.ws.reason().code, websocket::close_code::going_away);
  server_.server.Wait();
}

TEST_F(WebSocketTest, PingsAreAnsweredAndFragmentsAssembled) {
  WsClient client;
  Connect(client);
  bool ponged = false;
  client.ws.control_callback([&](websocket::frame_type kind, beast::string_view payload) {
    if (kind == websocket::frame_type::pong && payload == "p1") ponged = true;
  });
  client.ws.ping("p1");
  // One 900-byte message sent as 9 fragments of 100 bytes.
  client.ws.auto_fragment(true);
  client.ws.write_buffer_bytes(100);
  client.ws.text(true);
  const std::string message(900, 'f');
  client.ws.write(asio::buffer(message));
  EXPECT_EQ(client.Read(), message);
  EXPECT_TRUE(ponged);
}

TEST_F(WebSocketTest, InvalidUtf8TextClosesWith1007) {
  WsClient client;
  Connect(client);
  client.ws.text(true);
  client.ws.write(asio::buffer(std::string("\xC3\x28")));
  beast::flat_buffer buffer;
  beast::error_code ec;
  client.ws.read(buffer, ec);
  EXPECT_EQ(ec, websocket::error::closed);
  EXPECT_EQ(client.ws.reason().code, 1007);
}

// A masked client frame carrying `text` (mask 1 2 3 4).
std::string MaskedText(const std::string& text) {
  std::string frame = {static_cast<char>(0x81), static_cast<char>(0x80 | text.size()), 1, 2, 3, 4};
  for (size_t i = 0; i < text.size(); ++i) frame.push_back(static_cast<char>(text[i] ^ (i % 4 + 1)));
  return frame;
}

std::string UpgradeRequest(const std::string& version) {
  return "GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
         "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: " +
         version + "\r\n\r\n";
}

TEST_F(WebSocketTest, FramesSentWithTheHandshakeAreRead) {
  testing::Client raw(server_.port());
  // The handshake and a first frame in one write: the frame must not be lost.
  ASSERT_TRUE(raw.Send(UpgradeRequest("13") + MaskedText("early")));
  auto response = raw.ReadResponse(false, /*return_interim=*/true);
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 101);
  EXPECT_EQ(response->Header("sec-websocket-accept"), "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
  std::string rest;
  raw.Send(std::string("\x88\x82\x01\x02\x03\x04", 6) + "\x02\xea");  // close 1000 (masked)
  raw.ReadUntilClosed(&rest);
  // "hello", then the echo of "early", then the answer to our close frame.
  EXPECT_NE(rest.find("\x81\x05hello"), std::string::npos);
  EXPECT_NE(rest.find("\x81\x05" "early"), std::string::npos);
  EXPECT_NE(rest.find("\x88\x02\x03\xe8"), std::string::npos);
}

TEST_F(WebSocketTest, UnsupportedVersionIsRefusedWith426NamingVersion13) {
  testing::Client raw(server_.port());
  ASSERT_TRUE(raw.Send(UpgradeRequest("8")));
  auto response = raw.ReadResponse();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 426);
  EXPECT_EQ(response->Header("sec-websocket-version"), "13");
}

TEST(WebSocketTlsTest, TlsConnectionsEchoToo) {
  EchoAcceptor acceptor;
  testing::SelfSignedCert cert;
  ServerOptions options = WsOptions(acceptor);
  options.tls_cert_file = cert.cert_file();
  options.tls_key_file = cert.key_file();
  TestServer server(options);
  ASSERT_TRUE(server.Start().ok());
  asio::io_context ioc;
  asio::ssl::context tls(asio::ssl::context::tls_client);
  tls.set_verify_mode(asio::ssl::verify_none);
  websocket::stream<asio::ssl::stream<asio::ip::tcp::socket>> ws(ioc, tls);
  beast::get_lowest_layer(ws).connect(
      asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), server.port()));
  ws.next_layer().handshake(asio::ssl::stream_base::client);
  ws.handshake("localhost", "/ws");
  beast::flat_buffer buffer;
  ws.read(buffer);
  EXPECT_EQ(beast::buffers_to_string(buffer.data()), "hello");
  buffer.clear();
  ws.text(true);
  ws.write(asio::buffer(std::string("over tls")));
  ws.read(buffer);
  EXPECT_EQ(beast::buffers_to_string(buffer.data()), "over tls");
  ws.close(websocket::close_code::normal);
}

}  // namespace
}  // namespace syntera::net
