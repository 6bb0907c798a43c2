// WebSocket upgrades through net::Server, driven by a Beast WebSocket client.

#include <gtest/gtest.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
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

TEST(WebSocketTest, EchoesTextAndBinaryAndClosesCleanly) {
  EchoAcceptor acceptor;
  TestServer server(WsOptions(acceptor));
  ASSERT_TRUE(server.Start().ok());
  WsClient client;
  ASSERT_FALSE(client.Connect(server.port(), "/ws"));
  EXPECT_EQ(client.Read(), "hello");
  client.ws.text(true);
  client.ws.write(asio::buffer(std::string("ping")));
  bool binary = true;
  EXPECT_EQ(client.Read(&binary), "ping");
  EXPECT_FALSE(binary);
  client.ws.binary(true);
  client.ws.write(asio::buffer(std::string("\x01\x02", 2)));
  EXPECT_EQ(client.Read(&binary), std::string("\x01\x02", 2));
  EXPECT_TRUE(binary);
  std::future<void> closed = acceptor.last()->closed();
  client.ws.close(websocket::close_code::normal);
  EXPECT_EQ(closed.wait_for(std::chrono::seconds(5)), std::future_status::ready);
}

TEST(WebSocketTest, ServerCloseSendsCloseFrame) {
  EchoAcceptor acceptor;
  TestServer server(WsOptions(acceptor));
  ASSERT_TRUE(server.Start().ok());
  WsClient client;
  ASSERT_FALSE(client.Connect(server.port(), "/ws"));
  EXPECT_EQ(client.Read(), "hello");
  client.ws.text(true);
  client.ws.write(asio::buffer(std::string("close")));
  beast::flat_buffer buffer;
  beast::error_code ec;
  client.ws.read(buffer, ec);
  EXPECT_EQ(ec, websocket::error::closed);
  EXPECT_EQ(client.ws.reason().code, websocket::close_code::normal);
}

TEST(WebSocketTest, OversizedMessageEndsTheConnection) {
  EchoAcceptor acceptor;
  TestServer server(WsOptions(acceptor));
  ASSERT_TRUE(server.Start().ok());
  WsClient client;
  ASSERT_FALSE(client.Connect(server.port(), "/ws"));
  EXPECT_EQ(client.Read(), "hello");
  std::future<void> closed = acceptor.last()->closed();
  client.ws.write(asio::buffer(std::string(4096, 'a')));
  EXPECT_EQ(closed.wait_for(std::chrono::seconds(5)), std::future_status::ready);
  beast::flat_buffer buffer;
  beast::error_code ec;
  client.ws.read(buffer, ec);  // a 1009 close frame, or the reset that follows it
  EXPECT_TRUE(ec);
}

TEST(WebSocketTest, SlowReaderIsDisconnectedNotBuffered) {
  EchoAcceptor acceptor;
  TestServer server(WsOptions(acceptor));
  ASSERT_TRUE(server.Start().ok());
  WsClient client;
  ASSERT_FALSE(client.Connect(server.port(), "/ws"));
  EXPECT_EQ(client.Read(), "hello");
  std::future<void> closed = acceptor.last()->closed();
  client.ws.write(asio::buffer(std::string("flood")));  // ~64 MB against a 1 MB queue
  EXPECT_EQ(closed.wait_for(std::chrono::seconds(10)), std::future_status::ready);
}

TEST(WebSocketTest, RefusedUpgradeIs400AndPlainRequestsStillWork) {
  EchoAcceptor acceptor;
  TestServer server(WsOptions(acceptor));
  ASSERT_TRUE(server.Start().ok());
  WsClient client;
  beast::error_code ec = client.Connect(server.port(), "/refuse");
  EXPECT_EQ(ec, websocket::error::upgrade_declined);
  testing::Client http(server.port());
  ASSERT_TRUE(http.Send(testing::Get("/ws")));
  auto response = http.ReadResponse();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 200);  // not an upgrade: the Handler answers
}

TEST(WebSocketTest, StopSendsGoingAway) {
  EchoAcceptor acceptor;
  TestServer server(WsOptions(acceptor));
  ASSERT_TRUE(server.Start().ok());
  WsClient client;
  ASSERT_FALSE(client.Connect(server.port(), "/ws"));
  EXPECT_EQ(client.Read(), "hello");
  server.server.Stop();
  beast::flat_buffer buffer;
  beast::error_code ec;
  client.ws.read(buffer, ec);
  EXPECT_EQ(ec, websocket::error::closed);
  EXPECT_EQ(client.ws.reason().code, websocket::close_code::going_away);
  server.server.Wait();
}

}  // namespace
}  // namespace syntera::net
