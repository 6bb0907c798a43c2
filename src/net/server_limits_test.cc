// Limits and hostile input over real sockets: body and header limits, malformed requests,
// timeouts and max_connections. None may crash or hang the server.

#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "net/server.h"
#include "net/test_support.h"

namespace syntera::net {
namespace {

using std::chrono::milliseconds;
using testing::Client;
using testing::Get;
using testing::ReadEnd;
using testing::TestHandler;
using testing::TestServer;

using Clock = std::chrono::steady_clock;

// The server still answers a normal request on a new connection.
void ExpectServerHealthy(uint16_t port) {
  Client client(port);
  ASSERT_TRUE(client.Send(Get("/still-alive")));
  auto response = client.ReadResponse();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
}

class ServerLimitsTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(server_.Start().ok()); }

  // Sends `request`, expects one error response with `status` and `code`, then a close.
  void ExpectRejected(const std::string& request, int status, const char* code) {
    Client client(server_.port());
    ASSERT_TRUE(client.Send(request));
    auto response = client.ReadResponse();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, status);
    EXPECT_NE(response->body.find(std::string("\"code\":\"") + code + "\""), std::string::npos)
        << response->body;
    EXPECT_EQ(response->Header("connection"), "close");
    EXPECT_EQ(client.ReadUntilClosed(), ReadEnd::kClosed);
  }

  TestServer server_;
};

TEST_F(ServerLimitsTest, ContentLengthOverRouteLimitIs413WithoutReadingTheBody) {
  // No body follows: had the server tried to read it, this would wait for body_timeout.
  ExpectRejected("POST /small HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\n", 413,
                 "payload_too_large");
  EXPECT_EQ(server_.handler.calls(), 0);
}

TEST_F(ServerLimitsTest, BodyAtRouteLimitIsAccepted) {
  Client client(server_.port());
  std::string body(TestHandler::kSmallLimit, 'b');
  ASSERT_TRUE(client.Send("POST /small HTTP/1.1\r\nHost: x\r\nContent-Length: " +
                          std::to_string(body.size()) + "\r\n\r\n" + body));
  auto response = client.ReadResponse();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, body);
}

TEST_F(ServerLimitsTest, ChunkedBodyOverRouteLimitIs413) {
  ExpectRejected(
      "POST /small HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
      "20\r\n" +
          std::string(32, 'c') + "\r\n0\r\n\r\n",
      413, "payload_too_large");
  EXPECT_EQ(server_.handler.calls(), 0);
}

TEST_F(ServerLimitsTest, OversizedHeaderIs431) {
  ExpectRejected(Get("/", "X-Big: " + std::string(20 * 1024, 'v') + "\r\n"), 431,
                 "payload_too_large");
  ExpectServerHealthy(server_.port());
}

TEST_F(ServerLimitsTest, TenThousandSmallHeadersAreRejectedWithoutHarm) {
  std::string headers;
  for (int i = 0; i < 10000; ++i) headers += "X-H" + std::to_string(i) + ": v\r\n";
  Client client(server_.port());
  ASSERT_TRUE(client.Send(Get("/", headers)));
  auto response = client.ReadResponse();
  ASSERT_TRUE(response);
  EXPECT_TRUE(response->status == 431 || response->status == 400) << response->status;
  EXPECT_EQ(client.ReadUntilClosed(), ReadEnd::kClosed);
  ExpectServerHealthy(server_.port());
}

TEST_F(ServerLimitsTest, HundredKilobyteUrlIsRejectedWithoutHarm) {
  Client client(server_.port());
  ASSERT_TRUE(client.Send(Get("/" + std::string(100 * 1024, 'u'))));
  auto response = client.ReadResponse();
  ASSERT_TRUE(response);
  EXPECT_TRUE(response->status == 431 || response->status == 400) << response->status;
  EXPECT_EQ(client.ReadUntilClosed(), ReadEnd::kClosed);
  ExpectServerHealthy(server_.port());
}

