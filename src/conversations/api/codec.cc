#include "conversations/api/codec.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <map>

namespace syntera::conversations::api {
namespace bj = boost::json;
using json::TimeOrNull;
using json::IdOrNull;
namespace {

// A stored JSON object text as a value ({} when it does not parse).
bj::value JsonText(const std::string& text) {
  boost::system::error_code ec;
  bj::value v = bj::parse(text, ec);
  if (ec || !v.is_object()) return bj::object();
  return v;
}

bj::array Strings(const std::vector<std::string>& values) {
  bj::array out;
  for (const auto& v : values) out.emplace_back(v);
  return out;
}

const bj::value* Present(const bj::object& body, std::string_view field) {
  auto it = body.find(field);
  return it == body.end() ? nullptr : &it->value();
}

template <typename Enum>
std::optional<Enum> ReadEnum(json::Reader& in, std::string_view field,
                             std::optional<Enum> (*parse)(std::string_view), const char* allowed) {
  auto s = in.OptionalString(field, {.min_len = 1, .max_len = 50});
  if (!s) return std::nullopt;
  auto v = parse(*s);
  if (!v) in.Fail(field, std::string("must be one of ") + allowed);
  return v;
}

std::optional<std::vector<std::string>> StringList(const bj::object& body, json::Reader& in,
                                                   std::string_view field, size_t max_len) {
  const bj::value* v = Present(body, field);
  if (!v || v->is_null()) return std::nullopt;
  if (!v->is_array()) {
    in.Fail(field, "must be an array of strings");
    return std::nullopt;
  }
  std::vector<std::string> out;
  for (size_t i = 0; i < v->as_array().size(); ++i) {
    const bj::value& item = v->as_array()[i];
    if (!item.is_string() || item.as_string().size() > max_len) {
      in.Fail(std::string(field) + "." + std::to_string(i),
              "must be a string of at most " + std::to_string(max_len) + " characters");
      return std::nullopt;
    }
    out.emplace_back(item.as_string());
  }
  return out;
}

// An object-valued field re-serialised, or nullopt (absent); non-objects are refused.
std::optional<std::string> ObjectText(const bj::object& body, json::Reader& in,
                                      std::string_view field) {
  const bj::value* v = Present(body, field);
  if (!v) return std::nullopt;
  if (!v->is_object()) {
    in.Fail(field, "must be a JSON object");
    return std::nullopt;
  }
  return bj::serialize(*v);
}

std::string_view SenderLabel(const Message& m) {
  switch (m.sender_type) {
    case SenderType::kAgent: return "AI";
    case SenderType::kUser: return "Team";
    case SenderType::kVisitor: return "Visitor";
    case SenderType::kContact: return "Contact";
    case SenderType::kSystem: break;
  }
  return "System";
}

}  // namespace

// ---- Encoding ----

bj::object ThreadJson(const Thread& t) {
  return {{"id", t.id.str()},
          {"title", t.title},
          {"message_count", t.message_count},
          {"created_at", FormatRfc3339(t.created_at)}};
}

bj::object ReadCursorJson(const ReadCursor& r) {
  size_t colon = r.reader.find(':');
  return {{"reader_type", r.reader.substr(0, colon)},
          {"reader_id", colon == std::string::npos ? "" : r.reader.substr(colon + 1)},
          {"last_read_message_id", IdOrNull(r.last_read_message_id)},
          {"last_read_seq", r.last_read_seq},
          {"read_at", TimeOrNull(r.read_at)},
          {"last_delivered_message_id", IdOrNull(r.last_delivered_message_id)},
          {"last_delivered_seq", r.last_delivered_seq},
          {"delivered_at", TimeOrNull(r.delivered_at)}};
}

bj::array ReactionsJson(const std::vector<Reaction>& list) {
  std::map<std::string, bj::array> by_emoji;
  for (const auto& r : list) by_emoji[r.emoji].emplace_back(r.reactor);
  bj::array reactions;
  for (auto& [emoji, who] : by_emoji) {
    int64_t count = static_cast<int64_t>(who.size());
    reactions.push_back(bj::object{{"emoji", emoji}, {"count", count}, {"reactors", std::move(who)}});
  }
  return reactions;
}

bj::object ConversationJson(const Conversation& c, Audience audience) {
  bj::array threads;
  for (const auto& t : c.threads) threads.push_back(ThreadJson(t));
  bj::object o{{"id", c.id.str()},
               {"channel", ChannelName(c.channel)},
               {"status", StatusName(c.status)},
               {"assignee_type", AssigneeTypeName(c.assignee_type)},
               {"threads", std::move(threads)},
               {"message_count", c.message_count},
               {"unread_count", c.unread_count},
               {"started_at", FormatRfc3339(c.started_at)},
               {"ended_at", TimeOrNull(c.ended_at)},
               {"last_message_at", TimeOrNull(c.last_message_at)},
               {"updated_at", FormatRfc3339(c.updated_at)}};
  if (audience == Audience::kVisitor) return o;
  bj::array reads;
  for (const auto& r : c.reads) reads.push_back(ReadCursorJson(r));
  o["assignee_user_id"] = IdOrNull(c.assignee_user_id);
  o["agent_id"] = IdOrNull(c.agent_id);
  o["contact_id"] = IdOrNull(c.contact_id);
  o["visitor_id"] = c.visitor_id.empty() ? bj::value(nullptr) : bj::value(c.visitor_id);
  o["priority"] = PriorityName(c.priority);
  o["tags"] = Strings(c.tags);
  o["subject"] = c.subject;
  o["summary"] = c.summary;
  o["metadata"] = JsonText(c.metadata);
  o["reads"] = std::move(reads);
  return o;
}

bj::object MessageJson(const Message& m, Audience audience) {
  bj::array attachments;
  for (const auto& a : m.attachments) {
    attachments.push_back(bj::object{{"file_id", a.file_id.str()},
                                     {"name", a.name},
                                     {"content_type", a.content_type},
                                     {"size", a.size}});
  }
  bj::object o{{"id", m.id.str()},
               {"conversation_id", m.conversation_id.str()},
               {"seq", m.seq},
               {"thread_id", IdOrNull(m.thread_id)},
               {"sender_type", SenderTypeName(m.sender_type)},
               {"sender_id", m.sender_id.empty() ? bj::value(nullptr) : bj::value(m.sender_id)},
               {"content", m.content},
               {"type", MessageTypeName(m.type)},
               {"private", m.type == MessageType::kNote},
               {"attachments", std::move(attachments)},
               {"client_message_id",
                m.client_message_id.empty() ? bj::value(nullptr) : bj::value(m.client_message_id)},
               {"reactions", ReactionsJson(m.reactions)},
               {"created_at", FormatRfc3339(m.created_at)},
               {"edited_at", TimeOrNull(m.edited_at)},
               {"deleted_at", TimeOrNull(m.deleted_at)},
               {"delivered_at", TimeOrNull(m.delivered_at)},
               {"read_at", TimeOrNull(m.read_at)}};
  if (audience == Audience::kStaff) {
    o["ai"] = m.ai ? JsonText(*m.ai) : bj::value(nullptr);
  }
  return o;
}

bj::object FileJson(const StoredFile& f) {
  return {{"file_id", f.id.str()},
          {"conversation_id", f.conversation_id.str()},
          {"name", f.name},
          {"content_type", f.content_type},
          {"size", f.size},
          {"created_at", FormatRfc3339(f.created_at)}};
}

bj::object InboxCountsJson(const InboxCounts& c) {
  return {{"waiting", c.waiting}, {"mine", c.mine}, {"unassigned", c.unassigned}, {"unread", c.unread}};
}

bj::object WidgetSettingsJson(const WidgetSettings& s) {
  return {{"public_key", s.public_key},
          {"allowed_origins", Strings(s.allowed_origins)},
          {"updated_at", FormatRfc3339(s.updated_at)}};
}

bj::object WidgetSessionJson(const WidgetSession& s) {
  return {{"visitor_token", s.visitor_token},
          {"visitor_id", s.visitor_id},
          {"expires_at", FormatRfc3339(s.expires_at)}};
}

std::string TranscriptText(const Conversation& c, const std::vector<Message>& messages) {
  std::string out = "Conversation " + c.id.str() + " (" + std::string(ChannelName(c.channel)) +
                    ", " + std::string(StatusName(c.status)) + ")\nStarted " +
                    FormatRfc3339(c.started_at) + "\n";
  if (c.ended_at) out += "Ended " + FormatRfc3339(*c.ended_at) + "\n";
  out += "\n";
  for (const auto& m : messages) {
    out += "[" + FormatRfc3339(m.created_at) + "] " + std::string(SenderLabel(m));
    if (m.type == MessageType::kNote) out += " (private note)";
    out += ": " + (m.deleted_at ? std::string("(message deleted)") : m.content);
    for (const auto& a : m.attachments) out += "\n    attachment: " + a.name;
    out += "\n";
  }
  return out;
}

// ---- Bodies ----

MessageInput ReadMessageInput(const bj::object& body, json::Reader& in) {
  MessageInput m;
  m.content = in.OptionalString("content", {.min_len = 0, .max_len = kMaxContentBytes, .trim = false})
                  .value_or("");
  if (auto t = ReadEnum<MessageType>(in, "type", ParseMessageType,
                                     "text, file, image, audio, system, note")) {
    m.type = *t;
  }
  if (auto t = in.OptionalString("thread_id", {.min_len = 1, .max_len = 100})) m.thread_id = ThreadId(*t);
  m.client_message_id =
      in.OptionalString("client_message_id", {.min_len = 1, .max_len = kMaxClientMessageIdBytes})
          .value_or("");
  m.sender_type = ReadEnum<SenderType>(in, "sender_type", ParseSenderType, "user, contact, system");
  if (const bj::value* a = Present(body, "attachments"); a && !a->is_null()) {
    if (!a->is_array() || a->as_array().size() > kMaxAttachments) {
      in.Fail("attachments", "must be an array of at most 10 file ids");
    } else {
      for (size_t i = 0; i < a->as_array().size(); ++i) {
        const bj::value& item = a->as_array()[i];
        const bj::value* id = &item;
        if (item.is_object()) id = item.as_object().if_contains("file_id");
        if (!id || !id->is_string() || id->as_string().empty() || id->as_string().size() > 100) {
          in.Fail("attachments." + std::to_string(i), "must be a file id or {file_id}");
          continue;
        }
        m.attachments.emplace_back(std::string(id->as_string()));
      }
    }
  }
  return m;
}

std::string ReadEditedContent(json::Reader& in) {
  return in.RequiredString("content", {.min_len = 0, .max_len = kMaxContentBytes, .trim = false});
}

NewConversation ReadNewConversation(const bj::object& body, json::Reader& in) {
  NewConversation c;
  if (auto ch = ReadEnum<Channel>(in, "channel", ParseChannel, "api, voice, phone, email, sms")) {
    c.channel = *ch;
  }
  if (auto a = in.OptionalString("agent_id", {.min_len = 1, .max_len = 100})) c.agent_id = AgentId(*a);
  if (auto a = in.OptionalString("contact_id", {.min_len = 1, .max_len = 100})) {
    c.contact_id = ContactId(*a);
  }
  c.subject = in.OptionalString("subject", {.min_len = 0, .max_len = kMaxSubjectBytes}).value_or("");
  c.metadata = ObjectText(body, in, "metadata");
  if (auto tags = StringList(body, in, "tags", 200)) c.tags = *tags;
  c.priority = ReadEnum<Priority>(in, "priority", ParsePriority, "low, normal, high, urgent");
  c.first_message = in.OptionalString("message", {.min_len = 1, .max_len = kMaxContentBytes, .trim = false});
  return c;
}

ConversationPatch ReadConversationPatch(const bj::object& body, json::Reader& in) {
  ConversationPatch p;
  p.status = ReadEnum<Status>(in, "status", ParseStatus, "open, waiting_for_human, resolved, closed");
  if (const bj::value* a = Present(body, "assignee")) {
    if (a->is_null()) {
      p.assignee_type = AssigneeType::kNone;
    } else if (auto s = in.OptionalString("assignee", {.min_len = 1, .max_len = 100})) {
      if (*s == "ai") {
        p.assignee_type = AssigneeType::kAi;
      } else if (*s == "unassigned" || *s == "none") {
        p.assignee_type = AssigneeType::kNone;
      } else {
        p.assignee_type = AssigneeType::kUser;
        p.assignee_user_id = UserId(*s);
      }
    }
  }
  p.tags = StringList(body, in, "tags", 200);
  p.priority = ReadEnum<Priority>(in, "priority", ParsePriority, "low, normal, high, urgent");
  p.summary = in.OptionalString("summary", {.min_len = 0, .max_len = kMaxSummaryBytes, .trim = false});
  p.subject = in.OptionalString("subject", {.min_len = 0, .max_len = kMaxSubjectBytes});
  p.metadata = ObjectText(body, in, "metadata");
  if (const bj::value* v = Present(body, "contact_id")) {
    if (v->is_null()) {
      p.contact_id = std::optional<ContactId>();
    } else if (auto s = in.OptionalString("contact_id", {.min_len = 1, .max_len = 100})) {
      p.contact_id = std::optional<ContactId>(ContactId(*s));
    }
  }
  return p;
}

WidgetSettingsInput ReadWidgetSettings(const bj::object& body, json::Reader& in) {
  WidgetSettingsInput s;
  s.allowed_origins = StringList(body, in, "allowed_origins", 300);
  s.regenerate_key = in.OptionalBool("regenerate_key").value_or(false);
  return s;
}

}  // namespace syntera::conversations::api
