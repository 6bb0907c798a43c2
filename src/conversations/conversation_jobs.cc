#include "conversations/conversation_jobs.h"

#include <functional>

#include "conversations/conversation_events.h"

namespace syntera::conversations {

namespace {

// A system job on `queue`, enqueued by cron on `schedule`, that runs `sweep` (one attempt: the
// next run sweeps again).
void RegisterSweep(jobs::JobRunner& runner, jobs::CronScheduler& cron, const char* queue,
                   const char* schedule, std::function<Result<int>()> sweep) {
  runner.Register(queue, {.concurrency = 1, .prefetch = 0},
                  [sweep = std::move(sweep)](jobs::JobContext&) -> Result<void> {
                    SYN_ASSIGN_OR_RETURN(int done, sweep());
                    (void)done;
                    return Ok();
                  });
  jobs::EnqueueOptions opts;
  opts.max_attempts = 1;
  cron.Add(queue, schedule, queue, "{}", opts);
}

}  // namespace

void RegisterIdleClose(jobs::JobRunner& runner, jobs::CronScheduler& cron,
                       ConversationService& service) {
  RegisterSweep(runner, cron, kIdleCloseQueue, "* * * * *",
                [&service] { return service.CloseIdleConversations(); });
}

void RegisterUploadPrune(jobs::JobRunner& runner, jobs::CronScheduler& cron,
                         ConversationService& service) {
  RegisterSweep(runner, cron, kPruneUploadsQueue, "23 * * * *",
                [&service] { return service.PruneOrphanUploads(); });
}

void RegisterResponder(jobs::JobRunner& runner, ResponderRunner& responder,
                       jobs::QueueOptions options) {
  runner.Register(kRespondQueue, options, [&responder](jobs::JobContext& ctx) -> Result<void> {
    std::string conversation = PayloadString(ctx.payload(), "conversation_id");
    std::string message = PayloadString(ctx.payload(), "message_id");
    if (conversation.empty() || message.empty() || ctx.job().org_id.empty()) {
      return InvalidArgument("bad conversations.respond payload",
                             {{"payload", "needs conversation_id and message_id"}});
    }
    return responder.Run(ctx.job().org_id, ConversationId(conversation), MessageId(message));
  });
}

events::EventHandler ResponderTrigger(jobs::JobQueue& queue) {
  return [&queue](const events::DomainEvent& e) -> Result<void> {
    if (e.type != "message.created") return Ok();
    std::string role = PayloadString(e.payload, "role");
    if (role != "visitor" && role != "contact") return Ok();
    std::string conversation = PayloadString(e.payload, "conversation_id");
    std::string message = PayloadString(e.payload, "message_id");
    if (conversation.empty() || message.empty()) return Ok();
    jobs::EnqueueOptions opts;
    opts.org_id = e.org_id;
    opts.idempotency_key = "conversations.respond:" + message;
    opts.max_attempts = 3;
    opts.timeout = std::chrono::minutes(2);
    std::string payload = EventPayload()
                              .Str("conversation_id", conversation)
                              .Str("message_id", message)
                              .Build();
    auto id = queue.Enqueue(kRespondQueue, std::move(payload), opts);
    if (!id.ok()) return std::move(id).error();
    return Ok();
  };
}

}  // namespace syntera::conversations
