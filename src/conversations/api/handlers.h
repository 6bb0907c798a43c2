#pragma once
// Request handlers shared by the staff routes and the widget (visitor) routes: they decode,
// call the service as `who`, and encode for the audience (private to conversations/api).

#include "base/principal.h"
#include "conversations/api/codec.h"
#include "conversations/conversation_service.h"
#include "http/route.h"

namespace syntera::conversations::api {

inline Audience AudienceOf(const Principal& who) {
  return IsVisitor(who) ? Audience::kVisitor : Audience::kStaff;
}
inline ConversationId ConversationOf(const http::RouteContext& c) {
  return ConversationId(std::string(c.Param("id")));
}
inline MessageId MessageOf(const http::RouteContext& c) {
  return MessageId(std::string(c.Param("message_id")));
}

// GET …/{id}: the conversation.
Result<http::Response> GetConversationReply(ConversationService& s, const Principal& who,
                                            http::RouteContext& ctx);
// GET …/{id}/messages?thread_id&limit&cursor
Result<http::Response> ListMessagesReply(ConversationService& s, const Principal& who,
                                         http::RouteContext& ctx);
// POST …/{id}/messages: 201 with the message (200 with the original for a resent
// client_message_id).
Result<http::Response> PostMessageReply(ConversationService& s, const Principal& who,
                                        http::RouteContext& ctx);
// POST …/{id}/attachments?name=…: the raw body with its Content-Type → 201 file.
Result<http::Response> UploadReply(ConversationService& s, const Principal& who,
                                   http::RouteContext& ctx);
// GET …/{id}/attachments/{file_id}: the bytes.
Result<http::Response> DownloadReply(ConversationService& s, const Principal& who,
                                     http::RouteContext& ctx);
// PATCH …/{id}/messages/{message_id} {content}: the edited message.
Result<http::Response> EditMessageReply(ConversationService& s, const Principal& who,
                                        http::RouteContext& ctx);
// DELETE …/{id}/messages/{message_id}: 204.
Result<http::Response> DeleteMessageReply(ConversationService& s, const Principal& who,
                                          http::RouteContext& ctx);
// POST …/{id}/read {message_id}
Result<http::Response> ReadReply(ConversationService& s, const Principal& who,
                                 http::RouteContext& ctx);
// POST …/{id}/delivered {message_id}: the delivery cursor, as ReadReply.
Result<http::Response> DeliveredReply(ConversationService& s, const Principal& who,
                                      http::RouteContext& ctx);
// POST …/{id}/handoff {reason?}
Result<http::Response> HandoffReply(ConversationService& s, const Principal& who,
                                    http::RouteContext& ctx);
// POST …/{id}/messages/{message_id}/reactions {emoji}
Result<http::Response> ReactionReply(ConversationService& s, const Principal& who,
                                     http::RouteContext& ctx);

}  // namespace syntera::conversations::api
