#include "conversations/api/schemas.h"

namespace syntera::conversations::api::schema {
namespace {

constexpr const char* kStr = R"({"type":"string"})";
constexpr const char* kNullStr = R"({"type":["string","null"]})";
constexpr const char* kTime = R"({"type":"string","format":"date-time"})";
constexpr const char* kNullTime = R"({"type":["string","null"],"format":"date-time"})";
constexpr const char* kInt = R"({"type":"integer"})";
constexpr const char* kStrings = R"({"type":"array","items":{"type":"string"}})";
constexpr const char* kChannel =
    R"({"type":"string","enum":["web_widget","api","voice","phone","email","sms"]})";
constexpr const char* kStatus =
    R"({"type":"string","enum":["open","waiting_for_human","resolved","closed"]})";
constexpr const char* kPriority = R"({"type":"string","enum":["low","normal","high","urgent"]})";
constexpr const char* kMessageType =
    R"({"type":"string","enum":["text","file","image","audio","system","note"]})";

std::string Obj(const std::string& props, const std::string& required = "") {
  std::string out = R"({"type":"object")";
  if (!required.empty()) out += R"(,"required":[)" + required + "]";
  return out + R"(,"properties":{)" + props + "}}";
}

std::string P(const char* name, const std::string& schema) {
  return "\"" + std::string(name) + "\":" + schema;
}

}  // namespace

std::string ListOf(const std::string& item) {
  return Obj(P("data", R"({"type":"array","items":)" + item + "}") + "," +
                 P("next_cursor", kNullStr) + "," + P("total", R"({"type":"integer"})"),
             R"("data","next_cursor")");
}

std::string Thread() {
  return Obj(P("id", kStr) + "," + P("title", kStr) + "," + P("message_count", kInt) + "," +
             P("created_at", kTime));
}

std::string ReadCursor() {
  return Obj(P("reader_type", kStr) + "," + P("reader_id", kStr) + "," +
             P("last_read_message_id", kNullStr) + "," + P("last_read_seq", kInt) + "," +
             P("read_at", kNullTime) + "," + P("last_delivered_message_id", kNullStr) + "," +
             P("last_delivered_seq", kInt) + "," + P("delivered_at", kNullTime));
}

std::string VisitorConversation() {
  return Obj(P("id", kStr) + "," + P("channel", kChannel) + "," + P("status", kStatus) + "," +
             P("assignee_type", R"({"type":"string","enum":["ai","user","none"]})") + "," +
             P("threads", R"({"type":"array","items":)" + Thread() + "}") + "," +
             P("message_count", kInt) + "," + P("unread_count", kInt) + "," +
             P("started_at", kTime) + "," + P("ended_at", kNullTime) + "," +
             P("last_message_at", kNullTime) + "," + P("updated_at", kTime));
}

std::string Conversation() {
  return Obj(P("id", kStr) + "," + P("channel", kChannel) + "," + P("status", kStatus) + "," +
             P("assignee_type", R"({"type":"string","enum":["ai","user","none"]})") + "," +
             P("assignee_user_id", kNullStr) + "," + P("agent_id", kNullStr) + "," +
             P("contact_id", kNullStr) + "," + P("visitor_id", kNullStr) + "," +
             P("priority", kPriority) + "," + P("tags", kStrings) + "," + P("subject", kStr) + "," +
             P("summary", kStr) + "," + P("metadata", R"({"type":"object"})") + "," +
             P("threads", R"({"type":"array","items":)" + Thread() + "}") + "," +
             P("message_count", kInt) + "," + P("unread_count", kInt) + "," +
             P("reads", R"({"type":"array","items":)" + ReadCursor() + "}") + "," +
             P("started_at", kTime) + "," + P("ended_at", kNullTime) + "," +
             P("last_message_at", kNullTime) + "," + P("updated_at", kTime),
             R"("id","channel","status","assignee_type")");
}

std::string NewConversation() {
  return Obj(P("channel", R"({"type":"string","enum":["api","voice","phone","email","sms"]})") + "," +
             P("agent_id", kStr) + "," + P("contact_id", kStr) + "," +
             P("subject", R"({"type":"string","maxLength":200})") + "," +
             P("metadata", R"({"type":"object","description":"at most 16 KiB"})") + "," +
             P("tags", kStrings) + "," + P("priority", kPriority) + "," +
             P("message", R"({"type":"string","maxLength":32768,"description":"a first message from the caller"})"));
}

std::string ConversationPatch() {
  return Obj(P("status", kStatus) + "," +
             P("assignee", R"({"type":["string","null"],"description":"\"ai\", \"unassigned\" (or null) or a member's user id"})") +
             "," + P("tags", kStrings) + "," + P("priority", kPriority) + "," +
             P("summary", R"({"type":"string","maxLength":4000})") + "," +
             P("subject", R"({"type":"string","maxLength":200})") + "," +
             P("metadata", R"({"type":"object"})") + "," + P("contact_id", kNullStr));
}

