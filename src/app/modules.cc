#include "app/modules.h"

#include "auth/api/auth_authenticator.h"
#include "auth/api/auth_routes.h"
#include "auth/auth_migrations.h"
#include "auth/auth_service.h"
#include "crm/api/crm_routes.h"
#include "crm/crm_domain_events.h"
#include "crm/crm_import.h"
#include "crm/crm_jobs.h"
#include "crm/crm_migrations.h"
#include "crm/crm_service.h"
#include "conversations/api/conversation_routes.h"
#include "db/statistics.h"
#include "idempotency/sql_idempotency_store.h"
#include "conversations/api/visitor_authenticator.h"
#include "conversations/conversation_jobs.h"
#include "conversations/conversation_listener.h"
#include "conversations/conversation_migrations.h"
#include "conversations/conversation_service.h"
#include "conversations/responder.h"
#include "conversations/responder_runner.h"
#include "conversations/socket/conversation_socket.h"
#include "conversations/visitor_token.h"
#include "conversations/widget_service.h"
#include "db/file_storage.h"
#include "events/api/event_routes.h"
#include "events/dispatcher.h"
#include "events/event_log.h"
#include "events/events_migrations.h"
#include "http/router.h"
#include "jobs/api/job_routes.h"
#include "jobs/cron_scheduler.h"
#include "jobs/job_runner.h"
#include "jobs/jobs_metrics.h"
#include "jobs/jobs_migrations.h"
#include "jobs/rabbitmq_job_queue.h"
#include "jobs/sql_job_queue.h"

#include <cstdlib>
#include <filesystem>

namespace syntera::app {
namespace {

// The realtime handshake accepts user tokens and API keys (auth) and widget visitor tokens
// (conversations); the HTTP pipeline keeps the auth authenticator alone, so visitor tokens
// are refused on every route but the widget routes, which verify them themselves.
class RealtimeAuthenticator final : public http::Authenticator {
 public:
  RealtimeAuthenticator(http::Authenticator& users, http::Authenticator& visitors)
      : users_(users), visitors_(visitors) {}
  Result<Principal> Authenticate(std::string_view bearer) override {
    if (conversations::VisitorTokens::LooksLikeVisitorToken(bearer)) {
      return visitors_.Authenticate(bearer);
    }
    return users_.Authenticate(bearer);
  }

 private:
  http::Authenticator& users_;
  http::Authenticator& visitors_;
};

// Wakes the event dispatcher after a visitor or contact message committed, so the responder
// trigger (a dispatcher subscriber) runs now rather than at its next poll.
class DispatchNudge final : public conversations::ConversationListener {
 public:
  explicit DispatchNudge(events::Dispatcher& dispatcher) : dispatcher_(dispatcher) {}
  void ConversationChanged(const conversations::Conversation&) override {}
  void MessageCreated(const conversations::Conversation&, const conversations::Message& m) override {
    if (m.sender_type == conversations::SenderType::kVisitor ||
        m.sender_type == conversations::SenderType::kContact) {
      dispatcher_.Notify();
    }
  }
  void ReplyDelta(const conversations::Conversation&, const conversations::MessageId&,
                  std::string_view) override {}
  void ReadAdvanced(const conversations::Conversation&, const conversations::ReadCursor&) override {}
  void DeliveryAdvanced(const conversations::Conversation&,
                        const conversations::ReadCursor&) override {}
  void MessageChanged(const conversations::Conversation&, const conversations::Message&,
                      conversations::MessageChange) override {}

 private:
  events::Dispatcher& dispatcher_;
};

// Members are destroyed in reverse order: routes' services after the background parts that
// use them, the queue last (before the Database, which the application owns).
struct BuiltModules final : Modules {
  std::unique_ptr<jobs::SqlJobQueue> sql_queue;
  std::unique_ptr<jobs::RabbitMqJobQueue> amqp_queue;
  std::unique_ptr<jobs::JobRunner> runner;
  std::unique_ptr<jobs::CronScheduler> cron;
  std::unique_ptr<idempotency::SqlIdempotencyStore> idempotency_store;
  std::unique_ptr<events::EventLog> event_log;
  std::unique_ptr<events::Dispatcher> dispatcher;
  std::unique_ptr<auth::AuthService> auth_service;
  std::unique_ptr<auth::AuthAuthenticator> auth_authenticator;
  std::unique_ptr<crm::CrmDomainEventSink> crm_events;
  std::unique_ptr<crm::CrmService> crm_service;
  std::unique_ptr<crm::CrmImporter> crm_importer;
  std::unique_ptr<db::LocalFileStorage> files;
  std::unique_ptr<conversations::ListenerRelay> conversation_relay;
  std::unique_ptr<DispatchNudge> dispatch_nudge;
  std::unique_ptr<conversations::ConversationService> conversations;
  std::unique_ptr<conversations::VisitorTokens> visitor_tokens;
  std::unique_ptr<conversations::WidgetService> widget;
  std::unique_ptr<conversations::VisitorAuthenticator> visitor_authenticator;
  std::unique_ptr<RealtimeAuthenticator> realtime_auth;
  std::unique_ptr<conversations::Responder> responder;  // test-only echo, or none yet
  std::unique_ptr<conversations::ResponderRunner> responder_runner;
  std::unique_ptr<conversations::ConversationSocket> conversation_socket;

