#include "net/test_support.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>

namespace syntera::net::testing {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

}  // namespace

http::Response TestHandler::Handle(http::Request& request) {
  calls_.fetch_add(1);
  if (request.path == "/throw") throw std::runtime_error("boom from the test handler");
  if (request.path == "/no-content") {
    http::Response response = http::Response::NoContent();
    response.headers.Add("X-Injected", "a\r\nSet-Cookie: evil=1");
    response.headers.Add("Connection", "close");
    return response;
  }
  if (request.path == "/slow") {
    {
      std::lock_guard lock(mu_);
      if (!entered_set_) {
        entered_set_ = true;
        entered_.set_value();
      }
    }
    release_future_.wait();
  }
  http::Response response =
      http::Response::Text(200, request.body.empty() ? "hello" : request.body);
  response.headers.Add("X-Method", request.method_text);
  response.headers.Add("X-Path", request.path);
  response.headers.Add("X-Query", request.query);
  response.headers.Add("X-Client-Ip", request.client_ip);
  response.headers.Add("X-Peer-Ip", request.peer_ip);
  response.headers.Add("X-Tls", request.tls ? "true" : "false");
  response.headers.Add("X-Keep-Alive", request.keep_alive ? "true" : "false");
  return response;
}

size_t TestHandler::MaxBodyBytes(http::Method, std::string_view path) const {
  return path == "/small" ? kSmallLimit : 1024 * 1024;
}

void TestHandler::ReleaseSlow() {
  std::call_once(released_, [this] { release_.set_value(); });
}

std::optional<std::string> ParsedResponse::Header(std::string_view lower_name) const {
  for (const auto& [name, value] : headers) {
    if (name == lower_name) return value;
  }
  return std::nullopt;
}

Client::Client(uint16_t port, int receive_timeout_seconds) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return;
  timeval tv{receive_timeout_seconds, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    ::close(fd);
    return;
  }
  fd_ = fd;
}

Client::~Client() {
  if (tls_ != nullptr) SSL_free(tls_);
  if (tls_ctx_ != nullptr) SSL_CTX_free(tls_ctx_);
  if (fd_ >= 0) ::close(fd_);
}

bool Client::StartTls(int min_version, int max_version) {
  tls_ctx_ = SSL_CTX_new(TLS_client_method());
  SSL_CTX_set_min_proto_version(tls_ctx_, min_version);
  SSL_CTX_set_max_proto_version(tls_ctx_, max_version);
  if (min_version < TLS1_2_VERSION) {
    // OpenSSL 3 refuses TLS < 1.2 itself unless the security level is lowered; lower it so
    // that the server is the one refusing.
    SSL_CTX_set_security_level(tls_ctx_, 0);
    SSL_CTX_set_cipher_list(tls_ctx_, "DEFAULT:@SECLEVEL=0");
  }
  SSL_CTX_set_verify(tls_ctx_, SSL_VERIFY_NONE, nullptr);  // self-signed test certificate
  tls_ = SSL_new(tls_ctx_);
  SSL_set_fd(tls_, fd_);
  SSL_set_tlsext_host_name(tls_, "localhost");
  ERR_clear_error();
  if (SSL_connect(tls_) == 1) return true;
  unsigned long err = ERR_peek_last_error();
  const char* reason = err != 0 ? ERR_reason_error_string(err) : nullptr;
  tls_error_ = reason != nullptr ? reason : "handshake failed";
  return false;
}

std::string Client::tls_version() const { return tls_ != nullptr ? SSL_get_version(tls_) : ""; }

