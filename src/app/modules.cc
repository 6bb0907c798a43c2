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

namespace syntera::app {
namespace {

// Members are destroyed in reverse order: routes' services after the background parts that
// use them, the queue last (before the Database, which the application owns).
struct BuiltModules final : Modules {
  std::unique_ptr<jobs::SqlJobQueue> sql_queue;
  std::unique_ptr<jobs::RabbitMqJobQueue> amqp_queue;
  std::unique_ptr<jobs::JobRunner> runner;
  std::unique_ptr<jobs::CronScheduler> cron;
  std::unique_ptr<events::EventLog> event_log;
  std::unique_ptr<events::Dispatcher> dispatcher;
  std::unique_ptr<auth::AuthService> auth_service;
  std::unique_ptr<auth::AuthAuthenticator> auth_authenticator;
  std::unique_ptr<crm::CrmDomainEventSink> crm_events;
  std::unique_ptr<crm::CrmService> crm_service;
  std::unique_ptr<crm::CrmImporter> crm_importer;
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
  m.event_log = std::make_unique<events::EventLog>(deps.db);
  m.dispatcher = std::make_unique<events::Dispatcher>(deps.db, deps.clock, deps.logger);
  m.events = m.dispatcher.get();
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
  m->crm_events = std::make_unique<crm::CrmDomainEventSink>(deps.clock, deps.random);
  m->crm_service =
      std::make_unique<crm::CrmService>(deps.db, deps.clock, deps.random, *m->crm_events);
  m->migrations.push_back(crm::CrmMigrations());
  m->crm_importer = std::make_unique<crm::CrmImporter>(deps.db, deps.clock, deps.random,
                                                       *m->crm_service,
                                                       crm::JobQueueImportEnqueue(*m->jobs));
  crm::RegisterCrmJobs(*m->runner, *m->crm_importer);

  BuiltModules* b = m.get();
  m->add_routes = [b](http::Router& router) {
    auth::AddAuthRoutes(router, *b->auth_service);
    events::AddEventRoutes(router, *b->event_log);
    jobs::AddJobRoutes(router, *b->jobs);
    crm::AddCrmRoutes(router, *b->crm_service);
    crm::AddCrmImportRoutes(router, *b->crm_importer);
  };
  jobs::AddQueueDepthGauges(deps.metrics, *m->jobs, {});
  m->start = [b]() -> Result<void> {
    if (b->amqp_queue) SYN_RETURN_IF_ERROR(b->amqp_queue->Connect());
    SYN_RETURN_IF_ERROR(b->runner->Start());
    SYN_RETURN_IF_ERROR(b->cron->Start());
    SYN_RETURN_IF_ERROR(b->dispatcher->Start());
    return Ok();
  };
  m->stop = [b](std::chrono::milliseconds deadline) {
    b->dispatcher->Stop();
    b->cron->Stop();
    b->runner->Stop(deadline);
  };
  return std::unique_ptr<Modules>(std::move(m));
}

}  // namespace syntera::app
