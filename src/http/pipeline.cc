#include "http/pipeline.h"

#include <algorithm>
#include <exception>
#include <random>
#include <shared_mutex>
#include <unordered_map>

#include "base/encoding.h"
#include "http/error_response.h"
#include "http/idempotency.h"
#include "obs/logger.h"
#include "obs/metrics.h"

namespace syntera::http {

// Caches the metric series per (method, route, status) so the hot path takes one shared lock
// and a hash lookup instead of the registry's exclusive lock and label rendering.
struct Pipeline::Instruments {
  explicit Instruments(obs::MetricsRegistry& m)
      : in_flight(m.GetGauge("syntera_http_requests_in_flight", "HTTP requests being handled")) {}

  void Observe(obs::MetricsRegistry& m, std::string_view method, std::string_view route,
               int status, double seconds) {
    std::string key;
    key.reserve(method.size() + route.size() + 5);
    key.append(method).append(" ").append(route).append(" ").append(std::to_string(status));
    Series* series = nullptr;
    {
      std::shared_lock lock(mu);
      if (auto it = cache.find(key); it != cache.end()) series = &it->second;
    }
    if (!series) {
      Series s{
          &m.GetCounter("syntera_http_requests_total", "HTTP requests by route template and status",
                        {{"method", std::string(method)}, {"route", std::string(route)},
                         {"status", std::to_string(status)}}),
          &m.GetHistogram("syntera_http_request_duration_seconds", "HTTP request latency",
                          {{"method", std::string(method)}, {"route", std::string(route)}},
                          obs::LatencyBuckets())};
      std::unique_lock lock(mu);
      series = &cache.try_emplace(key, s).first->second;
    }
    series->requests->Inc();
    series->latency->Observe(seconds);
  }

  struct Series {
    obs::Counter* requests;
    obs::Histogram* latency;
  };
  obs::Gauge& in_flight;
  std::shared_mutex mu;  // guards cache (entries are never removed: bounded by the route table)
  std::unordered_map<std::string, Series> cache;
};

namespace {

constexpr std::string_view kRequestIdHeader = "X-Request-Id";

bool ValidRequestId(std::string_view id) {
  if (id.empty() || id.size() > 128) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '-' || c == '_' || c == '.' || c == ':';
  });
}

std::string NewRequestId() {
  // Request ids need uniqueness, not secrecy: a per-thread PRNG avoids a syscall per request.
  thread_local std::mt19937_64 rng{std::random_device{}()};
  uint64_t a = rng(), b = rng();
  uint8_t bytes[12];
  for (int i = 0; i < 8; ++i) bytes[i] = static_cast<uint8_t>(a >> (8 * i));
  for (int i = 0; i < 4; ++i) bytes[8 + i] = static_cast<uint8_t>(b >> (8 * i));
  return HexEncode(std::span<const uint8_t>(bytes, sizeof bytes));
}

std::string JoinMethods(const std::vector<Method>& methods) {
  std::string out;
  bool has_get = false, has_head = false;
  for (Method m : methods) {
    has_get |= m == Method::kGet;
    has_head |= m == Method::kHead;
  }
  std::vector<Method> all = methods;
  if (has_get && !has_head) all.push_back(Method::kHead);
  all.push_back(Method::kOptions);
  for (Method m : all) {
    if (!out.empty()) out += ", ";
    out += MethodName(m);
  }
  return out;
}

std::optional<std::string_view> BearerToken(const Request& request) {
  auto h = request.headers.Get("Authorization");
  if (!h) return std::nullopt;
  std::string_view v = TrimAscii(*h);
  if (v.size() < 7 || ToLowerAscii(v.substr(0, 7)) != "bearer ") return std::nullopt;
  std::string_view token = TrimAscii(v.substr(7));
  if (token.empty()) return std::nullopt;
  return token;
}

}  // namespace

