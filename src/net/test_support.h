#pragma once
// Test helpers for net's socket tests: a scriptable Handler, a blocking HTTP client on plain
// POSIX sockets (optionally TLS through OpenSSL) that checks the wire format independently
// of Beast, and a self-signed certificate generator. Test-only.

#include <openssl/ssl.h>

#include <atomic>
#include <cstdint>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "http/handler.h"
#include "net/server.h"
#include "obs/logger.h"
#include "obs/metrics.h"

namespace syntera::net::testing {

// Routes:
//   /throw  throws std::runtime_error
//   /no-content  204 with an invalid header (CR/LF) and "Connection: close"
//   /slow   signals slow_entered(), then blocks until ReleaseSlow()
//   /small  accepts bodies up to 16 bytes (MaxBodyBytes); echoes like any other path
//   other   200, body = request body or "hello"; X-Method, X-Path, X-Query, X-Client-Ip,
//           X-Peer-Ip, X-Tls, X-Keep-Alive describe the request
class TestHandler : public http::Handler {
 public:
  static constexpr size_t kSmallLimit = 16;

  http::Response Handle(http::Request& request) override;
  size_t MaxBodyBytes(http::Method method, std::string_view path) const override;

  // Ready once a /slow request has entered Handle().
  std::shared_future<void> slow_entered() const { return entered_future_; }
  void ReleaseSlow();
  int calls() const { return calls_.load(); }

 private:
  std::atomic<int> calls_{0};
  std::mutex mu_;
  bool entered_set_ = false;  // guarded by mu_
  std::promise<void> entered_;
  std::shared_future<void> entered_future_ = entered_.get_future().share();
  std::promise<void> release_;
  std::shared_future<void> release_future_ = release_.get_future().share();
  std::once_flag released_;
};

struct ParsedResponse {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::string body;
  std::optional<std::string> Header(std::string_view lower_name) const;
};

enum class ReadEnd { kClosed, kTimedOut, kData };

// One blocking client connection to 127.0.0.1. Every receive gives up after
// `receive_timeout` so that a server bug fails the test instead of hanging it.
class Client {
 public:
  static constexpr int kDefaultTimeoutSeconds = 20;

  // `ok()` is false when the connect failed (e.g. refused).
  explicit Client(uint16_t port, int receive_timeout_seconds = kDefaultTimeoutSeconds);
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  bool ok() const { return fd_ >= 0; }
  // TLS handshake with versions in [min_version, max_version] (TLS1_1_VERSION, ...). On
  // failure returns false and sets tls_error() to OpenSSL's reason string.
  bool StartTls(int min_version, int max_version);
  std::string tls_version() const;  // "TLSv1.3"
  const std::string& tls_error() const { return tls_error_; }

  bool Send(std::string_view data);
  // Reads one response; nullopt when the connection ends or times out first. Responses to
  // HEAD (`head_request`) and 204/304 have no body whatever Content-Length says. Interim
  // (1xx) responses are skipped unless `return_interim`.
  std::optional<ParsedResponse> ReadResponse(bool head_request = false,
                                             bool return_interim = false);
  // Reads until the peer closes; kData if bytes arrive first (they are kept in `leftover`).
  ReadEnd ReadUntilClosed(std::string* leftover = nullptr);

 private:
  // Appends received bytes to buffer_; 0 on close, -1 on timeout or error.
  long Receive();

  int fd_ = -1;
  SSL_CTX* tls_ctx_ = nullptr;
  SSL* tls_ = nullptr;
  std::string tls_error_;
  bool timed_out_ = false;
  std::string buffer_;
};

// A fresh temporary directory holding cert.pem and key.pem: a self-signed EC P-256
// certificate for "localhost", valid for one hour. Removed by the destructor.
class SelfSignedCert {
 public:
  SelfSignedCert();
  ~SelfSignedCert();
  const std::string& cert_file() const { return cert_file_; }
  const std::string& key_file() const { return key_file_; }

 private:
  std::string dir_;
  std::string cert_file_;
  std::string key_file_;
};

// A Server on 127.0.0.1, ephemeral port, with its own TestHandler, silent logger and
// registry. The destructor releases /slow, stops and waits.
class TestServer {
 public:
  // Short timeouts so that a failing test ends quickly; tests override what they exercise.
  static ServerOptions DefaultOptions();

  explicit TestServer(ServerOptions options = DefaultOptions());
  ~TestServer();
  Result<void> Start() { return server.Start(); }
  uint16_t port() const { return server.port(); }

  TestHandler handler;
  std::unique_ptr<obs::Logger> logger = obs::NullLogger();
  obs::MetricsRegistry metrics;
  Server server;

 private:
  static ServerOptions Localhost(ServerOptions options);
};

// "GET <target> HTTP/1.1" with Host and the given extra header lines (each ending CRLF).
std::string Get(std::string_view target, std::string_view extra_headers = "");

}  // namespace syntera::net::testing