  ~BuiltModules() override {
    if (conversation_relay && conversation_socket) conversation_relay->Remove(conversation_socket.get());
    if (conversation_relay && dispatch_nudge) conversation_relay->Remove(dispatch_nudge.get());
  }
};

auth::AuthOptions MakeAuthOptions(const ModuleDeps& deps) {
  auth::AuthOptions o;
  o.signing_key = deps.signing_key;
  o.access_ttl = std::chrono::seconds(deps.config.access_token_ttl_seconds);
  o.refresh_ttl = std::chrono::hours(24) * deps.config.refresh_token_ttl_days;
  o.app_url = deps.config.public_url;
  o.dev_mode = deps.config.dev_mode;
  return o;
}

// Events and jobs: the platform every domain module reacts through.
void BuildPlatform(const ModuleDeps& deps, BuiltModules& m) {
  m.migrations.push_back(events::EventsMigrations());
  m.migrations.push_back(jobs::JobsMigrations());
  jobs::JobBackend* backend = nullptr;
  if (deps.config.amqp_url.empty()) {
    m.sql_queue = std::make_unique<jobs::SqlJobQueue>(deps.db, deps.clock, deps.random);
    m.jobs = m.sql_queue.get();
    backend = m.sql_queue.get();
  } else {
    m.amqp_queue = std::make_unique<jobs::RabbitMqJobQueue>(
        deps.db, deps.clock, deps.random, deps.logger,
        jobs::AmqpOptions{.url = deps.config.amqp_url, .prefix = "syntera"});
    m.jobs = m.amqp_queue.get();
    backend = m.amqp_queue.get();
  }
  m.runner = std::make_unique<jobs::JobRunner>(*backend, deps.clock, deps.random, deps.logger,
                                               &deps.metrics);
  m.job_runner = m.runner.get();
  m.cron = std::make_unique<jobs::CronScheduler>(*m.jobs, deps.clock, deps.logger);
  // Hourly planner statistics (db/statistics.h): data grows after start-up.
  m.runner->Register("db.statistics", {.concurrency = 1, .prefetch = 0},
                     [&db = deps.db](jobs::JobContext&) { return db::RefreshStatistics(db); });
  jobs::EnqueueOptions once;
  once.max_attempts = 1;
  m.cron->Add("db.statistics", "17 * * * *", "db.statistics", "{}", once);
  // Idempotency-Key records (http/idempotency.h) live 24 hours; their migrations follow auth's.
  m.idempotency_store =
      std::make_unique<idempotency::SqlIdempotencyStore>(deps.db, deps.clock, deps.random);
  m.idempotency = m.idempotency_store.get();
  m.runner->Register("idempotency.purge", {.concurrency = 1, .prefetch = 0},
                     [store = m.idempotency_store.get()](jobs::JobContext&) { return store->Purge(); });
  m.cron->Add("idempotency.purge", "41 * * * *", "idempotency.purge", "{}", once);
  m.event_log = std::make_unique<events::EventLog>(deps.db);
  m.dispatcher = std::make_unique<events::Dispatcher>(deps.db, deps.clock, deps.logger);
  m.events = m.dispatcher.get();
}

// Conversations: the service, widget visitors, the idle close, the (test) responder.
// test_responder=echo (SYNTERA_TEST_RESPONDER, tests only) answers visitors with
// "You said: <text>" so end-to-end tests can exercise the AI seam.
void BuildConversations(const ModuleDeps& deps, BuiltModules& m) {
  m.migrations.push_back(conversations::ConversationMigrations());
  m.files = std::make_unique<db::LocalFileStorage>(std::filesystem::path(deps.config.data_dir) / "files");
  m.conversation_relay = std::make_unique<conversations::ListenerRelay>();
  m.dispatch_nudge = std::make_unique<DispatchNudge>(*m.dispatcher);
  m.conversation_relay->Add(m.dispatch_nudge.get());
  conversations::ConversationOptions options;
  options.idle_close = std::chrono::minutes(deps.config.conversation_idle_close_minutes);
  options.orphan_upload_age = std::chrono::hours(deps.config.conversation_orphan_upload_hours);
  m.conversations = std::make_unique<conversations::ConversationService>(
      deps.db, deps.clock, deps.random, *m.files, *m.conversation_relay, options);
  m.visitor_tokens = std::make_unique<conversations::VisitorTokens>(deps.signing_key, deps.clock);
  m.widget = std::make_unique<conversations::WidgetService>(
      deps.db, deps.clock, deps.random, *m.visitor_tokens, conversations::WidgetOptions{},
      m.conversation_relay.get());
  m.visitor_authenticator = std::make_unique<conversations::VisitorAuthenticator>(*m.widget);
  m.realtime_auth = std::make_unique<RealtimeAuthenticator>(*m.auth_authenticator,
                                                            *m.visitor_authenticator);
  m.realtime_authenticator = m.realtime_auth.get();
  conversations::RegisterIdleClose(*m.runner, *m.cron, *m.conversations);
  conversations::RegisterUploadPrune(*m.runner, *m.cron, *m.conversations);
  if (deps.config.test_responder == "echo") {
    m.responder = std::make_unique<conversations::EchoResponder>();
  }
  if (m.responder) {
    m.responder_runner = std::make_unique<conversations::ResponderRunner>(
        *m.conversations, *m.responder, deps.clock, deps.random);
    conversations::RegisterResponder(*m.runner, *m.responder_runner);
    m.dispatcher->Subscribe("conversations.responder", "message.created",
                            conversations::ResponderTrigger(*m.jobs));
  }
}

}  // namespace

Result<std::unique_ptr<Modules>> BuildModules(const ModuleDeps& deps) {
  auto m = std::make_unique<BuiltModules>();
  try {
    BuildPlatform(deps, *m);
    m->auth_service = std::make_unique<auth::AuthService>(deps.db, deps.clock, deps.random,
                                                          deps.logger, MakeAuthOptions(deps));
  } catch (const std::invalid_argument& e) {
    return InvalidArgument(std::string("modules: ") + e.what());
  }
  m->auth_authenticator = std::make_unique<auth::AuthAuthenticator>(*m->auth_service);
  m->auth = m->auth_service.get();
  m->authenticator = m->auth_authenticator.get();
  m->migrations.push_back(auth::AuthMigrations());
  m->migrations.push_back(idempotency::IdempotencyMigrations());  // references organizations
  m->crm_events = std::make_unique<crm::CrmDomainEventSink>(deps.clock, deps.random);
  m->crm_service =
      std::make_unique<crm::CrmService>(deps.db, deps.clock, deps.random, *m->crm_events);
  m->migrations.push_back(crm::CrmMigrations());
  m->crm_importer = std::make_unique<crm::CrmImporter>(deps.db, deps.clock, deps.random,
                                                       *m->crm_service,
                                                       crm::JobQueueImportEnqueue(*m->jobs));
  crm::RegisterCrmJobs(*m->runner, *m->crm_importer);
  crm::RegisterCrmTaskDue(*m->runner, *m->cron, *m->crm_service);
  BuildConversations(deps, *m);

  BuiltModules* b = m.get();
  m->add_routes = [b](http::Router& router) {
    auth::AddAuthRoutes(router, *b->auth_service);
    events::AddEventRoutes(router, *b->event_log);
    jobs::AddJobRoutes(router, *b->jobs);
    crm::AddCrmRoutes(router, *b->crm_service);
    crm::AddCrmImportRoutes(router, *b->crm_importer);
    conversations::AddConversationRoutes(router, *b->conversations);
    conversations::AddWidgetRoutes(router, *b->widget, *b->conversations,
                                   *b->visitor_authenticator);
  };
  m->attach_realtime = [b, &clock = deps.clock, &random = deps.random](
                           realtime::RealtimeServer& server, pubsub::PubSub* bus) {
    b->conversation_socket = std::make_unique<conversations::ConversationSocket>(
        server, *b->conversations, bus, clock, random);
    b->conversation_relay->Add(b->conversation_socket.get());
  };
  jobs::AddQueueDepthGauges(deps.metrics, *m->jobs, {});
  m->start = [b]() -> Result<void> {
    if (b->amqp_queue) SYN_RETURN_IF_ERROR(b->amqp_queue->Connect());
    SYN_RETURN_IF_ERROR(b->runner->Start());
    SYN_RETURN_IF_ERROR(b->cron->Start());
    SYN_RETURN_IF_ERROR(b->dispatcher->Start());
    if (b->conversation_socket) b->conversation_socket->Start();  // presence across instances
    return Ok();
  };
  m->stop = [b](std::chrono::milliseconds deadline) {
    if (b->conversation_socket) b->conversation_socket->Stop();
    b->dispatcher->Stop();
    b->cron->Stop();
    b->runner->Stop(deadline);
  };
  return std::unique_ptr<Modules>(std::move(m));
}

}  // namespace syntera::app