std::string Message() {
  return Obj(P("id", kStr) + "," + P("conversation_id", kStr) + "," + P("seq", kInt) + "," +
             P("thread_id", kNullStr) + "," +
             P("sender_type", R"({"type":"string","enum":["contact","visitor","user","agent","system"]})") +
             "," + P("sender_id", kNullStr) + "," + P("content", kStr) + "," +
             P("type", kMessageType) + "," + P("private", R"({"type":"boolean"})") + "," +
             P("attachments", R"({"type":"array","items":{"type":"object"}})") + "," +
             P("client_message_id", kNullStr) + "," +
             P("reactions", R"({"type":"array","items":{"type":"object"}})") + "," +
             P("ai", R"({"type":["object","null"]})") + "," + P("created_at", kTime) + "," +
             P("edited_at", kNullTime) + "," +
             P("deleted_at", R"({"type":["string","null"],"format":"date-time","description":"set when the message was deleted: content is then empty, attachments, reactions and ai are gone"})") +
             "," +
             P("delivered_at", R"({"type":["string","null"],"format":"date-time","description":"when the other side (the visitor for team/AI messages, any team member for visitor and contact messages) first received it"})") +
             "," +
             P("read_at", R"({"type":["string","null"],"format":"date-time","description":"when the other side first read it"})"),
             R"("id","conversation_id","seq","sender_type","content","type")");
}

std::string MessageInput() {
  return Obj(P("content", R"({"type":"string","maxLength":32768})") + "," + P("type", kMessageType) +
             "," + P("thread_id", kStr) + "," + P("client_message_id", R"({"type":"string","maxLength":100})") +
             "," + P("attachments", kStrings) + "," +
             P("sender_type", R"({"type":"string","enum":["user","contact","system"]})"));
}

std::string MessageEdit() {
  return Obj(P("content", R"({"type":"string","maxLength":32768})"), R"("content")");
}

std::string Posted() {
  return Obj(P("conversation", Conversation()) + "," + P("message", Message()));
}

std::string ThreadInput() { return Obj(P("title", R"({"type":"string","maxLength":200})"), R"("title")"); }

std::string File() {
  return Obj(P("file_id", kStr) + "," + P("conversation_id", kStr) + "," + P("name", kStr) + "," +
             P("content_type", kStr) + "," + P("size", kInt) + "," + P("created_at", kTime));
}

std::string ReadInput() { return Obj(P("message_id", kStr), R"("message_id")"); }
std::string UserInput() { return Obj(P("user_id", kStr), R"("user_id")"); }
std::string HandoffInput() { return Obj(P("reason", R"({"type":"string","maxLength":500})")); }
std::string ReactionInput() { return Obj(P("emoji", R"({"type":"string","maxLength":32})"), R"("emoji")"); }

std::string InboxCounts() {
  return Obj(P("waiting", kInt) + "," + P("mine", kInt) + "," + P("unassigned", kInt) + "," +
             P("unread", kInt));
}

std::string WidgetSettings() {
  return Obj(P("public_key", kStr) + "," + P("allowed_origins", kStrings) + "," +
             P("updated_at", kTime));
}

std::string WidgetSettingsInput() {
  return Obj(P("allowed_origins", kStrings) + "," + P("regenerate_key", R"({"type":"boolean"})"));
}

std::string WidgetSessionInput() {
  return Obj(P("public_key", kStr) + "," + P("origin", kStr) + "," + P("visitor_id", kStr),
             R"("public_key","origin")");
}

std::string WidgetSession() {
  return Obj(P("visitor_token", kStr) + "," + P("visitor_id", kStr) + "," + P("expires_at", kTime));
}

}  // namespace syntera::conversations::api::schema
