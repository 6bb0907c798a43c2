#pragma once
// JSON of the conversations module: encoding of conversations, messages and friends (shared by
// the REST routes and the Socket.IO adapter), decoding of request bodies and query strings.
// Private to conversations/api and conversations/socket.

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "conversations/conversation_types.h"
#include "http/message.h"
#include "json/json_io.h"
#include "json/query.h"

namespace syntera::conversations::api {

// Who the JSON is for: staff see everything; visitors never see tags, summary, metadata,
// assignee ids, read receipts of others or the AI section.
enum class Audience { kStaff, kVisitor };

boost::json::object ConversationJson(const Conversation& c, Audience audience);
boost::json::object MessageJson(const Message& m, Audience audience);
boost::json::object ThreadJson(const Thread& t);
boost::json::object FileJson(const StoredFile& f);
// {emoji, count, reactors} per emoji, emojis sorted (as in a message's "reactions").
boost::json::array ReactionsJson(const std::vector<Reaction>& reactions);
boost::json::object ReadCursorJson(const ReadCursor& r);
boost::json::object InboxCountsJson(const InboxCounts& c);
boost::json::object WidgetSettingsJson(const WidgetSettings& s);
boost::json::object WidgetSessionJson(const WidgetSession& s);

// A plain-text transcript: a header, then "[time] sender: content" per message.
std::string TranscriptText(const Conversation& c, const std::vector<Message>& messages);

// ---- Query strings ----

// Typed query parameters; problems are collected and Finish() reports them all (400).
using Query = json::Query;  // json/query.h

// ---- Bodies ----

// Body fields shared by REST and Socket.IO: {content, type?, thread_id?, client_message_id?,
// attachments?: [file_id | {file_id}], sender_type?}.
MessageInput ReadMessageInput(const boost::json::object& body, json::Reader& in);
// An edit's body: {content} (0..32 KiB, not trimmed; the service decides whether empty is ok).
std::string ReadEditedContent(json::Reader& in);
NewConversation ReadNewConversation(const boost::json::object& body, json::Reader& in);
ConversationPatch ReadConversationPatch(const boost::json::object& body, json::Reader& in);
WidgetSettingsInput ReadWidgetSettings(const boost::json::object& body, json::Reader& in);

}  // namespace syntera::conversations::api
