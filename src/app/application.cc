#include "app/application.h"

#include <filesystem>
#include <thread>

#include "app/modules.h"
#include "app/signing_key.h"
#include "base/clock.h"
#include "crypto/crypto.h"
#include "db/migrations.h"
#include "db/open.h"
#include "http/pipeline.h"
#include "http/rate_limiter.h"
#include "http/router.h"
#include "net/server.h"
#include "obs/logger.h"
#include "obs/metrics.h"
#include "obs/process_stats.h"
#include "ops/ops_routes.h"
#include "db/statistics.h"
#include "pubsub/pubsub.h"
#include "realtime/realtime_server.h"
#include "realtime/routes.h"
#include "web/web_routes.h"

namespace syntera::app {

struct Application::Parts {
  config::AppConfig config;
  std::unique_ptr<obs::Logger> logger;
  obs::MetricsRegistry metrics;
  SystemClock clock;
  crypto::SecureRandom random;
  std::unique_ptr<db::Database> db;
  std::vector<db::ModuleMigrations> migrations;
  std::unique_ptr<Modules> modules;
  http::Router router;
  std::unique_ptr<pubsub::PubSub> bus;                 // realtime fan-out (Redis or in-process)
  std::unique_ptr<realtime::RealtimeServer> realtime;  // Socket.IO at /socket.io/
  std::unique_ptr<http::RateLimiter> limiter;
  std::unique_ptr<http::Pipeline> pipeline;
  std::unique_ptr<net::Server> server;
  bool started = false;
  bool modules_started = false;
};

namespace {

http::RateRule PerMinute(int n, double burst_seconds) {
  if (n <= 0) return {};
  double per_second = n / 60.0;
  return {.capacity = std::max(1.0, per_second * burst_seconds), .refill_per_second = per_second};
}

http::PipelineOptions MakePipelineOptions(const config::AppConfig& c) {
  http::PipelineOptions o;
  o.cors_origins = c.cors_origins;
  o.tls = !c.tls_cert.empty();
  o.access_log = c.access_log;
  // Bursts of up to 10 s worth of requests, so a dashboard opening many panels is never throttled.
  o.per_ip = PerMinute(c.rate_limit_ip_per_minute, 10);
  o.per_class["api"] = PerMinute(c.rate_limit_api_per_minute, 10);
  // Authentication: a burst of 10 then the configured rate.
  http::RateRule auth = PerMinute(c.rate_limit_auth_per_minute, 0);
  if (auth.refill_per_second > 0) auth.capacity = std::max(10.0, auth.capacity);
  o.per_class["auth"] = auth;
  // Long-polling costs two requests per exchange; the per-IP bucket still bounds abuse.
  o.per_class["realtime"] = PerMinute(c.rate_limit_api_per_minute * 4, 10);
  return o;
}

net::ServerOptions MakeServerOptions(const config::AppConfig& c) {
  net::ServerOptions o;
  o.host = c.host;
  o.port = static_cast<uint16_t>(c.port);
  o.threads = c.threads;
  o.header_timeout = std::chrono::milliseconds(c.header_timeout_ms);
  o.body_timeout = std::chrono::milliseconds(c.body_timeout_ms);
  o.idle_timeout = std::chrono::milliseconds(c.idle_timeout_ms);
  o.max_connections = static_cast<size_t>(c.max_connections);
  o.tls_cert_file = c.tls_cert;
  o.tls_key_file = c.tls_key;
  o.trusted_proxies = c.trusted_proxies;
  o.drain_timeout = std::chrono::milliseconds(c.drain_timeout_ms);
  return o;
}

Error Prefixed(const std::string& what, Error e) {
  e.message = what + ": " + e.message;
  return e;
}

}  // namespace

Result<std::unique_ptr<Application>> Application::Create(const config::AppConfig& config,
                                                         BuildOptions options) {
  auto p = std::make_unique<Parts>();
  p->config = config;
  obs::LogOptions lo;
  obs::ParseLogLevel(config.log_level, &lo.level);
  lo.to_stderr = options.log_to_stderr;
  lo.async = true;
  lo.file_path = config.log_file;
  p->logger = std::make_unique<obs::Logger>(lo);
  obs::RegisterProcessMetrics(p->metrics);

  std::error_code ec;
  std::filesystem::create_directories(config.data_dir, ec);
  if (ec) return Unavailable("data directory " + config.data_dir + ": " + ec.message());

  db::SqliteOptions so;
  so.readers = std::max(2, config.db_pool_size / 2);
  db::PgOptions po;
  po.pool_size = config.db_pool_size;
  auto database = db::OpenDatabase(config.database_url, so, po);
  if (!database.ok()) return Prefixed("database", std::move(database).error());
  p->db = std::move(database).value();
  db::Database* dbp = p->db.get();
  p->metrics.AddCallbackGauge("syntera_db_pool_connections", "Database connections", {},
                              [dbp] { return dbp->Stats().size; });
  p->metrics.AddCallbackGauge("syntera_db_pool_in_use", "Database connections in use", {},
                              [dbp] { return dbp->Stats().in_use; });
  p->metrics.AddCallbackGauge("syntera_db_pool_waits_total",
                              "Times a request waited for a database connection", {},
                              [dbp] { return static_cast<double>(dbp->Stats().waits); });

  auto key = LoadOrCreateSigningKey(config.jwt_secret, config.data_dir, p->random);
  if (!key.ok()) return Prefixed("signing key", std::move(key).error());

  ModuleDeps deps{*p->db, p->clock, p->random, *p->logger, p->metrics, config, *key};
  auto modules = BuildModules(deps);
  if (!modules.ok()) return Prefixed("modules", std::move(modules).error());
  p->modules = std::move(modules).value();

  p->migrations.push_back(db::DbMigrations());
  for (auto& m : p->modules->migrations) p->migrations.push_back(m);
  if (options.apply_migrations) {
    auto report = db::ApplyMigrations(*p->db, p->migrations);
    if (!report.ok()) return Prefixed("migrations", std::move(report).error());
    if (report->applied > 0) p->logger->Info("migrations_applied", {{"count", report->applied}});
    // Planner statistics from the start (also refreshed hourly by the db.statistics job).
    if (auto stats = db::RefreshStatistics(*p->db); !stats.ok()) {
      p->logger->Warn("db_statistics_failed", {{"error", stats.error().message}});
    }
  }

  std::vector<db::ModuleMigrations>* migs = &p->migrations;
  ops::OpsDeps od;
  od.metrics = &p->metrics;
  od.version = kVersion;
  od.ready_checks.push_back({"storage", [dbp] { return dbp->Ping(); }});
  od.ready_checks.push_back({"migrations", [dbp, migs]() -> Result<void> {
                               auto up = db::MigrationsUpToDate(*dbp, *migs);
                               if (!up.ok()) return std::move(up).error();
                               if (!*up) return Unavailable("migrations pending");
                               return Ok();
                             }});
  Parts* parts = p.get();
  od.ready_checks.push_back({"jobs", [parts]() -> Result<void> {
                               if (!parts->modules_started) return Unavailable("job runner not running");
                               return Ok();
                             }});
  ops::AddOpsRoutes(p->router, std::move(od));
  p->modules->add_routes(p->router);
  if (config.redis_url.empty()) {
    p->bus = pubsub::NewInProcessPubSub();
  } else {
    SYN_ASSIGN_OR_RETURN(pubsub::RedisOptions redis, pubsub::ParseRedisUrl(config.redis_url));
    p->bus = pubsub::NewRedisPubSub(std::move(redis), *p->logger);
  }
  if (p->modules->authenticator) {
    realtime::RealtimeOptions ro;
    ro.events_per_second = config.realtime_events_per_second;
    ro.event_burst = 2.0 * config.realtime_events_per_second;
    p->realtime = std::make_unique<realtime::RealtimeServer>(
        ro, *p->modules->realtime_authenticator, p->random, *p->logger, p->bus.get());
    if (p->modules->attach_realtime) p->modules->attach_realtime(*p->realtime, p->bus.get());
    realtime::AddRealtimeRoutes(p->router, *p->realtime);
  }
  std::error_code exe_ec;
  auto exe = std::filesystem::read_symlink("/proc/self/exe", exe_ec);
  web::AddWebRoutes(p->router, web::ResolveWebDir(config.web_dir, exe));

  p->limiter = http::NewMemoryRateLimiter();
  p->pipeline = std::make_unique<http::Pipeline>(p->router, p->modules->authenticator,
                                                 *p->limiter, *p->logger, p->metrics,
                                                 MakePipelineOptions(config),
                                                 p->modules->idempotency);
  if (options.listen) {
    net::ServerOptions so_net = MakeServerOptions(config);
    if (p->realtime) {
      so_net.websocket_acceptor = p->realtime.get();
      so_net.max_ws_message_bytes = realtime::RealtimeOptions{}.max_payload;
    }
    p->server = std::make_unique<net::Server>(so_net, *p->pipeline, *p->logger, p->metrics);
  }
  return std::unique_ptr<Application>(new Application(std::move(p)));
}

Application::Application(std::unique_ptr<Parts> parts) : parts_(std::move(parts)) {}

Application::~Application() {
  if (parts_->realtime) parts_->realtime->Stop();
  if (parts_->server) {
    parts_->server->Stop();
    parts_->server->Wait();
  }
  StopBackground();
  parts_->logger->Flush();
}

Result<void> Application::StartBackground() {
  if (parts_->modules_started) return Ok();
  auto r = parts_->modules->start();
  if (!r.ok()) return Prefixed("background workers", std::move(r).error());
  parts_->modules_started = true;
  return Ok();
}

void Application::StopBackground() {
  if (!parts_->modules_started) return;
  parts_->modules_started = false;
  parts_->modules->stop(std::chrono::milliseconds(parts_->config.drain_timeout_ms));
}

Result<void> Application::Start() {
  if (!parts_->server) return FailedPrecondition("built without a listener");
  SYN_RETURN_IF_ERROR(StartBackground());
  if (Result<void> bus = parts_->bus->Start(); !bus.ok()) {
    // Not fatal: the bus reconnects by itself; until then broadcasts stay on this instance.
    parts_->logger->Warn("pubsub_unavailable", {{"error", bus.error().message}});
  }
  if (parts_->realtime) parts_->realtime->Start();
  auto started = parts_->server->Start();
  if (!started.ok()) return Prefixed("listen", std::move(started).error());
  parts_->started = true;
  parts_->logger->Info("listening", {{"url", url()}, {"version", kVersion},
                                     {"database", std::string(db::DialectName(parts_->db->dialect()))},
                                     {"data_dir", parts_->config.data_dir}});
  return Ok();
}

void Application::Stop() {
  // Realtime first: it closes sockets and releases held polls so the listener can drain.
  if (parts_->realtime) parts_->realtime->Stop();
  if (parts_->server) parts_->server->Stop();
}

void Application::Wait() {
  if (parts_->server) parts_->server->Wait();
  StopBackground();
  parts_->bus->Stop();
}

std::string Application::url() const {
  std::string scheme = parts_->config.tls_cert.empty() ? "http" : "https";
  std::string host = parts_->config.host;
  if (host == "0.0.0.0" || host == "::" || host.empty()) host = "localhost";
  if (host.find(':') != std::string::npos) host = "[" + host + "]";
  uint16_t port = parts_->server ? parts_->server->port() : 0;
  return scheme + "://" + host + ":" + std::to_string(port);
}

http::Router& Application::router() { return parts_->router; }
http::Handler& Application::handler() { return *parts_->pipeline; }
obs::Logger& Application::logger() { return *parts_->logger; }
db::Database& Application::database() { return *parts_->db; }
Modules& Application::modules() { return *parts_->modules; }

}  // namespace syntera::app
