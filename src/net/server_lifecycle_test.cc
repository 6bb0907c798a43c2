// Start errors, graceful Stop (drain) and TLS of net::Server over real sockets.

#include <gtest/gtest.h>
#include <openssl/ssl.h>

#include <chrono>
#include <future>
#include <optional>
#include <string>
#include <thread>

#include "net/server.h"
#include "net/test_support.h"

namespace syntera::net {
namespace {

using testing::Client;
using testing::Get;
using testing::ParsedResponse;
using testing::ReadEnd;
using testing::SelfSignedCert;
using testing::TestServer;

using Clock = std::chrono::steady_clock;

TEST(ServerStartTest, PortInUseIsUnavailable) {
  TestServer first;
  ASSERT_TRUE(first.Start().ok());
  ServerOptions options = TestServer::DefaultOptions();
  TestServer second(options);
  // TestServer forces port 0; bind a raw Server to the first one's port instead.
  options.host = "127.0.0.1";
  options.port = first.port();
  Server clash(options, second.handler, *second.logger, second.metrics);
  Result<void> result = clash.Start();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(result.error().message.find(std::to_string(first.port())), std::string::npos);
}

TEST(ServerStartTest, BadOptionsAreInvalidArgument) {
  struct Case {
    const char* name;
    void (*mutate)(ServerOptions&);
  };
  const Case cases[] = {
      {"unreadable cert",
       [](ServerOptions& o) {
         o.tls_cert_file = "/nonexistent/cert.pem";
         o.tls_key_file = "/nonexistent/key.pem";
       }},
      {"cert without key", [](ServerOptions& o) { o.tls_cert_file = "/x.pem"; }},
      {"bad trusted proxy", [](ServerOptions& o) { o.trusted_proxies = {"10.0.0.0/33"}; }},
      {"bad host", [](ServerOptions& o) { o.host = "no such host.invalid"; }},
      {"zero header limit", [](ServerOptions& o) { o.max_header_bytes = 0; }},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    TestServer holder;  // supplies handler, logger and metrics
    ServerOptions options = TestServer::DefaultOptions();
    options.host = "127.0.0.1";
    options.port = 0;
    c.mutate(options);
    Server server(options, holder.handler, *holder.logger, holder.metrics);
    Result<void> result = server.Start();
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument) << result.error().message;
  }
}

TEST(ServerStartTest, StopIsIdempotentAndStartAfterStopFails) {
  TestServer server;
  ASSERT_TRUE(server.Start().ok());
  EXPECT_FALSE(server.Start().ok());
  server.server.Stop();
  server.server.Stop();
  server.server.Wait();
  server.server.Wait();
  EXPECT_FALSE(server.Start().ok());

  TestServer never_started;
  never_started.server.Stop();
  never_started.server.Wait();  // returns at once
  EXPECT_FALSE(never_started.Start().ok());
}

TEST(ServerStopTest, InFlightRequestCompletesWhileNewConnectionsAreRefused) {
  TestServer server;
  ASSERT_TRUE(server.Start().ok());
  const uint16_t port = server.port();

  Client idle(port);  // a keep-alive connection between requests
  ASSERT_TRUE(idle.Send(Get("/")));
  ASSERT_TRUE(idle.ReadResponse());

  Client busy(port);
  ASSERT_TRUE(busy.Send(Get("/slow")));
  server.handler.slow_entered().wait();

  server.server.Stop();
  EXPECT_EQ(idle.ReadUntilClosed(), ReadEnd::kClosed);
  // Refused outright once the acceptor is closed, or accepted and closed unanswered before.
  Client late(port);
  if (late.ok()) {
    late.Send(Get("/late"));
    EXPECT_EQ(late.ReadUntilClosed(), ReadEnd::kClosed);
  }

  server.handler.ReleaseSlow();
  std::optional<ParsedResponse> response = busy.ReadResponse();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->Header("connection"), "close");
  EXPECT_EQ(busy.ReadUntilClosed(), ReadEnd::kClosed);
  server.server.Wait();
  EXPECT_FALSE(Client(port).ok()) << "still listening after Wait()";
}

TEST(ServerStopTest, ConnectionsStillBusyAfterDrainTimeoutAreClosed) {
  ServerOptions options = TestServer::DefaultOptions();
  options.header_timeout = std::chrono::seconds(60);
  options.drain_timeout = std::chrono::milliseconds(200);
  TestServer server(options);
  ASSERT_TRUE(server.Start().ok());
  Client half(server.port());
  ASSERT_TRUE(half.Send("GET / HTTP/1.1\r\n"));  // mid-request: not idle, never finishes
  ASSERT_TRUE(half.Send("Host: x\r\n"));
  auto start = Clock::now();
  server.server.Stop();
  EXPECT_EQ(half.ReadUntilClosed(), ReadEnd::kClosed);
  server.server.Wait();
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(10));  // far below header_timeout
}

TEST(ServerStopTest, StopFromAnotherThreadWhileWaiting) {
  TestServer server;
  ASSERT_TRUE(server.Start().ok());
  std::thread stopper([&] { server.server.Stop(); });
  server.server.Wait();
  stopper.join();
}

class ServerTlsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ServerOptions options = TestServer::DefaultOptions();
    options.tls_cert_file = cert_.cert_file();
    options.tls_key_file = cert_.key_file();
    server_.emplace(options);
    Result<void> started = server_->Start();
    ASSERT_TRUE(started.ok()) << started.error().message;
  }
  SelfSignedCert cert_;
  std::optional<TestServer> server_;
};

TEST_F(ServerTlsTest, Tls13HandshakeAndRequestSucceed) {
  Client client(server_->port());
  ASSERT_TRUE(client.StartTls(TLS1_3_VERSION, TLS1_3_VERSION)) << client.tls_error();
  EXPECT_EQ(client.tls_version(), "TLSv1.3");
  for (int i = 0; i < 2; ++i) {  // keep-alive over TLS
    ASSERT_TRUE(client.Send(Get("/secure")));
    auto response = client.ReadResponse();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 200);
    EXPECT_EQ(response->Header("x-tls"), "true");
  }
}

TEST_F(ServerTlsTest, Tls12IsAccepted) {
  Client client(server_->port());
  ASSERT_TRUE(client.StartTls(TLS1_2_VERSION, TLS1_2_VERSION)) << client.tls_error();
  EXPECT_EQ(client.tls_version(), "TLSv1.2");
}

TEST_F(ServerTlsTest, Tls11IsRefusedByTheServer) {
  Client client(server_->port());
  EXPECT_FALSE(client.StartTls(TLS1_1_VERSION, TLS1_1_VERSION));
  EXPECT_EQ(client.tls_error(), "tlsv1 alert protocol version");
}

TEST_F(ServerTlsTest, PlainHttpOnTheTlsPortIsClosed) {
  Client client(server_->port());
  ASSERT_TRUE(client.Send(Get("/")));
  std::string leftover;
  ReadEnd end = client.ReadUntilClosed(&leftover);
  EXPECT_NE(end, ReadEnd::kTimedOut);
  EXPECT_EQ(leftover.find("HTTP/1.1 200"), std::string::npos);
}

}  // namespace
}  // namespace syntera::net
