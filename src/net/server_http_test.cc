// HTTP/1.1 behaviour of net::Server over real sockets: keep-alive, pipelining, HEAD,
// HTTP/1.0, Connection: close, bodies, handler exceptions and client addresses.

#include <gtest/gtest.h>

#include <string>

#include "net/server.h"
#include "net/test_support.h"

namespace syntera::net {
namespace {

using testing::Client;
using testing::Get;
using testing::ReadEnd;
using testing::TestServer;

class ServerHttpTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(server_.Start().ok()); }
  TestServer server_;
};

TEST_F(ServerHttpTest, PortIsTheBoundEphemeralPort) { EXPECT_NE(server_.port(), 0); }

TEST_F(ServerHttpTest, KeepAliveServesTwoRequestsOnOneConnection) {
  Client client(server_.port());
  ASSERT_TRUE(client.ok());
  for (const char* query : {"n=1", "n=2"}) {
    ASSERT_TRUE(client.Send(Get(std::string("/echo?") + query)));
    auto response = client.ReadResponse();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 200);
    EXPECT_EQ(response->Header("x-query"), query);
    EXPECT_EQ(response->Header("x-keep-alive"), "true");
    EXPECT_EQ(response->body, "hello");
  }
}

TEST_F(ServerHttpTest, PipelinedRequestsAreAnsweredInOrder) {
  Client client(server_.port());
  ASSERT_TRUE(client.Send(Get("/a?n=1") + Get("/b?n=2") + Get("/c?n=3")));
  for (const char* path : {"/a", "/b", "/c"}) {
    auto response = client.ReadResponse();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->Header("x-path"), path);
  }
}

TEST_F(ServerHttpTest, HeadAnswersHeadersWithoutBody) {
  Client client(server_.port());
  ASSERT_TRUE(client.Send("HEAD /echo HTTP/1.1\r\nHost: x\r\n\r\n"));
  auto head = client.ReadResponse(/*head_request=*/true);
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 200);
  EXPECT_EQ(head->Header("content-length"), "5");  // the size GET would have sent
  EXPECT_EQ(head->Header("x-method"), "HEAD");
  // Had a body been sent, it would be read here as the next response's status line.
  ASSERT_TRUE(client.Send(Get("/after-head")));
  auto next = client.ReadResponse();
  ASSERT_TRUE(next);
  EXPECT_EQ(next->Header("x-path"), "/after-head");
}

TEST_F(ServerHttpTest, PostBodiesWithContentLengthAndChunkedAreDelivered) {
  Client client(server_.port());
  ASSERT_TRUE(
      client.Send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\nhello world"));
  auto fixed = client.ReadResponse();
  ASSERT_TRUE(fixed);
  EXPECT_EQ(fixed->body, "hello world");
  ASSERT_TRUE(
      client.Send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                  "5\r\nchunk\r\n3\r\ned!\r\n0\r\n\r\n"));
  auto chunked = client.ReadResponse();
  ASSERT_TRUE(chunked);
  EXPECT_EQ(chunked->body, "chunked!");
}

TEST_F(ServerHttpTest, ExpectContinueGetsInterimResponse) {
  Client client(server_.port());
  ASSERT_TRUE(
      client.Send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n"
                  "Expect: 100-continue\r\n\r\n"));
  // The client waits for "100 Continue" before sending the body, as curl does.
  auto interim = client.ReadResponse(/*head_request=*/false, /*return_interim=*/true);
  ASSERT_TRUE(interim);
  EXPECT_EQ(interim->status, 100);
  ASSERT_TRUE(client.Send("ping"));
  auto response = client.ReadResponse();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "ping");
}

TEST_F(ServerHttpTest, Http10WithoutKeepAliveIsClosedAfterTheResponse) {
  Client client(server_.port());
  ASSERT_TRUE(client.Send("GET /old HTTP/1.0\r\n\r\n"));
  auto response = client.ReadResponse();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->Header("x-keep-alive"), "false");
  EXPECT_EQ(client.ReadUntilClosed(), ReadEnd::kClosed);
}

TEST_F(ServerHttpTest, Http10KeepAliveIsHonoured) {
  Client client(server_.port());
  for (int i = 0; i < 2; ++i) {
    ASSERT_TRUE(client.Send("GET /old HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"));
    auto response = client.ReadResponse();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->Header("connection"), "keep-alive");
  }
}

TEST_F(ServerHttpTest, ConnectionCloseIsAnsweredAndHonoured) {
  Client client(server_.port());
  ASSERT_TRUE(client.Send(Get("/bye", "Connection: close\r\n")));
  auto response = client.ReadResponse();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->Header("connection"), "close");
  EXPECT_EQ(client.ReadUntilClosed(), ReadEnd::kClosed);
}

TEST_F(ServerHttpTest, HandlerExceptionBecomesInternalErrorAndConnectionSurvives) {
  Client client(server_.port());
  ASSERT_TRUE(client.Send(Get("/throw")));
  auto response = client.ReadResponse();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 500);
  EXPECT_EQ(response->Header("content-type"), "application/json");
  EXPECT_NE(response->body.find("\"code\":\"internal\""), std::string::npos) << response->body;
  EXPECT_EQ(response->body.find("boom"), std::string::npos) << "exception text leaked";
  ASSERT_TRUE(client.Send(Get("/fine")));
  auto next = client.ReadResponse();
  ASSERT_TRUE(next);
  EXPECT_EQ(next->status, 200);
}

TEST_F(ServerHttpTest, HandlerHeadersAreSanitisedAndConnectionCloseHonoured) {
  Client client(server_.port());
  ASSERT_TRUE(client.Send(Get("/no-content")));
  auto response = client.ReadResponse();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 204);
  EXPECT_FALSE(response->Header("content-length")) << "204 must not carry Content-Length";
  EXPECT_FALSE(response->Header("x-injected"));
  EXPECT_FALSE(response->Header("set-cookie"));
  EXPECT_EQ(response->Header("connection"), "close");
  EXPECT_EQ(client.ReadUntilClosed(), ReadEnd::kClosed);
}

TEST_F(ServerHttpTest, PathIsDecodedAndQueryKeptRaw) {
  Client client(server_.port());
  ASSERT_TRUE(client.Send(Get("/a%20b/c?x=%20y&z")));
  auto response = client.ReadResponse();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->Header("x-path"), "/a b/c");
  EXPECT_EQ(response->Header("x-query"), "x=%20y&z");
}

TEST_F(ServerHttpTest, ForwardedForIsIgnoredFromUntrustedPeers) {
  Client client(server_.port());
  ASSERT_TRUE(client.Send(Get("/ip", "X-Forwarded-For: 203.0.113.9\r\n")));
  auto response = client.ReadResponse();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->Header("x-client-ip"), "127.0.0.1");
  EXPECT_EQ(response->Header("x-peer-ip"), "127.0.0.1");
}

TEST(ServerForwardedForTest, ForwardedForIsHonouredFromTrustedProxies) {
  ServerOptions options = TestServer::DefaultOptions();
  options.trusted_proxies = {"127.0.0.1", "10.0.0.0/8"};
  TestServer server(options);
  ASSERT_TRUE(server.Start().ok());
  Client client(server.port());
  ASSERT_TRUE(client.Send(Get("/ip",
                              "X-Forwarded-For: 198.51.100.7, 203.0.113.9\r\n"
                              "X-Forwarded-For: 10.1.2.3\r\n")));
  auto response = client.ReadResponse();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->Header("x-client-ip"), "203.0.113.9");
  EXPECT_EQ(response->Header("x-peer-ip"), "127.0.0.1");
}

}  // namespace
}  // namespace syntera::net