Pipeline::Pipeline(const Router& router, Authenticator* authenticator, RateLimiter& limiter,
                   obs::Logger& logger, obs::MetricsRegistry& metrics, PipelineOptions options,
                   IdempotencyStore* idempotency)
    : router_(router),
      authenticator_(authenticator),
      limiter_(limiter),
      logger_(logger),
      metrics_(metrics),
      options_(std::move(options)),
      idempotency_(idempotency),
      instruments_(std::make_unique<Instruments>(metrics)) {}

Pipeline::~Pipeline() = default;

size_t Pipeline::MaxBodyBytes(Method method, std::string_view path) const {
  RouteMatch m = router_.Match(method, path);
  return m.route ? m.route->max_body_bytes : kDefaultMaxBody;
}

Response Pipeline::Handle(Request& request) {
  auto start = std::chrono::steady_clock::now();
  instruments_->in_flight.Add(1);
  auto rid = request.headers.Get(kRequestIdHeader);
  std::string request_id = rid && ValidRequestId(*rid) ? std::string(*rid) : NewRequestId();
  request.headers.Set(kRequestIdHeader, request_id);

  RouteMatch match = router_.Match(request.method, request.path);
  std::string credential;
  Result<Response> result = Dispatch(request, match, credential);
  Response response;
  if (result.ok()) {
    response = std::move(result).value();
  } else {
    const Error& e = result.error();
    if (e.code == ErrorCode::kInternal) {
      logger_.Error("request_failed", {{"request_id", request_id}, {"error", e.message}});
    }
    response = ErrorResponse(e);
  }
  response.headers.Set(kRequestIdHeader, request_id);
  Finish(request, match.route, response, start);
  instruments_->in_flight.Add(-1);
  return response;
}

Result<Response> Pipeline::Dispatch(Request& request, const RouteMatch& match,
                                    std::string& credential) {
  if (!match.path_exists()) return NotFound("no route for " + request.path);
  if (!match.route) {
    if (request.method == Method::kOptions) {
      Response r = Response::NoContent();
      r.headers.Set("Allow", JoinMethods(match.allowed));
      if (auto origin = request.headers.Get("Origin")) {
        r.headers.Set("Access-Control-Allow-Methods", JoinMethods(match.allowed));
        auto req_headers = request.headers.Get("Access-Control-Request-Headers");
        r.headers.Set("Access-Control-Allow-Headers",
                      req_headers ? std::string(*req_headers)
                                  : "Authorization, Content-Type, Idempotency-Key, X-Request-Id");
        r.headers.Set("Access-Control-Max-Age", "600");
        // A preflight for a route open to any origin (the widget's) is answered for any origin.
        auto wanted = request.headers.Get("Access-Control-Request-Method");
        const Route* target =
            wanted ? router_.Match(ParseMethod(*wanted), request.path).route : nullptr;
        if (target && target->cors == Cors::kAnyOrigin) {
          r.headers.Set("Access-Control-Allow-Origin", "*");
        }
      }
      return r;
    }
    return MethodNotAllowed(JoinMethods(match.allowed));
  }
  const Route& route = *match.route;
  RateDecision ip = limiter_.Take("ip:" + request.client_ip, options_.per_ip);
  if (!ip.allowed) return RateLimited(ip.retry_after_seconds);
  if (request.body.size() > route.max_body_bytes) {
    return PayloadTooLarge("the body exceeds " + std::to_string(route.max_body_bytes) + " bytes");
  }

  Principal principal;
  RouteContext ctx{request, nullptr, match.params};
  if (route.access != Access::kPublic) {
    auto token = BearerToken(request);
    if (!token) return Unauthenticated("send Authorization: Bearer <access token or API key>");
    if (!authenticator_) return Internal("no authenticator configured");
    SYN_ASSIGN_OR_RETURN(principal, authenticator_->Authenticate(*token));
    credential = principal.credential_id();
    if (route.access == Access::kUserOnly && principal.kind != CredentialKind::kUserToken) {
      return PermissionDenied("this operation needs a signed-in user, not an API key");
    }
    if (!RoleAtLeast(principal.role, route.min_role)) {
      return PermissionDenied("this needs the " + std::string(RoleName(route.min_role)) +
                              " role or higher");
    }
    ctx.principal = &principal;
  }
  if (auto it = options_.per_class.find(route.rate_class); it != options_.per_class.end()) {
    std::string key = route.rate_class + ":" +
                      (credential.empty() || route.rate_class == "auth" ? "ip:" + request.client_ip
                                                                        : credential);
    RateDecision d = limiter_.Take(key, it->second);
    if (!d.allowed) return RateLimited(d.retry_after_seconds);
  }
  try {
    if (route.idempotent && idempotency_ != nullptr) return RunIdempotent(*idempotency_, route, ctx);
    return route.handler(ctx);
  } catch (const std::exception& ex) {
    return Internal(std::string("unhandled exception: ") + ex.what());
  }
}