bool Client::Send(std::string_view data) {
  while (!data.empty()) {
    long n = tls_ != nullptr ? SSL_write(tls_, data.data(), static_cast<int>(data.size()))
                             : ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
    if (n <= 0) return false;
    data.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

long Client::Receive() {
  char chunk[16384];
  long n;
  if (tls_ != nullptr) {
    n = SSL_read(tls_, chunk, sizeof(chunk));
    if (n <= 0) {
      int err = SSL_get_error(tls_, static_cast<int>(n));
      if (err == SSL_ERROR_ZERO_RETURN || (err == SSL_ERROR_SYSCALL && errno == 0)) return 0;
      timed_out_ = errno == EAGAIN || errno == EWOULDBLOCK;
      return timed_out_ ? -1 : 0;
    }
  } else {
    n = ::recv(fd_, chunk, sizeof(chunk), 0);
    if (n < 0) {
      timed_out_ = errno == EAGAIN || errno == EWOULDBLOCK;
      return timed_out_ ? -1 : 0;  // reset counts as closed
    }
  }
  buffer_.append(chunk, static_cast<size_t>(n));
  return n;
}

std::optional<ParsedResponse> Client::ReadResponse(bool head_request, bool return_interim) {
  while (true) {
    size_t end;
    while ((end = buffer_.find("\r\n\r\n")) == std::string::npos) {
      if (Receive() <= 0) return std::nullopt;
    }
    std::string head = buffer_.substr(0, end + 2);
    buffer_.erase(0, end + 4);
    ParsedResponse response;
    size_t line_end = head.find("\r\n");
    std::string status_line = head.substr(0, line_end);
    if (status_line.size() < 12 || status_line.compare(0, 5, "HTTP/") != 0) return std::nullopt;
    response.status = std::atoi(status_line.c_str() + 9);
    for (size_t pos = line_end + 2; pos < head.size();) {
      size_t next = head.find("\r\n", pos);
      std::string line = head.substr(pos, next - pos);
      pos = next + 2;
      size_t colon = line.find(':');
      if (colon == std::string::npos) return std::nullopt;
      size_t value_start = line.find_first_not_of(' ', colon + 1);
      response.headers.emplace_back(Lower(line.substr(0, colon)), value_start == std::string::npos
                                                                      ? ""
                                                                      : line.substr(value_start));
    }
    if (response.status / 100 == 1) {  // interim response (100 Continue)
      if (return_interim) return response;
      continue;
    }
    std::optional<std::string> length = response.Header("content-length");
    if (head_request || response.status == 204 || response.status == 304) return response;
    if (!length) {  // delimited by close
      while (Receive() > 0) {
      }
      response.body = std::move(buffer_);
      buffer_.clear();
      return response;
    }
    size_t n = std::stoul(*length);
    while (buffer_.size() < n) {
      if (Receive() <= 0) return std::nullopt;
    }
    response.body = buffer_.substr(0, n);
    buffer_.erase(0, n);
    return response;
  }
}

ReadEnd Client::ReadUntilClosed(std::string* leftover) {
  long n;
  while ((n = Receive()) > 0) {
  }
  if (leftover != nullptr) *leftover = buffer_;
  if (n < 0) return ReadEnd::kTimedOut;
  return buffer_.empty() ? ReadEnd::kClosed : ReadEnd::kData;
}

SelfSignedCert::SelfSignedCert() {
  std::string pattern = (std::filesystem::temp_directory_path() / "syntera_net_XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  dir_ = pattern;
  cert_file_ = dir_ + "/cert.pem";
  key_file_ = dir_ + "/key.pem";

  EVP_PKEY* key = EVP_EC_gen("P-256");
  X509* cert = X509_new();
  X509_set_version(cert, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
  X509_gmtime_adj(X509_getm_notBefore(cert), 0);
  X509_gmtime_adj(X509_getm_notAfter(cert), 3600);
  X509_set_pubkey(cert, key);
  X509_NAME* name = X509_get_subject_name(cert);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("localhost"), -1, -1, 0);
  X509_set_issuer_name(cert, name);
  bool ok = key != nullptr && X509_sign(cert, key, EVP_sha256()) > 0;
  FILE* f = ok ? std::fopen(key_file_.c_str(), "w") : nullptr;
  ok = f != nullptr && PEM_write_PrivateKey(f, key, nullptr, nullptr, 0, nullptr, nullptr) == 1;
  if (f != nullptr) std::fclose(f);
  f = ok ? std::fopen(cert_file_.c_str(), "w") : nullptr;
  ok = f != nullptr && PEM_write_X509(f, cert) == 1;
  if (f != nullptr) std::fclose(f);
  X509_free(cert);
  EVP_PKEY_free(key);
  if (!ok) throw std::runtime_error("cannot create the self-signed test certificate");
}

SelfSignedCert::~SelfSignedCert() {
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

ServerOptions TestServer::DefaultOptions() {
  ServerOptions o;
  o.threads = 2;
  o.header_timeout = std::chrono::seconds(10);
  o.body_timeout = std::chrono::seconds(10);
  o.idle_timeout = std::chrono::seconds(10);
  o.drain_timeout = std::chrono::seconds(10);
  return o;
}

ServerOptions TestServer::Localhost(ServerOptions options) {
  options.host = "127.0.0.1";
  options.port = 0;
  return options;
}

TestServer::TestServer(ServerOptions options)
    : server(Localhost(std::move(options)), handler, *logger, metrics) {}

TestServer::~TestServer() {
  handler.ReleaseSlow();
  server.Stop();
  server.Wait();
}

std::string Get(std::string_view target, std::string_view extra_headers) {
  std::string out = "GET ";
  out += target;
  out += " HTTP/1.1\r\nHost: localhost\r\n";
  out += extra_headers;
  out += "\r\n";
  return out;
}

}  // namespace syntera::net::testing
