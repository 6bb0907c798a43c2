#include "conversations/responder_runner.h"

namespace syntera::conversations {
namespace {

// Streams deltas to the listener under the id the final message will get.
class DeltaStream final : public ReplyStream {
 public:
  DeltaStream(ConversationService& service, const Conversation& c, const MessageId& id)
      : service_(service), conversation_(c), id_(id) {}
  Result<void> Delta(std::string_view text) override {
    if (!text.empty()) service_.PublishDelta(conversation_, id_, text);
    return Ok();
  }

 private:
  ConversationService& service_;
  const Conversation& conversation_;
  const MessageId& id_;
};

}  // namespace

Result<void> ResponderRunner::Run(const OrgId& org, const ConversationId& id,
                                  const MessageId& trigger) {
  auto request = service_.PrepareReply(org, id, trigger);
  if (!request.ok()) {
    ErrorCode code = request.error().code;
    // Not the AI's turn (a human or the queue owns it), or the conversation is gone.
    if (code == ErrorCode::kFailedPrecondition || code == ErrorCode::kNotFound) return Ok();
    return std::move(request).error();
  }
  MessageId reply_id(NewUuidV7(clock_, random_));
  DeltaStream stream(service_, request->conversation, reply_id);
  SYN_ASSIGN_OR_RETURN(ResponderReply reply, responder_.Respond(*request, stream));
  auto posted = service_.PostAgentReply(
      org, id, AgentReply{reply_id, "ai:" + trigger.str(), std::move(reply.content), std::move(reply.ai)});
  if (!posted.ok() && posted.error().code != ErrorCode::kFailedPrecondition) {
    return std::move(posted).error();
  }
  return Ok();
}

}  // namespace syntera::conversations
