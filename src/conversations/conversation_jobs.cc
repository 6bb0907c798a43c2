#include "conversations/conversation_jobs.h"

#include "conversations/conversation_events.h"

namespace syntera::conversations {

void RegisterIdleClose(jobs::JobRunner& runner, jobs::CronScheduler& cron,
                       ConversationService& service) {
  runner.Register(kIdleCloseQueue, {.concurrency = 1, .prefetch = 0},
                  [&service](jobs::JobContext&) -> Result<void> {
                    SYN_ASSIGN_OR_RETURN(int closed, service.CloseIdleConversations());
                    (void)closed;
                    return Ok();
                  });
  jobs::EnqueueOptions opts;
  opts.max_attempts = 1;
  cron.Add(kIdleCloseQueue, "* * * * *", kIdleCloseQueue, "{}", opts);
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
