#pragma once
// The application side of every HTTP request, in order:
//   request id → route match (404/405/OPTIONS) → CORS → rate limit per client IP → body limit
//   (413) → authentication (401) → role (403) → rate limit per credential → handler →
//   error mapping → security headers → metrics + one JSON access-log line.
// `net` calls Handle() for each parsed request.

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "http/authenticator.h"
#include "http/handler.h"
#include "http/rate_limiter.h"
#include "http/router.h"

namespace syntera::obs {
class Logger;
class MetricsRegistry;
}  // namespace syntera::obs

namespace syntera::http {

struct PipelineOptions {
  std::vector<std::string> cors_origins;  // exact origins, or "*" for any (no credentials)
  bool tls = false;                       // adds HSTS
  std::string content_security_policy =
      "default-src 'self'; base-uri 'self'; font-src 'self' data:; form-action 'self'; "
      "frame-ancestors 'none'; img-src 'self' data: blob:; object-src 'none'; "
      "script-src 'self'; script-src-attr 'none'; style-src 'self' 'unsafe-inline'; "
      "connect-src 'self' ws: wss:; upgrade-insecure-requests";
  // Per-IP bucket for every request, then per-class buckets keyed by credential (or IP).
  RateRule per_ip{.capacity = 600, .refill_per_second = 100};
  std::map<std::string, RateRule> per_class = {
      {"api", {.capacity = 1200, .refill_per_second = 100}},   // 6000/min per credential
      {"auth", {.capacity = 20, .refill_per_second = 0.5}},    // 30/min per IP on auth routes
  };
  bool access_log = true;
};

class IdempotencyStore;

class Pipeline final : public Handler {
 public:
  // All references must outlive the pipeline. `authenticator` may be null only when every
  // route is public (tests). `idempotency` (may be null: the header is then ignored) serves
  // the routes marked Route::idempotent (http/idempotency.h).
  Pipeline(const Router& router, Authenticator* authenticator, RateLimiter& limiter,
           obs::Logger& logger, obs::MetricsRegistry& metrics, PipelineOptions options,
           IdempotencyStore* idempotency = nullptr);
  ~Pipeline() override;

  Response Handle(Request& request) override;
  // The per-route body limit `net` enforces while reading (413 before the body arrives).
  size_t MaxBodyBytes(Method method, std::string_view path) const override;

 private:
  struct Instruments;
  Result<Response> Dispatch(Request& request, const RouteMatch& match, std::string& credential);
  void Finish(const Request& request, const Route* route, Response& response,
              std::chrono::steady_clock::time_point start);
  void AddCors(const Request& request, const Route* route, Response& response) const;
  void AddSecurityHeaders(Response& response) const;

  const Router& router_;
  Authenticator* authenticator_;
  RateLimiter& limiter_;
  obs::Logger& logger_;
  obs::MetricsRegistry& metrics_;
  PipelineOptions options_;
  IdempotencyStore* idempotency_;
  std::unique_ptr<Instruments> instruments_;
};

}  // namespace syntera::http