TEST_F(ServerLimitsTest, MalformedRequestsAre400) {
  const char* cases[] = {
      "GARBAGE\r\n\r\n",                                            // no target, no version
      "GET / HTTP/9.x\r\n\r\n",                                     // bad version
      "GET / HTTP/1.1\r\nNo colon here\r\n\r\n",                    // bad header line
      "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n",  // bad Content-Length
      "GET /%zz HTTP/1.1\r\nHost: x\r\n\r\n",                       // malformed escape
      "GET /a%00b HTTP/1.1\r\nHost: x\r\n\r\n",                     // NUL in decoded path
      "GET relative/path HTTP/1.1\r\nHost: x\r\n\r\n",              // not origin-form
  };
  for (const char* request : cases) {
    SCOPED_TRACE(request);
    ExpectRejected(request, 400, "invalid_argument");
  }
  EXPECT_EQ(server_.handler.calls(), 0);
  ExpectServerHealthy(server_.port());
}

// Timeouts: bounds are generous (>= 10x the timeout) so a loaded machine cannot fail them;
// the lower bound only says the server did not close before the timeout could have fired.
constexpr milliseconds kShortTimeout{300};
constexpr milliseconds kGenerousBound{6000};

TEST(ServerTimeoutTest, SilentConnectionIsClosedAfterHeaderTimeout) {
  ServerOptions options = TestServer::DefaultOptions();
  options.header_timeout = kShortTimeout;
  TestServer server(options);
  ASSERT_TRUE(server.Start().ok());
  auto start = Clock::now();
  Client client(server.port());
  ASSERT_TRUE(client.ok());
  EXPECT_EQ(client.ReadUntilClosed(), ReadEnd::kClosed);
  auto elapsed = Clock::now() - start;
  EXPECT_GE(elapsed, kShortTimeout - milliseconds(50));
  EXPECT_LT(elapsed, kGenerousBound);
}

TEST(ServerTimeoutTest, IncompleteHeaderIsClosedAfterHeaderTimeout) {
  ServerOptions options = TestServer::DefaultOptions();
  options.header_timeout = kShortTimeout;
  TestServer server(options);
  ASSERT_TRUE(server.Start().ok());
  auto start = Clock::now();
  Client client(server.port());
  ASSERT_TRUE(client.Send("GET / HTTP/1.1\r\nHost: x\r\n"));  // never finished
  EXPECT_EQ(client.ReadUntilClosed(), ReadEnd::kClosed);
  EXPECT_LT(Clock::now() - start, kGenerousBound);
}

TEST(ServerTimeoutTest, IdleKeepAliveConnectionIsClosedAfterIdleTimeout) {
  ServerOptions options = TestServer::DefaultOptions();
  options.idle_timeout = kShortTimeout;
  TestServer server(options);
  ASSERT_TRUE(server.Start().ok());
  Client client(server.port());
  ASSERT_TRUE(client.Send(Get("/")));
  ASSERT_TRUE(client.ReadResponse());
  auto start = Clock::now();
  EXPECT_EQ(client.ReadUntilClosed(), ReadEnd::kClosed);
  auto elapsed = Clock::now() - start;
  EXPECT_GE(elapsed, kShortTimeout - milliseconds(50));
  EXPECT_LT(elapsed, kGenerousBound);
}

TEST(ServerConnectionLimitTest, ConnectionsBeyondMaxAreClosedAndCounted) {
  ServerOptions options = TestServer::DefaultOptions();
  options.max_connections = 2;
  TestServer server(options);
  ASSERT_TRUE(server.Start().ok());
  Client first(server.port());
  Client second(server.port());
  for (Client* c : {&first, &second}) {  // a response proves the server holds the slot
    ASSERT_TRUE(c->Send(Get("/")));
    ASSERT_TRUE(c->ReadResponse());
  }
  Client third(server.port());
  ASSERT_TRUE(third.ok());  // the kernel completes the handshake; the server then closes
  EXPECT_EQ(third.ReadUntilClosed(), ReadEnd::kClosed);

  auto& rejected = server.metrics.GetCounter("syntera_http_connections_rejected_total", "");
  auto& open = server.metrics.GetGauge("syntera_http_connections_open", "");
  EXPECT_EQ(rejected.value(), 1);
  EXPECT_EQ(open.value(), 2);
  // The admitted connections are unaffected.
  ASSERT_TRUE(first.Send(Get("/again")));
  auto response = first.ReadResponse();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
}

}  // namespace
}  // namespace syntera::net
