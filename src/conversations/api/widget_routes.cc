// Routes: widget settings (admins), widget sessions (public) and the visitor's own
// conversations (public routes that verify the visitor token themselves).

#include <boost/json/object.hpp>

#include "conversations/api/conversation_routes.h"
#include "conversations/api/handlers.h"
#include "conversations/api/route_util.h"
#include "conversations/api/schemas.h"
#include "conversations/api/visitor_authenticator.h"
#include "conversations/widget_service.h"
#include "base/encoding.h"

namespace syntera::conversations {
namespace {

using http::Isolation;
using http::Method;
namespace bj = boost::json;
using api::Audience;

// The visitor behind `Authorization: Bearer <visitor token>`. Errors: kUnauthenticated.
Result<Principal> VisitorOf(VisitorAuthenticator& visitors, const http::RouteContext& ctx) {
  auto header = ctx.request.headers.Get("Authorization");
  constexpr std::string_view kBearer = "Bearer ";
  if (!header || header->substr(0, kBearer.size()) != kBearer) {
    return Unauthenticated("send Authorization: Bearer <visitor token> (POST /api/v1/widget/sessions)");
  }
  return visitors.Authenticate(header->substr(kBearer.size()));
}

using VisitorHandler = Result<http::Response> (*)(ConversationService&, const Principal&,
                                                  http::RouteContext&);

http::RouteHandler AsVisitor(ConversationService* s, VisitorAuthenticator* v, VisitorHandler fn) {
  return [s, v, fn](http::RouteContext& c) -> Result<http::Response> {
    SYN_ASSIGN_OR_RETURN(Principal visitor, VisitorOf(*v, c));
    return fn(*s, visitor, c);
  };
}

// Widget routes are called from customers' pages: any origin may (the token, not the origin,
// says who calls; POST /widget/sessions checks the origin against the allowed list).
void AddForCustomerPages(http::Router& router, http::Route route) {
  route.cors = http::Cors::kAnyOrigin;
  router.Add(std::move(route));
}

Result<http::Response> StartSession(WidgetService& w, http::RouteContext& ctx) {
  SYN_ASSIGN_OR_RETURN(bj::object body, json::ParseObject(ctx.request));
  json::Reader in(body);
  WidgetSessionRequest req;
  req.public_key = in.RequiredString("public_key", {.min_len = 1, .max_len = 100});
  req.origin = in.OptionalString("origin", {.min_len = 1, .max_len = 300}).value_or("");
  req.visitor_id = in.OptionalString("visitor_id", {.min_len = 1, .max_len = 100}).value_or("");
  SYN_RETURN_IF_ERROR(in.Finish());
  if (auto header = ctx.request.headers.Get("Origin")) {
    if (req.origin.empty()) {
      req.origin = std::string(*header);
    } else if (ToLowerAscii(*header) != ToLowerAscii(req.origin)) {
      return InvalidArgument("invalid widget session",
                             {{"origin", "differs from the request's Origin header"}});
    }
  }
  SYN_ASSIGN_OR_RETURN(WidgetSession session, w.StartSession(req));
  return json::Reply(201, api::WidgetSessionJson(session));
}

Result<http::Response> ListOwn(ConversationService& s, const Principal& visitor,
                               http::RouteContext&) {
  SYN_ASSIGN_OR_RETURN(auto list, s.ListVisitorConversations(visitor));
  bj::array data;
  for (const auto& c : list) data.push_back(api::ConversationJson(c, Audience::kVisitor));
  return json::ReplyList(std::move(data), std::nullopt);
}

Result<http::Response> StartOwn(ConversationService& s, const Principal& visitor,
                                http::RouteContext& ctx) {
  SYN_ASSIGN_OR_RETURN(bj::object body, json::ParseObject(ctx.request));
  json::Reader in(body);
  NewConversation input;
  input.channel = Channel::kWebWidget;
  if (auto a = in.OptionalString("agent_id", {.min_len = 1, .max_len = 100})) input.agent_id = AgentId(*a);
  input.first_message = in.OptionalString("message", {.min_len = 1, .max_len = kMaxContentBytes, .trim = false});
  SYN_RETURN_IF_ERROR(in.Finish());
  SYN_ASSIGN_OR_RETURN(PostedMessage created, s.CreateConversation(visitor, input));
  bj::object out = api::ConversationJson(created.conversation, Audience::kVisitor);
  if (created.created) out["message"] = api::MessageJson(created.message, Audience::kVisitor);
  return json::Reply(201, out);
}

}  // namespace

void AddWidgetRoutes(http::Router& router, WidgetService& widget, ConversationService& service,
                     VisitorAuthenticator& visitors) {
  WidgetService* w = &widget;
  ConversationService* s = &service;
  VisitorAuthenticator* v = &visitors;

  http::Route get = api::StaffRoute(Method::kGet, "/api/v1/widget/settings", "Widget settings",
                                    Role::kAdmin, Isolation::kSelf,
                                    [w](http::RouteContext& c) -> Result<http::Response> {
                                      SYN_ASSIGN_OR_RETURN(auto st, w->GetSettings(c.who()));
                                      return json::Reply(200, api::WidgetSettingsJson(st));
                                    });
  get.resource = "widget";
  get.doc.tag = "widget";
  get.doc.description =
      "The organization's widget public key and the website origins allowed to use it (none "
      "until an admin adds one). Until agents exist the key belongs to the organization.";
  get.doc.response_schema = api::schema::WidgetSettings();
  router.Add(std::move(get));

  http::Route put = api::StaffRoute(
      Method::kPut, "/api/v1/widget/settings", "Update widget settings", Role::kAdmin,
      Isolation::kSelf, [w](http::RouteContext& c) -> Result<http::Response> {
        SYN_ASSIGN_OR_RETURN(bj::object body, json::ParseObject(c.request));
        json::Reader in(body);
        WidgetSettingsInput input = api::ReadWidgetSettings(body, in);
        SYN_RETURN_IF_ERROR(in.Finish());
        SYN_ASSIGN_OR_RETURN(auto st, w->UpdateSettings(c.who(), input));
        return json::Reply(200, api::WidgetSettingsJson(st));
      });
  put.resource = "widget";
  put.doc.tag = "widget";
  put.doc.description =
      "`allowed_origins` replaces the list: exact origins `scheme://host[:port]` (http or "
      "https, no path), at most 50; sessions from other origins are refused. "
      "`regenerate_key: true` issues a new public key: the old one stops working for new "
      "sessions and every visitor token issued under it is refused from then on (401 on the "
      "widget routes and the socket handshake), and visitor sockets already connected are "
      "disconnected (reason `io server disconnect`).";
  put.doc.request_schema = api::schema::WidgetSettingsInput();
  put.doc.example_request = R"({"allowed_origins":["https://shop.example.com"]})";
  put.doc.response_schema = api::schema::WidgetSettings();
  router.Add(std::move(put));

  http::Route session = api::PublicRoute(Method::kPost, "/api/v1/widget/sessions",
                                         "Start a widget visitor session", Isolation::kPublic,
                                         [w](http::RouteContext& c) { return StartSession(*w, c); });
  session.rate_class = "auth";
  session.doc.description =
      "Public. `public_key` (widget settings) and the page `origin` (or the Origin header), "
      "which must be one of the allowed origins (403; 422 when none is configured yet). "
      "Returns a signed visitor token (HMAC-SHA256, 12 h) for the Socket.IO handshake "
      "(`auth: {token}`) and the widget routes, and the visitor id: send it back as "
      "`visitor_id` after a reload to resume the same visitor and conversations.";
  session.doc.request_schema = api::schema::WidgetSessionInput();
  session.doc.example_request = R"({"public_key":"pk_example","origin":"https://shop.example.com"})";
  session.doc.response_schema = api::schema::WidgetSession();
  session.doc.success_status = 201;
  AddForCustomerPages(router, std::move(session));

  const std::string base = "/api/v1/widget/conversations";
  const char* kVisitorNote =
      " Public route authenticated with the visitor token (Authorization: Bearer vt1.…); "
      "other conversations answer 404; private notes are never included.";

  http::Route list = api::PublicRoute(Method::kGet, base, "The visitor's conversations",
                                      Isolation::kSelf, AsVisitor(s, v, ListOwn));
  list.doc.description = std::string("Newest first, at most 50.") + kVisitorNote;
  list.doc.response_schema = api::schema::ListOf(api::schema::VisitorConversation());
  AddForCustomerPages(router, std::move(list));

  http::Route start = api::PublicRoute(Method::kPost, base, "Start a visitor conversation",
                                       Isolation::kSelf, AsVisitor(s, v, StartOwn));
  start.doc.description =
      std::string("A web_widget conversation, AI-assigned, optionally with a first `message`.") +
      kVisitorNote;
  start.doc.request_schema = R"({"type":"object","properties":{"message":{"type":"string"},"agent_id":{"type":"string"}}})";
  start.doc.example_request = R"({"message":"Hi, I have a question"})";
  start.doc.response_schema = api::schema::VisitorConversation();
  start.doc.success_status = 201;
  AddForCustomerPages(router, std::move(start));

  http::Route one = api::PublicRoute(Method::kGet, base + "/{id}", "A visitor conversation",
                                     Isolation::kSelf, AsVisitor(s, v, api::GetConversationReply));
  one.doc.description = kVisitorNote;
  one.doc.response_schema = api::schema::VisitorConversation();
  AddForCustomerPages(router, std::move(one));

  http::Route messages = api::PublicRoute(Method::kGet, base + "/{id}/messages",
                                          "The visitor's messages", Isolation::kSelf,
                                          AsVisitor(s, v, api::ListMessagesReply));
  messages.doc.description = std::string("Oldest first.") + kVisitorNote;
  messages.doc.query_params = {"thread_id", "limit", "cursor"};
  messages.doc.response_schema = api::schema::ListOf(api::schema::Message());
  AddForCustomerPages(router, std::move(messages));

  http::Route post = api::PublicRoute(Method::kPost, base + "/{id}/messages",
                                      "Send a visitor message", Isolation::kSelf,
                                      AsVisitor(s, v, api::PostMessageReply));
  post.doc.description =
      std::string("As the socket's message:send; a resent client_message_id returns the "
                  "original (200).") + kVisitorNote;
  post.doc.request_schema = api::schema::MessageInput();
  post.doc.example_request = R"({"content":"Hello","client_message_id":"w-1"})";
  post.doc.response_schema = api::schema::Message();
  post.doc.success_status = 201;
  AddForCustomerPages(router, std::move(post));

  http::Route edit = api::PublicRoute(Method::kPatch, base + "/{id}/messages/{message_id}",
                                      "Edit a visitor message", Isolation::kSelf,
                                      AsVisitor(s, v, api::EditMessageReply));
  edit.doc.description =
      std::string("The visitor replaces the content of one of their own messages (403 for "
                  "any other message); as the staff route.") + kVisitorNote;
  edit.doc.request_schema = api::schema::MessageEdit();
  edit.doc.example_request = R"({"content":"Hello again"})";
  edit.doc.response_schema = api::schema::Message();
  AddForCustomerPages(router, std::move(edit));

  http::Route del = api::PublicRoute(Method::kDelete, base + "/{id}/messages/{message_id}",
                                     "Delete a visitor message", Isolation::kSelf,
                                     AsVisitor(s, v, api::DeleteMessageReply));
  del.doc.description =
      std::string("The visitor deletes one of their own messages (403 for any other "
                  "message); as the staff route: 204, the message stays in place with "
                  "`deleted_at`.") + kVisitorNote;
  del.doc.success_status = 204;
  AddForCustomerPages(router, std::move(del));

  http::Route handoff = api::PublicRoute(Method::kPost, base + "/{id}/handoff",
                                         "Ask for a person", Isolation::kSelf,
                                         AsVisitor(s, v, api::HandoffReply));
  handoff.doc.description = std::string("The conversation waits for a team member.") + kVisitorNote;
  handoff.doc.request_schema = api::schema::HandoffInput();
  handoff.doc.example_request = R"({"reason":"talk to a person"})";
  handoff.doc.response_schema = api::schema::VisitorConversation();
  AddForCustomerPages(router, std::move(handoff));

  http::Route upload = api::PublicRoute(Method::kPost, base + "/{id}/attachments",
                                        "Upload a visitor attachment", Isolation::kSelf,
                                        AsVisitor(s, v, api::UploadReply));
  upload.max_body_bytes = kMaxAttachmentBytes;
  upload.doc.description =
      std::string("As the staff upload route (raw body, Content-Type, ?name=).") + kVisitorNote;
  upload.doc.query_params = {"name"};
  upload.doc.response_schema = api::schema::File();
  upload.doc.success_status = 201;
  AddForCustomerPages(router, std::move(upload));

  http::Route download = api::PublicRoute(Method::kGet, base + "/{id}/attachments/{file_id}",
                                          "Download a visitor attachment", Isolation::kSelf,
                                          AsVisitor(s, v, api::DownloadReply));
  download.doc.description = kVisitorNote;
  AddForCustomerPages(router, std::move(download));

  // The visitor's read and delivery cursors.
  for (const auto& [path, summary, reply] :
       {std::tuple{"/{id}/read", "Mark read (visitor)", &api::ReadReply},
        std::tuple{"/{id}/delivered", "Mark delivered (visitor)", &api::DeliveredReply}}) {
    http::Route r = api::PublicRoute(Method::kPost, base + path, summary, Isolation::kSelf,
                                     AsVisitor(s, v, reply));
    r.doc.description = kVisitorNote;
    r.doc.request_schema = api::schema::ReadInput();
    r.doc.example_request = R"({"message_id":"00000000-0000-7000-8000-000000000001"})";
    r.doc.response_schema = api::schema::ReadCursor();
    AddForCustomerPages(router, std::move(r));
  }
}

}  // namespace syntera::conversations
