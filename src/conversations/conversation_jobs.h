#pragma once
// Job glue of the conversations module (library syntera_conversations_jobs, so
// syntera_conversations does not depend on syntera_jobs):
//  - kIdleCloseQueue: a system job every minute (cron) that closes idle conversations
//    (ConversationService::CloseIdleConversations, emits conversation.ended reason "idle");
//  - kPruneUploadsQueue: a system job every hour (cron, minute 23) that deletes uploads never
//    attached to a message (ConversationService::PruneOrphanUploads);
//  - kRespondQueue: one org-scoped job per visitor/contact message to answer, payload
//    {"conversation_id","message_id"}, idempotency key "conversations.respond:<message id>",
//    enqueued by the dispatcher subscriber ResponderTrigger (see responder.h).
//
// Wiring (composition root), before the runner, cron and dispatcher start:
//   RegisterIdleClose(runner, cron, service);
//   RegisterUploadPrune(runner, cron, service);
//   RegisterResponder(runner, responder_runner);                       // when a responder exists
//   dispatcher.Subscribe("conversations.responder", "message.created", ResponderTrigger(queue));

#include "conversations/conversation_service.h"
#include "conversations/responder_runner.h"
#include "events/dispatcher.h"
#include "jobs/cron_scheduler.h"
#include "jobs/job_queue.h"
#include "jobs/job_runner.h"

namespace syntera::conversations {

inline constexpr char kIdleCloseQueue[] = "conversations.idle_close";
inline constexpr char kRespondQueue[] = "conversations.respond";
inline constexpr char kPruneUploadsQueue[] = "conversations.prune_uploads";

void RegisterIdleClose(jobs::JobRunner& runner, jobs::CronScheduler& cron,
                       ConversationService& service);
void RegisterUploadPrune(jobs::JobRunner& runner, jobs::CronScheduler& cron,
                         ConversationService& service);
void RegisterResponder(jobs::JobRunner& runner, ResponderRunner& responder,
                       jobs::QueueOptions options = {.concurrency = 4, .prefetch = 0});

// The dispatcher handler for message.created: visitor and contact messages become a
// kRespondQueue job (the job decides whether the AI answers). Errors: the queue's (the
// dispatcher retries).
events::EventHandler ResponderTrigger(jobs::JobQueue& queue);

}  // namespace syntera::conversations
