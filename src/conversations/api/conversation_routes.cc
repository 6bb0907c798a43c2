// Routes: conversations and their messages, transcripts, threads and attachments (staff).

#include "conversations/api/conversation_routes.h"

#include "base/encoding.h"

#include "conversations/api/handlers.h"
#include "conversations/api/route_util.h"
#include "conversations/api/schemas.h"
#include "conversations/api/route_groups.h"

namespace syntera::conversations {
namespace api {
namespace {

using http::Isolation;
using http::Method;
namespace bj = boost::json;

Result<void> ReadFilter(const http::RouteContext& ctx, Query& q, ConversationFilter& f) {
  if (auto v = q.String("status", 200)) {
    size_t start = 0;
    while (start <= v->size()) {
      size_t comma = v->find(',', start);
      if (comma == std::string::npos) comma = v->size();
      auto s = ParseStatus(v->substr(start, comma - start));
      if (!s) {
        q.Fail("status", "must be a comma-separated list of open, waiting_for_human, resolved, closed");
        break;
      }
      f.statuses.push_back(*s);
      start = comma + 1;
    }
  }
  if (auto v = q.String("channel", 20)) {
    f.channel = ParseChannel(*v);
    if (!f.channel) q.Fail("channel", "must be one of web_widget, api, voice, phone, email, sms");
  }
  if (auto v = q.String("assignee", 100)) {
    if (*v == "ai") {
      f.assignee_type = AssigneeType::kAi;
    } else if (*v == "unassigned") {
      f.assignee_type = AssigneeType::kNone;
    } else if (*v == "me") {
      if (ctx.who().kind != CredentialKind::kUserToken) {
        q.Fail("assignee", "\"me\" needs a signed-in user, not an API key");
      }
      f.assignee_type = AssigneeType::kUser;
      f.assignee_user_id = ctx.who().user_id;
    } else {
      f.assignee_type = AssigneeType::kUser;
      f.assignee_user_id = UserId(*v);
    }
  }
  if (auto v = q.String("agent_id", 100)) f.agent_id = AgentId(*v);
  if (auto v = q.String("contact_id", 100)) f.contact_id = ContactId(*v);
  if (auto v = q.String("tag", 64)) f.tag = ToLowerAscii(*v);
  f.created_from = q.Time("created_from");
  f.created_to = q.Time("created_to");
  f.updated_from = q.Time("updated_from");
  f.updated_to = q.Time("updated_to");
  f.q = q.String("q", 200).value_or("");
  if (auto v = q.String("sort", 20)) {
    auto sort = ParseConversationSort(*v);
    if (!sort) q.Fail("sort", "must be -updated_at, -created_at or created_at");
    f.sort = sort.value_or(ConversationSort::kUpdatedDesc);
  }
  f.count = q.Bool("count").value_or(false);
  return Ok();
}

Result<http::Response> ListConversations(ConversationService& s, http::RouteContext& ctx) {
  Query q(ctx.request);
  ConversationFilter f;
  SYN_RETURN_IF_ERROR(ReadFilter(ctx, q, f));
  PageRequest page = q.Page();
  SYN_RETURN_IF_ERROR(q.Finish());
  SYN_ASSIGN_OR_RETURN(Page<Conversation> list, s.ListConversations(ctx.who(), f, page));
  bj::array data;
  for (const auto& c : list.items) data.push_back(ConversationJson(c, Audience::kStaff));
  return json::ReplyList(std::move(data), list.next_cursor, list.total);
}

Result<http::Response> CreateConversation(ConversationService& s, http::RouteContext& ctx) {
  SYN_ASSIGN_OR_RETURN(bj::object body, json::ParseObject(ctx.request));
  json::Reader in(body);
  NewConversation input = ReadNewConversation(body, in);
  SYN_RETURN_IF_ERROR(in.Finish());
  SYN_ASSIGN_OR_RETURN(PostedMessage created, s.CreateConversation(ctx.who(), input));
  bj::object out = ConversationJson(created.conversation, Audience::kStaff);
  if (created.created) out["message"] = MessageJson(created.message, Audience::kStaff);
  return json::Reply(201, out);
}

Result<http::Response> PatchConversation(ConversationService& s, http::RouteContext& ctx) {
  SYN_ASSIGN_OR_RETURN(bj::object body, json::ParseObject(ctx.request));
  json::Reader in(body);
  ConversationPatch patch = ReadConversationPatch(body, in);
  SYN_RETURN_IF_ERROR(in.Finish());
  SYN_ASSIGN_OR_RETURN(Conversation c, s.UpdateConversation(ctx.who(), ConversationOf(ctx), patch));
  return json::Reply(200, ConversationJson(c, Audience::kStaff));
}

Result<http::Response> Transcript(ConversationService& s, http::RouteContext& ctx) {
  Query q(ctx.request);
  std::string format = q.String("format", 10).value_or("json");
  if (format != "json" && format != "text") q.Fail("format", "must be json or text");
  SYN_RETURN_IF_ERROR(q.Finish());
  SYN_ASSIGN_OR_RETURN(auto t, s.GetTranscript(ctx.who(), ConversationOf(ctx)));
  if (format == "text") {
    http::Response r = http::Response::Text(200, TranscriptText(t.first, t.second));
    r.headers.Set("Content-Disposition",
                  "attachment; filename=\"conversation-" + t.first.id.str() + ".txt\"");
    return r;
  }
  bj::array messages;
  for (const auto& m : t.second) messages.push_back(MessageJson(m, Audience::kStaff));
  return json::Reply(200, bj::object{{"conversation", ConversationJson(t.first, Audience::kStaff)},
                                     {"messages", std::move(messages)}});
}

Result<http::Response> CreateThread(ConversationService& s, http::RouteContext& ctx) {
  SYN_ASSIGN_OR_RETURN(bj::object body, json::ParseObject(ctx.request));
  json::Reader in(body);
  std::string title = in.RequiredString("title", {.min_len = 1, .max_len = kMaxThreadTitleBytes});
  SYN_RETURN_IF_ERROR(in.Finish());
  SYN_ASSIGN_OR_RETURN(Thread t, s.CreateThread(ctx.who(), ConversationOf(ctx), title));
  return json::Reply(201, ThreadJson(t));
}

// A staff route whose handler takes the principal explicitly.
http::RouteHandler AsCaller(ConversationService* s,
                            Result<http::Response> (*fn)(ConversationService&, const Principal&,
                                                         http::RouteContext&)) {
  return [s, fn](http::RouteContext& c) { return fn(*s, c.who(), c); };
}

}  // namespace

void AddConversationCoreRoutes(http::Router& router, ConversationService& service) {
  ConversationService* s = &service;
  const std::string base = "/api/v1/conversations";

  http::Route create = StaffRoute(Method::kPost, base, "Start a conversation", Role::kMember,
                                  Isolation::kCollection,
                                  [s](http::RouteContext& c) { return CreateConversation(*s, c); });
  create.doc.description =
      "Creates a conversation on the `api` channel (or voice, phone, email, sms), optionally "
      "for a CRM contact (`contact_id`, 400 when not a contact of the organization) and an "
      "agent, with `message` as a first message from the caller (then returned as `message`). "
      "Emits conversation.started (and message.created).";
  create.doc.request_schema = schema::NewConversation();
  create.doc.example_request = R"({"subject":"Order 1042","tags":["billing"],"message":"Hello"})";
  create.doc.response_schema = schema::Conversation();
  create.doc.success_status = 201;
  create.idempotent = true;
  router.Add(std::move(create));

  http::Route list = StaffRoute(Method::kGet, base, "List conversations", Role::kViewer,
                                Isolation::kCollection,
                                [s](http::RouteContext& c) { return ListConversations(*s, c); });
  list.doc.description =
      "Filters: status (comma list), channel, assignee (a user id, `me`, `unassigned` or `ai`), "
      "agent_id, contact_id, tag, created_from/created_to and updated_from/updated_to "
      "(RFC 3339, from inclusive, to exclusive), q (full-text: every word, as a prefix, in the "
      "subject and summary or in one message — `ord 104` finds \"Order 1042\"). sort: "
      "-updated_at (default), -created_at, created_at. "
      "count=true adds `total`. unread_count is the caller's.";
  list.doc.query_params = {"status", "channel", "assignee", "agent_id", "contact_id", "tag",
                           "created_from", "created_to", "updated_from", "updated_to", "q",
                           "sort", "count", "limit", "cursor"};
  list.doc.response_schema = schema::ListOf(schema::Conversation());
  router.Add(std::move(list));

  http::Route get = StaffRoute(Method::kGet, base + "/{id}", "Get a conversation", Role::kViewer,
                               Isolation::kResource, AsCaller(s, GetConversationReply));
  get.doc.response_schema = schema::Conversation();
  router.Add(std::move(get));

  http::Route patch = StaffRoute(Method::kPatch, base + "/{id}", "Update a conversation",
                                 Role::kMember, Isolation::kResource,
                                 [s](http::RouteContext& c) { return PatchConversation(*s, c); });
  patch.doc.description =
      "Only the fields sent change. `status` and `assignee` behave as the inbox actions "
      "(resolved ends the conversation; waiting_for_human requests a human; `assignee`: \"ai\", "
      "\"unassigned\" or a member's user id). `metadata` replaces the whole object (≤ 16 KiB).";
  patch.doc.request_schema = schema::ConversationPatch();
  patch.doc.example_request = R"({"priority":"high","tags":["vip"]})";
  patch.doc.response_schema = schema::Conversation();
  router.Add(std::move(patch));

  http::Route messages = StaffRoute(Method::kGet, base + "/{id}/messages", "List messages",
                                    Role::kViewer, Isolation::kResource,
                                    AsCaller(s, ListMessagesReply));
  messages.doc.description = "Oldest first; thread_id filters to one thread. Includes private notes.";
  messages.doc.query_params = {"thread_id", "limit", "cursor"};
  messages.doc.response_schema = schema::ListOf(schema::Message());
  router.Add(std::move(messages));

  http::Route post = StaffRoute(Method::kPost, base + "/{id}/messages", "Post a message",
                                Role::kMember, Isolation::kResource, AsCaller(s, PostMessageReply));
  post.doc.description =
      "Content: Markdown, up to 32 KiB. type `note` is a private note (staff only). "
      "sender_type: user (default for user tokens), contact (default for API keys: the "
      "customer speaking through the API channel) or system. A `client_message_id` already "
      "used by the same sender returns the original message with 200 and writes nothing. "
      "attachments: file ids uploaded to this conversation. Acknowledged after commit.";
  post.doc.request_schema = schema::MessageInput();
  post.doc.example_request = R"({"content":"Thanks, looking into it","client_message_id":"c-1"})";
  post.doc.response_schema = schema::Message();
  post.doc.success_status = 201;
  post.idempotent = true;
  router.Add(std::move(post));

  http::Route edit = StaffRoute(Method::kPatch, base + "/{id}/messages/{message_id}",
                                "Edit a message", Role::kMember, Isolation::kResource,
                                AsCaller(s, EditMessageReply));
  edit.doc.description =
      "The author (the signed-in team member who wrote it) replaces the content of their "
      "message or note; sets `edited_at` (the previous content is not kept) and fans out "
      "`message:updated`. Someone else's message, AI and system messages, and API keys: 403. "
      "A closed conversation: 422. The same content again changes nothing.";
  edit.doc.request_schema = schema::MessageEdit();
  edit.doc.example_request = R"({"content":"Thanks, looking into it now"})";
  edit.doc.response_schema = schema::Message();
  router.Add(std::move(edit));

  http::Route del = StaffRoute(Method::kDelete, base + "/{id}/messages/{message_id}",
                               "Delete a message", Role::kMember, Isolation::kResource,
                               AsCaller(s, DeleteMessageReply));
  del.doc.description =
      "The author deletes their message or note; an admin or owner deletes any message but a "
      "system message (a visitor's message with a card number, a wrong AI answer). The message "
      "keeps its place (id, seq) with `deleted_at` set; its content and `ai` are emptied, its "
      "reactions removed and its attachments' files deleted. Fans out `message:updated`; "
      "emits `message.deleted`. Allowed in any status; deleting twice is 204 again. Someone "
      "else's message (as a member), viewers and API keys: 403.";
  del.doc.success_status = 204;
  router.Add(std::move(del));

  http::Route transcript = StaffRoute(Method::kGet, base + "/{id}/transcript",
                                      "Export a transcript", Role::kViewer, Isolation::kResource,
                                      [s](http::RouteContext& c) { return Transcript(*s, c); });
  transcript.doc.description = "format=json (default: {conversation, messages}) or text (plain text file).";
  transcript.doc.query_params = {"format"};
  router.Add(std::move(transcript));

  http::Route thread = StaffRoute(Method::kPost, base + "/{id}/threads", "Start a thread",
                                  Role::kMember, Isolation::kResource,
                                  [s](http::RouteContext& c) { return CreateThread(*s, c); });
  thread.doc.request_schema = schema::ThreadInput();
  thread.doc.example_request = R"({"title":"Refund"})";
  thread.doc.response_schema = schema::Thread();
  thread.doc.success_status = 201;
  thread.idempotent = true;
  router.Add(std::move(thread));

  http::Route upload = StaffRoute(Method::kPost, base + "/{id}/attachments", "Upload an attachment",
                                  Role::kMember, Isolation::kResource, AsCaller(s, UploadReply));
  upload.max_body_bytes = kMaxAttachmentBytes;
  upload.doc.description =
      "The raw file as the body with its Content-Type (images, PDF, audio, text, docx, xlsx; "
      "the first bytes must match the type, else 415), `?name=` the file name; at most 10 MiB "
      "(413). Then reference `file_id` in a message's attachments; an upload never attached "
      "is deleted after `conversation_orphan_upload_hours` (default 24).";
  upload.doc.query_params = {"name"};
  upload.doc.response_schema = schema::File();
  upload.doc.success_status = 201;
  router.Add(std::move(upload));

  http::Route download = StaffRoute(Method::kGet, base + "/{id}/attachments/{file_id}",
                                    "Download an attachment", Role::kViewer, Isolation::kResource,
                                    AsCaller(s, DownloadReply));
  download.doc.description = "The stored bytes with their content type.";
  router.Add(std::move(download));

  http::Route react = StaffRoute(Method::kPost, base + "/{id}/messages/{message_id}/reactions",
                                 "Toggle a reaction", Role::kMember, Isolation::kResource,
                                 AsCaller(s, ReactionReply));
  react.doc.description = "Adds the caller's emoji reaction, or removes it when present.";
  react.doc.request_schema = schema::ReactionInput();
  react.doc.example_request = R"({"emoji":"👍"})";
  react.doc.response_schema = schema::Message();
  router.Add(std::move(react));
}

}  // namespace api

void AddConversationRoutes(http::Router& router, ConversationService& service) {
  api::AddConversationCoreRoutes(router, service);
  api::AddInboxRoutes(router, service);
}

}  // namespace syntera::conversations
