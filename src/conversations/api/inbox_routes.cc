// Routes: the human inbox (claim, assign, unassign, transfer, release, resolve, handoff, read)
// and the caller's inbox counters.

#include "conversations/api/handlers.h"
#include "conversations/api/route_groups.h"
#include "conversations/api/route_util.h"
#include "conversations/api/schemas.h"

namespace syntera::conversations::api {
namespace {

using http::Isolation;
using http::Method;
namespace bj = boost::json;

using Action = Result<Conversation> (ConversationService::*)(const Principal&, const ConversationId&);
using UserAction = Result<Conversation> (ConversationService::*)(const Principal&,
                                                                 const ConversationId&,
                                                                 const UserId&);

http::RouteHandler Simple(ConversationService* s, Action action) {
  return [s, action](http::RouteContext& c) -> Result<http::Response> {
    SYN_ASSIGN_OR_RETURN(Conversation conv, (s->*action)(c.who(), ConversationOf(c)));
    return json::Reply(200, ConversationJson(conv, Audience::kStaff));
  };
}

http::RouteHandler WithUser(ConversationService* s, UserAction action) {
  return [s, action](http::RouteContext& c) -> Result<http::Response> {
    SYN_ASSIGN_OR_RETURN(bj::object body, json::ParseObject(c.request));
    json::Reader in(body);
    std::string user = in.RequiredString("user_id", {.min_len = 1, .max_len = 100});
    SYN_RETURN_IF_ERROR(in.Finish());
    SYN_ASSIGN_OR_RETURN(Conversation conv, (s->*action)(c.who(), ConversationOf(c), UserId(user)));
    return json::Reply(200, ConversationJson(conv, Audience::kStaff));
  };
}

struct ActionDoc {
  const char* path;
  const char* summary;
  const char* description;
};

}  // namespace

void AddInboxRoutes(http::Router& router, ConversationService& service) {
  ConversationService* s = &service;
  const std::string base = "/api/v1/conversations/{id}";

  http::Route claim = StaffRoute(Method::kPost, base + "/claim", "Claim a conversation",
                                 Role::kMember, Isolation::kResource,
                                 Simple(s, &ConversationService::Claim));
  claim.access = http::Access::kUserOnly;
  claim.doc.description =
      "Assigns the conversation to the caller (status open): the AI stops answering. 409 when "
      "another member has it (use transfer). Emits conversation.assigned.";
  claim.doc.response_schema = schema::Conversation();
  router.Add(std::move(claim));

  for (auto [path, summary, description, action] :
       {std::tuple{"/assign", "Assign a conversation",
                   "Assigns to `user_id` (a member, else 400), status open. Emits conversation.assigned.",
                   &ConversationService::Assign},
        std::tuple{"/transfer", "Transfer a conversation",
                   "From the assigned member to `user_id`; 422 when no member is assigned.",
                   &ConversationService::Transfer}}) {
    http::Route r = StaffRoute(Method::kPost, base + path, summary, Role::kMember,
                               Isolation::kResource, WithUser(s, action));
    r.doc.description = description;
    r.doc.request_schema = schema::UserInput();
    r.doc.example_request = R"({"user_id":"00000000-0000-7000-8000-000000000001"})";
    r.doc.response_schema = schema::Conversation();
    router.Add(std::move(r));
  }

  for (auto [path, summary, description, action] :
       {std::tuple{"/unassign", "Unassign a conversation",
                   "Nobody assigned: back to the queue (status waiting_for_human). Emits "
                   "conversation.assigned (assignee_type none).",
                   &ConversationService::Unassign},
        std::tuple{"/release", "Release to the AI",
                   "The AI answers again (assignee ai, status open). Emits conversation.assigned.",
                   &ConversationService::Release},
        std::tuple{"/resolve", "Resolve a conversation",
                   "Status resolved; the conversation ends. Emits conversation.resolved and "
                   "conversation.ended. A later visitor message reopens it.",
                   &ConversationService::Resolve}}) {
    http::Route r = StaffRoute(Method::kPost, base + path, summary, Role::kMember,
                               Isolation::kResource, Simple(s, action));
    r.doc.description = description;
    r.doc.response_schema = schema::Conversation();
    router.Add(std::move(r));
  }

  http::Route handoff = StaffRoute(Method::kPost, base + "/handoff", "Request a human",
                                   Role::kMember, Isolation::kResource,
                                   [s](http::RouteContext& c) { return HandoffReply(*s, c.who(), c); });
  handoff.doc.description =
      "Status waiting_for_human, nobody assigned: the AI stops and the conversation waits in "
      "the inbox. 422 when a member is assigned or it is resolved/closed. Emits "
      "conversation.handoff_requested.";
  handoff.doc.request_schema = schema::HandoffInput();
  handoff.doc.example_request = R"({"reason":"billing question"})";
  handoff.doc.response_schema = schema::Conversation();
  router.Add(std::move(handoff));

  http::Route read = StaffRoute(Method::kPost, base + "/read", "Mark messages read",
                                Role::kViewer, Isolation::kResource,
                                [s](http::RouteContext& c) { return ReadReply(*s, c.who(), c); });
  read.access = http::Access::kUserOnly;
  read.doc.description =
      "Moves the caller's read cursor to `message_id` (never backwards); unread counts follow.";
  read.doc.request_schema = schema::ReadInput();
  read.doc.example_request = R"({"message_id":"00000000-0000-7000-8000-000000000001"})";
  read.doc.response_schema = schema::ReadCursor();
  router.Add(std::move(read));

  http::Route delivered = StaffRoute(
      Method::kPost, base + "/delivered", "Mark messages delivered", Role::kViewer,
      Isolation::kResource, [s](http::RouteContext& c) { return DeliveredReply(*s, c.who(), c); });
  delivered.access = http::Access::kUserOnly;
  delivered.doc.description =
      "Moves the caller's delivery cursor to `message_id` (never backwards): a client of the "
      "caller received every message up to it. The other side sees `delivered_at` and the "
      "socket event `message:delivered`. Reading implies delivery.";
  delivered.doc.request_schema = schema::ReadInput();
  delivered.doc.example_request = R"({"message_id":"00000000-0000-7000-8000-000000000001"})";
  delivered.doc.response_schema = schema::ReadCursor();
  router.Add(std::move(delivered));

  http::Route counts = StaffRoute(Method::kGet, "/api/v1/inbox/counts", "Inbox counters",
                                  Role::kViewer, Isolation::kSelf,
                                  [s](http::RouteContext& c) -> Result<http::Response> {
                                    SYN_ASSIGN_OR_RETURN(InboxCounts n, s->CountInbox(c.who()));
                                    return json::Reply(200, InboxCountsJson(n));
                                  });
  counts.doc.description =
      "waiting (status waiting_for_human), unassigned (nobody, not the AI), mine (assigned to "
      "the caller) and unread (the caller's conversations with unread messages); open and "
      "waiting conversations only. mine and unread are 0 for API keys.";
  counts.doc.response_schema = schema::InboxCounts();
  router.Add(std::move(counts));
}

}  // namespace syntera::conversations::api