void Pipeline::Finish(const Request& request, const Route* route, Response& response,
                      std::chrono::steady_clock::time_point start) {
  AddCors(request, route, response);
  AddSecurityHeaders(response);
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::string_view route_label = route ? std::string_view(route->path) : "unmatched";
  std::string_view method = MethodName(request.method);
  instruments_->Observe(metrics_, method, route_label, response.status, seconds);
  if (options_.access_log && logger_.Enabled(obs::LogLevel::kInfo)) {
    logger_.Info("http_request",
                 {{"method", method},
                  {"route", route_label},
                  {"status", response.status},
                  {"bytes", static_cast<int64_t>(response.body.size())},
                  {"duration_ms", seconds * 1000.0},
                  {"request_id", *response.headers.Get(kRequestIdHeader)},
                  {"client_ip", request.client_ip}});
  }
}

void Pipeline::AddCors(const Request& request, const Route* route, Response& response) const {
  auto origin = request.headers.Get("Origin");
  if (!origin || response.headers.Has("Access-Control-Allow-Origin")) return;
  if (route != nullptr && route->cors == Cors::kAnyOrigin) {
    response.headers.Set("Access-Control-Allow-Origin", "*");
    response.headers.Set("Access-Control-Expose-Headers", "X-Request-Id, Retry-After");
    // The widget's responses are read by scripts on other sites.
    response.headers.Set("Cross-Origin-Resource-Policy", "cross-origin");
    return;
  }
  if (options_.cors_origins.empty()) return;
  bool any = std::find(options_.cors_origins.begin(), options_.cors_origins.end(), "*") !=
             options_.cors_origins.end();
  bool listed = std::find(options_.cors_origins.begin(), options_.cors_origins.end(), *origin) !=
                options_.cors_origins.end();
  if (!any && !listed) return;
  response.headers.Set("Access-Control-Allow-Origin", any && !listed ? "*" : std::string(*origin));
  response.headers.Set("Vary", "Origin");
  response.headers.Set("Access-Control-Expose-Headers", "X-Request-Id, Retry-After");
}

void Pipeline::AddSecurityHeaders(Response& response) const {
  auto& h = response.headers;
  if (!h.Has("Content-Security-Policy")) h.Set("Content-Security-Policy", options_.content_security_policy);
  h.Set("X-Content-Type-Options", "nosniff");
  h.Set("Referrer-Policy", "no-referrer");
  h.Set("X-Frame-Options", "DENY");
  h.Set("Cross-Origin-Opener-Policy", "same-origin");
  if (!h.Has("Cross-Origin-Resource-Policy")) h.Set("Cross-Origin-Resource-Policy", "same-origin");
  h.Set("X-DNS-Prefetch-Control", "off");
  h.Set("X-Download-Options", "noopen");
  h.Set("X-Permitted-Cross-Domain-Policies", "none");
  h.Set("Origin-Agent-Cluster", "?1");
  h.Set("X-XSS-Protection", "0");
  if (options_.tls) h.Set("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
  if (!h.Has("Cache-Control")) h.Set("Cache-Control", "no-store");
}

}  // namespace syntera::http
