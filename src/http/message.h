#pragma once
// Transport-independent HTTP request and response. `net` converts Beast messages to and from
// these; everything above `net` sees only these types.

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace syntera::http {

enum class Method { kGet, kHead, kPost, kPut, kPatch, kDelete, kOptions, kOther };

std::string_view MethodName(Method m);
Method ParseMethod(std::string_view s);

// Header list preserving order; lookups are case-insensitive.
class Headers {
 public:
  void Add(std::string name, std::string value) { items_.emplace_back(std::move(name), std::move(value)); }
  // Replaces every header called `name` with one value.
  void Set(std::string_view name, std::string value);
  std::optional<std::string_view> Get(std::string_view name) const;
  bool Has(std::string_view name) const { return Get(name).has_value(); }
  const std::vector<std::pair<std::string, std::string>>& items() const { return items_; }

 private:
  std::vector<std::pair<std::string, std::string>> items_;
};

struct Request {
  Method method = Method::kGet;
  std::string method_text;  // as sent, for logs when kOther
  std::string target;       // raw request-target: "/api/v1/me?x=1"
  std::string path;         // percent-decoded path without query: "/api/v1/me"
  std::string query;        // raw query string without '?'
  Headers headers;
  std::string body;
  std::string peer_ip;      // TCP peer address
  std::string client_ip;    // peer_ip, or X-Forwarded-For's client when peer is a trusted proxy
  bool tls = false;
  bool keep_alive = true;

  // Value of query parameter `name` (percent-decoded, '+' as space), first occurrence.
  std::optional<std::string> QueryParam(std::string_view name) const;
};

// A body that is not ready when the handler returns (HTTP long-polling). `net` then waits for
// it without holding an I/O thread: it registers a callback with OnReady and, once that fired or
// max_wait() elapsed (whichever is first), takes the body and writes the response — status and
// headers as the handler (and the pipeline) set them. The pipeline's access log and latency
// metrics are recorded when the handler returns, not when the body is written.
class DeferredBody {
 public:
  virtual ~DeferredBody() = default;
  virtual std::chrono::milliseconds max_wait() const = 0;
  // `ready` may be called from any thread, at most once, possibly before OnReady returns.
  virtual void OnReady(std::function<void()> ready) = 0;
  // Called exactly once, after `ready` fired or max_wait() elapsed.
  virtual std::string TakeBody() = 0;
};

struct Response {
  int status = 200;
  Headers headers;
  std::string body;
  std::shared_ptr<DeferredBody> deferred;  // when set, `body` is replaced by its TakeBody()

  static Response Json(int status, std::string json_body);
  static Response Text(int status, std::string text, std::string content_type = "text/plain; charset=utf-8");
  static Response NoContent();
};

// Percent-decodes `s`; nullopt on a malformed escape. `plus_as_space` for query strings.
std::optional<std::string> PercentDecode(std::string_view s, bool plus_as_space);

}  // namespace syntera::http
