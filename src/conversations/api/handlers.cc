#include "conversations/api/handlers.h"

#include <boost/json/object.hpp>

#include "conversations/content_sniff.h"
#include "json/json_io.h"

namespace syntera::conversations::api {
namespace bj = boost::json;

Result<http::Response> GetConversationReply(ConversationService& s, const Principal& who,
                                            http::RouteContext& ctx) {
  SYN_ASSIGN_OR_RETURN(Conversation c, s.GetConversation(who, ConversationOf(ctx)));
  return json::Reply(200, ConversationJson(c, AudienceOf(who)));
}

Result<http::Response> ListMessagesReply(ConversationService& s, const Principal& who,
                                         http::RouteContext& ctx) {
  Query q(ctx.request);
  MessageFilter f;
  if (auto t = q.String("thread_id", 100)) f.thread_id = ThreadId(*t);
  PageRequest page = q.Page();
  SYN_RETURN_IF_ERROR(q.Finish());
  SYN_ASSIGN_OR_RETURN(Page<Message> messages, s.ListMessages(who, ConversationOf(ctx), f, page));
  bj::array data;
  for (const auto& m : messages.items) data.push_back(MessageJson(m, AudienceOf(who)));
  return json::ReplyList(std::move(data), messages.next_cursor);
}

Result<http::Response> PostMessageReply(ConversationService& s, const Principal& who,
                                        http::RouteContext& ctx) {
  SYN_ASSIGN_OR_RETURN(bj::object body, json::ParseObject(ctx.request));
  json::Reader in(body);
  MessageInput input = ReadMessageInput(body, in);
  SYN_RETURN_IF_ERROR(in.Finish());
  SYN_ASSIGN_OR_RETURN(PostedMessage posted, s.PostMessage(who, ConversationOf(ctx), input));
  return json::Reply(posted.created ? 201 : 200, MessageJson(posted.message, AudienceOf(who)));
}

Result<http::Response> EditMessageReply(ConversationService& s, const Principal& who,
                                        http::RouteContext& ctx) {
  SYN_ASSIGN_OR_RETURN(bj::object body, json::ParseObject(ctx.request));
  json::Reader in(body);
  std::string content = ReadEditedContent(in);
  SYN_RETURN_IF_ERROR(in.Finish());
  SYN_ASSIGN_OR_RETURN(Message m, s.EditMessage(who, ConversationOf(ctx), MessageOf(ctx), content));
  return json::Reply(200, MessageJson(m, AudienceOf(who)));
}

Result<http::Response> DeleteMessageReply(ConversationService& s, const Principal& who,
                                          http::RouteContext& ctx) {
  SYN_RETURN_IF_ERROR(s.DeleteMessage(who, ConversationOf(ctx), MessageOf(ctx)));
  return http::Response::NoContent();
}

Result<http::Response> UploadReply(ConversationService& s, const Principal& who,
                                   http::RouteContext& ctx) {
  Query q(ctx.request);
  std::string name = q.String("name", 200).value_or("");
  SYN_RETURN_IF_ERROR(q.Finish());
  if (name.empty()) {
    if (auto h = ctx.request.headers.Get("X-File-Name")) name = std::string(*h);
  }
  std::string type(ctx.request.headers.Get("Content-Type").value_or(""));
  SYN_ASSIGN_OR_RETURN(StoredFile f,
                       s.UploadFile(who, ConversationOf(ctx), name.empty() ? "upload" : name,
                                    type, ctx.request.body));
  return json::Reply(201, FileJson(f));
}

Result<http::Response> DownloadReply(ConversationService& s, const Principal& who,
                                     http::RouteContext& ctx) {
  SYN_ASSIGN_OR_RETURN(auto file, s.DownloadFile(who, ConversationOf(ctx),
                                                 FileId(std::string(ctx.Param("file_id")))));
  http::Response r = http::Response::Text(200, std::move(file.second), file.first.content_type);
  bool image = file.first.content_type.rfind("image/", 0) == 0;
  std::string safe;
  for (char c : file.first.name) safe.push_back(c == '"' || c == '\\' ? '_' : c);
  r.headers.Set("Content-Disposition",
                std::string(image ? "inline" : "attachment") + "; filename=\"" + safe + "\"");
  r.headers.Set("Cache-Control", "private, max-age=3600");
  return r;
}

namespace {
// {message_id} → the caller's read or delivery cursor.
Result<http::Response> CursorReply(ConversationService& s, const Principal& who,
                                   http::RouteContext& ctx, CursorKind kind) {
  SYN_ASSIGN_OR_RETURN(bj::object body, json::ParseObject(ctx.request));
  json::Reader in(body);
  std::string message = in.RequiredString("message_id", {.min_len = 1, .max_len = 100});
  SYN_RETURN_IF_ERROR(in.Finish());
  const ConversationId id = ConversationOf(ctx);
  SYN_ASSIGN_OR_RETURN(ReadCursor cursor, kind == CursorKind::kRead
                                              ? s.MarkRead(who, id, MessageId(message))
                                              : s.MarkDelivered(who, id, MessageId(message)));
  return json::Reply(200, ReadCursorJson(cursor));
}
}  // namespace

Result<http::Response> ReadReply(ConversationService& s, const Principal& who,
                                 http::RouteContext& ctx) {
  return CursorReply(s, who, ctx, CursorKind::kRead);
}

Result<http::Response> DeliveredReply(ConversationService& s, const Principal& who,
                                      http::RouteContext& ctx) {
  return CursorReply(s, who, ctx, CursorKind::kDelivered);
}

Result<http::Response> HandoffReply(ConversationService& s, const Principal& who,
                                    http::RouteContext& ctx) {
  SYN_ASSIGN_OR_RETURN(bj::object body, json::ParseObject(ctx.request));
  json::Reader in(body);
  std::string reason = in.OptionalString("reason", {.min_len = 0, .max_len = 500}).value_or("");
  SYN_RETURN_IF_ERROR(in.Finish());
  SYN_ASSIGN_OR_RETURN(Conversation c, s.RequestHandoff(who, ConversationOf(ctx), reason));
  return json::Reply(200, ConversationJson(c, AudienceOf(who)));
}

Result<http::Response> ReactionReply(ConversationService& s, const Principal& who,
                                     http::RouteContext& ctx) {
  SYN_ASSIGN_OR_RETURN(bj::object body, json::ParseObject(ctx.request));
  json::Reader in(body);
  std::string emoji = in.RequiredString("emoji", {.min_len = 1, .max_len = 32});
  SYN_RETURN_IF_ERROR(in.Finish());
  SYN_ASSIGN_OR_RETURN(Message m, s.React(who, ConversationOf(ctx), MessageOf(ctx), emoji,
                                          ReactionChange::kToggle));
  return json::Reply(200, MessageJson(m, AudienceOf(who)));
}

}  // namespace syntera::conversations::api
