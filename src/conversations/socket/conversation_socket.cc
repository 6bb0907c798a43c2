#include "conversations/socket/conversation_socket.h"

#include <boost/json.hpp>

#include "conversations/api/codec.h"
#include "json/json_io.h"

namespace syntera::conversations {
namespace {

namespace bj = boost::json;
using api::Audience;

std::string PublicRoom(const ConversationId& id) { return "conversation:" + id.str(); }
std::string StaffRoom(const ConversationId& id) { return "conversation:" + id.str() + ":staff"; }
std::string OrgRoom(const OrgId& org) { return "org:" + org.str(); }
std::string VisitorRoom(const std::string& visitor) { return "visitor:" + visitor; }
std::string OrgVisitorsRoom(const OrgId& org) { return "visitors:" + org.str(); }

// The event's single object argument.
Result<const bj::object*> Payload(const bj::array& args) {
  if (args.empty() || !args.front().is_object()) {
    return InvalidArgument("the event needs one object argument");
  }
  return &args.front().as_object();
}

Result<ConversationId> ConversationIdOf(const bj::object& o) {
  const bj::value* v = o.if_contains("conversation_id");
  if (!v || !v->is_string() || v->as_string().empty() || v->as_string().size() > 100) {
    return InvalidArgument("invalid event", {{"conversation_id", "is required"}});
  }
  return ConversationId(std::string(v->as_string()));
}

Audience AudienceOf(const Principal& p) { return IsVisitor(p) ? Audience::kVisitor : Audience::kStaff; }

bj::object Who(const Principal& p) {
  switch (p.kind) {
    case CredentialKind::kVisitor: return {{"type", "visitor"}, {"id", p.visitor_id}};
    case CredentialKind::kApiKey: return {{"type", "api"}, {"id", p.api_key_id}};
    case CredentialKind::kUserToken: break;
  }
  return {{"type", "user"}, {"id", p.user_id.str()}};
}

// Visitors' presence: the same directory on its own channel.
PresenceOptions VisitorPresenceOptions(PresenceOptions options) {
  options.channel = "syntera:presence:visitors";
  return options;
}

// A conversation for a broadcast: no per-reader fields.
bj::object Broadcast(const Conversation& c, Audience audience) {
  bj::object o = api::ConversationJson(c, audience);
  o.erase("unread_count");
  o.erase("reads");
  return o;
}

// message:read / message:delivered: the cursor (ReadCursorJson) plus the contract's short
// form {conversation_id, reader, message_id, seq} of the cursor that moved.
bj::object CursorEvent(const Conversation& c, const ReadCursor& cursor, CursorKind kind) {
  bj::object data = api::ReadCursorJson(cursor);
  const bool read = kind == CursorKind::kRead;
  const auto& message = read ? cursor.last_read_message_id : cursor.last_delivered_message_id;
  data["conversation_id"] = c.id.str();
  data["reader"] = cursor.reader;
  data["message_id"] = message ? bj::value(message->str()) : bj::value(nullptr);
  data["seq"] = read ? cursor.last_read_seq : cursor.last_delivered_seq;
  return data;
}

}  // namespace

ConversationSocket::ConversationSocket(realtime::RealtimeServer& server,
                                       ConversationService& service, pubsub::PubSub* bus,
                                       const Clock& clock, Random& random,
                                       PresenceOptions presence)
    : server_(server),
      service_(service),
      presence_(bus, clock, RandomToken(random, 12),
                [this](const OrgId& org, const UserId& user, PresenceStatus status) {
                  server_.EmitToRoom(OrgRoom(org), "presence",
                                     bj::object{{"user_id", user.str()},
                                                {"status", PresenceStatusName(status)}});
                },
                presence),
      visitor_presence_(bus, clock, RandomToken(random, 12),
                        [this](const OrgId& org, const UserId& visitor, PresenceStatus status) {
                          server_.EmitToRoom(OrgRoom(org), "presence",
                                             bj::object{{"visitor_id", visitor.str()},
                                                        {"status", PresenceStatusName(status)}});
                        },
                        VisitorPresenceOptions(presence)) {
  Register();
}

void ConversationSocket::Register() {
  server_.OnConnect([this](realtime::Socket& s) { Connected(s); });
  server_.OnDisconnect([this](realtime::Socket& s) { Disconnected(s); });

  server_.On("conversation:join", [this](realtime::Socket& s, const bj::array& args)
                                      -> Result<bj::value> {
    SYN_ASSIGN_OR_RETURN(const bj::object* o, Payload(args));
    SYN_ASSIGN_OR_RETURN(ConversationId id, ConversationIdOf(*o));
    const Principal& who = s.principal();
    SYN_ASSIGN_OR_RETURN(Conversation c, service_.GetConversation(who, id));
    bj::object data{{"conversation", api::ConversationJson(c, AudienceOf(who))}};
    // Join before reading the catch-up: a message committed in between then arrives live
    // (and may also be in the catch-up; clients de-duplicate by id). Reading first would
    // let it fall between the two.
    if (IsVisitor(who)) {
      s.Leave(OrgRoom(who.org_id));
      s.Join(PublicRoom(id));
      s.Join(VisitorRoom(who.visitor_id));
    } else {
      s.Join(StaffRoom(id));
    }
    if (const bj::value* after = o->if_contains("after_seq"); after && after->is_int64()) {
      MessageFilter filter;
      filter.after_seq = std::max<int64_t>(0, after->as_int64());
      SYN_ASSIGN_OR_RETURN(auto page, service_.ListMessages(who, id, filter, PageRequest{200, ""}));
      bj::array messages;
      for (const auto& m : page.items) messages.push_back(api::MessageJson(m, AudienceOf(who)));
      data["messages"] = std::move(messages);
    }
    return bj::value(std::move(data));
  });

  server_.On("conversation:leave", [](realtime::Socket& s, const bj::array& args) -> Result<bj::value> {
    SYN_ASSIGN_OR_RETURN(const bj::object* o, Payload(args));
    SYN_ASSIGN_OR_RETURN(ConversationId id, ConversationIdOf(*o));
    s.Leave(PublicRoom(id));
    s.Leave(StaffRoom(id));
    return bj::value(bj::object{});
  });

  server_.On("message:send", [this](realtime::Socket& s, const bj::array& args) -> Result<bj::value> {
    SYN_ASSIGN_OR_RETURN(const bj::object* o, Payload(args));
    SYN_ASSIGN_OR_RETURN(ConversationId id, ConversationIdOf(*o));
    json::Reader in(*o);
    MessageInput input = api::ReadMessageInput(*o, in);
    if (input.client_message_id.empty() && !in.has("client_message_id")) {
      in.Fail("client_message_id", "is required (a resend with the same id never duplicates)");
    }
    SYN_RETURN_IF_ERROR(in.Finish());
    SYN_ASSIGN_OR_RETURN(PostedMessage posted, service_.PostMessage(s.principal(), id, input));
    return bj::value(bj::object{{"message", api::MessageJson(posted.message, AudienceOf(s.principal()))},
                                {"duplicate", !posted.created}});
  });

  server_.On("message:edit", [this](realtime::Socket& s, const bj::array& args) -> Result<bj::value> {
    SYN_ASSIGN_OR_RETURN(const bj::object* o, Payload(args));
    SYN_ASSIGN_OR_RETURN(ConversationId id, ConversationIdOf(*o));
    json::Reader in(*o);
    MessageId message(in.RequiredString("message_id", {.min_len = 1, .max_len = 100}));
    std::string content = api::ReadEditedContent(in);
    SYN_RETURN_IF_ERROR(in.Finish());
    SYN_ASSIGN_OR_RETURN(Message m, service_.EditMessage(s.principal(), id, message, content));
    return bj::value(bj::object{{"message", api::MessageJson(m, AudienceOf(s.principal()))}});
  });

  server_.On("message:delete", [this](realtime::Socket& s, const bj::array& args) -> Result<bj::value> {
    SYN_ASSIGN_OR_RETURN(const bj::object* o, Payload(args));
    SYN_ASSIGN_OR_RETURN(ConversationId id, ConversationIdOf(*o));
    json::Reader in(*o);
    MessageId message(in.RequiredString("message_id", {.min_len = 1, .max_len = 100}));
    SYN_RETURN_IF_ERROR(in.Finish());
    SYN_ASSIGN_OR_RETURN(Message m, service_.DeleteMessage(s.principal(), id, message));
    return bj::value(bj::object{{"message", api::MessageJson(m, AudienceOf(s.principal()))}});
  });

  for (auto [event, kind] : {std::pair{"message:read", CursorKind::kRead},
                             std::pair{"message:delivered", CursorKind::kDelivered}}) {
    CursorKind cursor_kind = kind;
    server_.On(event, [this, cursor_kind](realtime::Socket& s, const bj::array& args) -> Result<bj::value> {
      SYN_ASSIGN_OR_RETURN(const bj::object* o, Payload(args));
      SYN_ASSIGN_OR_RETURN(ConversationId id, ConversationIdOf(*o));
      json::Reader in(*o);
      MessageId message(in.RequiredString("message_id", {.min_len = 1, .max_len = 100}));
      SYN_RETURN_IF_ERROR(in.Finish());
      SYN_ASSIGN_OR_RETURN(ReadCursor cursor,
                           cursor_kind == CursorKind::kRead
                               ? service_.MarkRead(s.principal(), id, message)
                               : service_.MarkDelivered(s.principal(), id, message));
      return bj::value(bj::object{{"cursor", api::ReadCursorJson(cursor)}});
    });
  }

  for (auto [event, change] : {std::pair{"reaction:add", ReactionChange::kAdd},
                               std::pair{"reaction:remove", ReactionChange::kRemove}}) {
    ReactionChange reaction_change = change;
    server_.On(event, [this, reaction_change](realtime::Socket& s, const bj::array& args) -> Result<bj::value> {
      SYN_ASSIGN_OR_RETURN(const bj::object* o, Payload(args));
      SYN_ASSIGN_OR_RETURN(ConversationId id, ConversationIdOf(*o));
      json::Reader in(*o);
      MessageId message(in.RequiredString("message_id", {.min_len = 1, .max_len = 100}));
      std::string emoji = in.RequiredString("emoji", {.min_len = 1, .max_len = 32});
      SYN_RETURN_IF_ERROR(in.Finish());
      SYN_ASSIGN_OR_RETURN(Message m, service_.React(s.principal(), id, message, emoji, reaction_change));
      return bj::value(bj::object{{"message", api::MessageJson(m, AudienceOf(s.principal()))}});
    });
  }

  for (auto [event, typing] : {std::pair{"typing:start", true}, std::pair{"typing:stop", false}}) {
    bool is_typing = typing;
    server_.On(event, [this, is_typing](realtime::Socket& s, const bj::array& args) -> Result<bj::value> {
      SYN_ASSIGN_OR_RETURN(const bj::object* o, Payload(args));
      SYN_ASSIGN_OR_RETURN(ConversationId id, ConversationIdOf(*o));
      SYN_ASSIGN_OR_RETURN(Conversation c, service_.GetConversation(s.principal(), id));
      bj::object data{{"conversation_id", id.str()}, {"who", Who(s.principal())}, {"is_typing", is_typing}};
      server_.EmitToRoom(PublicRoom(id), "typing", data, s.id());
      server_.EmitToRoom(StaffRoom(id), "typing", data, s.id());
      return bj::value(bj::object{});
    });
  }

  server_.On("conversation:handoff", [this](realtime::Socket& s, const bj::array& args) -> Result<bj::value> {
    SYN_ASSIGN_OR_RETURN(const bj::object* o, Payload(args));
    SYN_ASSIGN_OR_RETURN(ConversationId id, ConversationIdOf(*o));
    json::Reader in(*o);
    std::string reason = in.OptionalString("reason", {.min_len = 0, .max_len = 500}).value_or("");
    SYN_RETURN_IF_ERROR(in.Finish());
    SYN_ASSIGN_OR_RETURN(Conversation c, service_.RequestHandoff(s.principal(), id, reason));
    return bj::value(bj::object{{"conversation", api::ConversationJson(c, AudienceOf(s.principal()))}});
  });

  server_.On("presence:list", [this](realtime::Socket& s, const bj::array&) -> Result<bj::value> {
    if (IsVisitor(s.principal())) return PermissionDenied("staff only");
    bj::array online, away;
    for (const auto& e : presence_.List(s.principal().org_id)) {
      (e.status == PresenceStatus::kAway ? away : online).emplace_back(e.user.str());
    }
    bj::array visitors;
    for (const auto& e : visitor_presence_.List(s.principal().org_id)) {
      visitors.emplace_back(e.user.str());
    }
    return bj::value(bj::object{
        {"users", std::move(online)}, {"away", std::move(away)}, {"visitors", std::move(visitors)}});
  });

  server_.On("presence:set", [this](realtime::Socket& s, const bj::array& args) -> Result<bj::value> {
    const Principal& who = s.principal();
    if (who.kind != CredentialKind::kUserToken) {
      return PermissionDenied("presence belongs to signed-in team members");
    }
    SYN_ASSIGN_OR_RETURN(const bj::object* o, Payload(args));
    json::Reader in(*o);
    std::string name = in.RequiredString("status", {.min_len = 1, .max_len = 20});
    auto status = ParsePresenceStatus(name);
    if (in.has("status") && (!status || *status == PresenceStatus::kOffline)) {
      in.Fail("status", "must be online or away");
    }
    SYN_RETURN_IF_ERROR(in.Finish());
    PresenceStatus now = presence_.Set(who.org_id, who.user_id, *status);
    return bj::value(bj::object{{"user_id", who.user_id.str()}, {"status", PresenceStatusName(now)}});
  });
}

void ConversationSocket::WidgetKeyRegenerated(const OrgId& org) {
  server_.DisconnectRoom(OrgVisitorsRoom(org));
}

void ConversationSocket::Connected(realtime::Socket& s) {
  const Principal& p = s.principal();
  if (IsVisitor(p)) {
    s.Leave(OrgRoom(p.org_id));  // the org room carries staff-only data
    s.Join(OrgVisitorsRoom(p.org_id));
  }
  if (p.kind == CredentialKind::kApiKey) return;
  if (IsVisitor(p)) {
    visitor_presence_.Connected(p.org_id, UserId(p.visitor_id));
  } else {
    presence_.Connected(p.org_id, p.user_id);
  }
}

void ConversationSocket::Disconnected(realtime::Socket& s) {
  const Principal& p = s.principal();
  if (p.kind == CredentialKind::kApiKey) return;
  if (IsVisitor(p)) {
    visitor_presence_.Disconnected(p.org_id, UserId(p.visitor_id));
  } else {
    presence_.Disconnected(p.org_id, p.user_id);
  }
}

void ConversationSocket::ConversationChanged(const Conversation& c) {
  server_.EmitToRoom(OrgRoom(c.org_id), "conversation:updated",
                     bj::object{{"conversation", Broadcast(c, Audience::kStaff)}});
  if (!c.visitor_id.empty()) {
    server_.EmitToRoom(VisitorRoom(c.visitor_id), "conversation:updated",
                       bj::object{{"conversation", Broadcast(c, Audience::kVisitor)}});
  }
}

void ConversationSocket::MessageCreated(const Conversation& c, const Message& m) {
  server_.EmitToRoom(StaffRoom(c.id), "message:new",
                     bj::object{{"message", api::MessageJson(m, Audience::kStaff)}});
  if (m.type == MessageType::kNote) return;  // private: staff room only
  server_.EmitToRoom(PublicRoom(c.id), "message:new",
                     bj::object{{"message", api::MessageJson(m, Audience::kVisitor)}});
  server_.EmitToRoom(OrgRoom(c.org_id), "message:preview", PreviewJson(c, m));
}

bj::object ConversationSocket::PreviewJson(const Conversation& c, const Message& m) {
  std::string preview = m.content.substr(0, 140);
  while (!preview.empty() && (static_cast<unsigned char>(preview.back()) & 0xC0) == 0x80) preview.pop_back();
  if (!preview.empty() && static_cast<unsigned char>(preview.back()) >= 0xC0) preview.pop_back();
  return {{"conversation_id", c.id.str()},
          {"message_id", m.id.str()},
          {"seq", m.seq},
          {"sender_type", SenderTypeName(m.sender_type)},
          {"type", MessageTypeName(m.type)},
          {"preview", preview},
          {"status", StatusName(c.status)},
          {"assignee_type", AssigneeTypeName(c.assignee_type)},
          {"assignee_user_id",
           c.assignee_user_id ? bj::value(c.assignee_user_id->str()) : bj::value(nullptr)},
          {"created_at", FormatRfc3339(m.created_at)}};
}

void ConversationSocket::ReplyDelta(const Conversation& c, const MessageId& id, std::string_view delta) {
  EmitToBothRooms(c, "message:delta",
                  bj::object{{"conversation_id", c.id.str()}, {"message_id", id.str()}, {"delta", delta}});
}

void ConversationSocket::ReadAdvanced(const Conversation& c, const ReadCursor& cursor) {
  EmitToBothRooms(c, "message:read", CursorEvent(c, cursor, CursorKind::kRead));
  if (cursor.reader.rfind("user:", 0) != 0) return;
  Principal reader;
  reader.kind = CredentialKind::kUserToken;
  reader.org_id = c.org_id;
  reader.user_id = UserId(cursor.reader.substr(5));
  auto counts = service_.CountInbox(reader);
  if (counts.ok()) {
    server_.EmitToRoom("user:" + reader.user_id.str(), "inbox:counts",
                       bj::object{{"counts", api::InboxCountsJson(*counts)}});
  }
}

void ConversationSocket::DeliveryAdvanced(const Conversation& c, const ReadCursor& cursor) {
  EmitToBothRooms(c, "message:delivered", CursorEvent(c, cursor, CursorKind::kDelivered));
}

void ConversationSocket::MessageChanged(const Conversation& c, const Message& m,
                                        MessageChange change) {
  if (change == MessageChange::kReactions) {
    bj::object data{{"conversation_id", c.id.str()},
                    {"message_id", m.id.str()},
                    {"reactions", api::ReactionsJson(m.reactions)}};
    server_.EmitToRoom(StaffRoom(c.id), "message:reaction", data);
    if (m.type != MessageType::kNote) server_.EmitToRoom(PublicRoom(c.id), "message:reaction", data);
    return;
  }
  server_.EmitToRoom(StaffRoom(c.id), "message:updated",
                     bj::object{{"message", api::MessageJson(m, Audience::kStaff)}});
  if (m.type == MessageType::kNote) return;  // private: staff room only
  server_.EmitToRoom(PublicRoom(c.id), "message:updated",
                     bj::object{{"message", api::MessageJson(m, Audience::kVisitor)}});
  // Lists showing this message as their conversation's latest update their line.
  bj::object preview = PreviewJson(c, m);
  preview["change"] = change == MessageChange::kDeleted ? "deleted" : "edited";
  server_.EmitToRoom(OrgRoom(c.org_id), "message:preview", std::move(preview));
}

void ConversationSocket::EmitToBothRooms(const Conversation& c, std::string_view event,
                                         const bj::object& data) {
  server_.EmitToRoom(PublicRoom(c.id), event, data);
  server_.EmitToRoom(StaffRoom(c.id), event, data);
}

}  // namespace syntera::conversations
