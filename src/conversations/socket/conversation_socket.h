#pragma once
// The conversations module on Socket.IO: event handlers registered on the realtime server and
// the live fan-out of committed changes (a ConversationListener).
//
// Client → server (each answers through its ack: {ok:true,data} or {ok:false,error}):
//   conversation:join   {conversation_id, after_seq?} → {conversation, messages?}
//                       staff of the organization, or the visitor who owns it; anyone else
//                       gets not_found. after_seq returns the messages after it (catch-up
//                       after a reconnect; at most 200, notes for staff only).
//   conversation:leave  {conversation_id}
//   message:send        {conversation_id, content, client_message_id, thread_id?, type?,
//                        attachments?} → {message, duplicate} after commit
//   message:edit        {conversation_id, message_id, content} → {message}
//                       the author only (the team member who wrote it, or the visitor);
//                       never AI or system messages; sets edited_at (no history is kept)
//   message:read        {conversation_id, message_id} → {cursor}
//   message:delivered   {conversation_id, message_id} → {cursor}
//                       cursor semantics as message:read: everything up to that message
//                       reached one of the caller's clients (never moves back)
//   reaction:add / reaction:remove {conversation_id, message_id, emoji} → {message}
//                       idempotent (adding twice keeps one reaction)
//   typing:start / typing:stop {conversation_id} → typing {conversation_id, who, is_typing}
//   conversation:handoff {conversation_id, reason?} → {conversation} (visitor or member)
//   presence:set        {status: online|away} → {user_id, status} (users; the status is the
//                       user's, on every instance, until they choose again or disconnect
//                       everywhere)
//   presence:list       {} → {users: [user ids online], away: [user ids away],
//                       visitors: [visitor ids online]} (staff), across every instance
//                       sharing the bus (PresenceDirectory: one for the team, one for visitors)
// Server → client:
//   message:new          {message}                      conversation rooms (per audience)
//   message:delta        {conversation_id, message_id, delta}   both conversation rooms
//   message:updated      {message}                      as message:new (an edit)
//   message:reaction     {conversation_id, message_id, reactions}  as message:new
//   message:read         {conversation_id, reader, message_id, seq, …cursor}  both rooms
//   message:delivered    {conversation_id, reader, message_id, seq, …cursor}  both rooms, only
//                        when the cursor moved; a read implies delivery (no extra event)
//   message:preview      {conversation_id, message_id, …}  org:<id> (never notes)
//   conversation:updated {conversation}                 org:<id>, staff room (full) and
//                                                       visitor:<visitor id> (visitor view)
//   typing               {conversation_id, who, is_typing}  both rooms except the sender
//   inbox:counts         {counts}                        user:<id> after their reads
//   presence             {user_id, status: online|away|offline}  org:<id>, once per change
//                        of the user's organization-wide status (best effort; presence:list
//                        is the truth); {visitor_id, status: online|offline} for visitors
//                        (likewise, across instances)
// Rooms: staff join "conversation:<id>:staff"; visitors join "conversation:<id>" and
// "visitor:<visitor id>". Private notes go to the staff room only. Visitors are taken out of
// "org:<id>" when they connect (the org room carries staff-only data) and put in
// "visitors:<org id>": regenerating the widget key disconnects that room on every instance
// (the tokens it was opened with are revoked; clients hear "io server disconnect").
//
// Fan-out happens after commit, directly from the thread that committed (no dispatcher
// round trip: lowest latency). At least once towards clients that reconnect (they catch up
// with after_seq and de-duplicate by message id); a crash between commit and emit loses only
// the live notification, never the message.

#include <map>
#include <mutex>
#include <string>

#include "base/clock.h"
#include "base/random.h"
#include "conversations/conversation_listener.h"
#include "conversations/conversation_service.h"
#include "conversations/socket/presence_directory.h"
#include "realtime/realtime_server.h"

namespace syntera::conversations {

class ConversationSocket final : public ConversationListener {
 public:
  // Registers the event handlers and connection hooks on `server` (before it starts) and the
  // presence directory on `bus` (may be null: this instance only; before the bus starts).
  // References and `bus` must outlive this object; add it to the service's ListenerRelay to
  // fan out.
  ConversationSocket(realtime::RealtimeServer& server, ConversationService& service,
                     pubsub::PubSub* bus, const Clock& clock, Random& random,
                     PresenceOptions presence = {});

  // The presence directory's ticker (PresenceDirectory::Start / Stop).
  void Start() {
    presence_.Start();
    visitor_presence_.Start();
  }
  void Stop() {
    presence_.Stop();
    visitor_presence_.Stop();
  }

  void ConversationChanged(const Conversation& conversation) override;
  void MessageCreated(const Conversation& conversation, const Message& message) override;
  void ReplyDelta(const Conversation& conversation, const MessageId& message_id,
                  std::string_view delta) override;
  void ReadAdvanced(const Conversation& conversation, const ReadCursor& cursor) override;
  void DeliveryAdvanced(const Conversation& conversation, const ReadCursor& cursor) override;
  void MessageChanged(const Conversation& conversation, const Message& message,
                      MessageChange change) override;
  void WidgetKeyRegenerated(const OrgId& org) override;

 private:
  void Register();
  // The visitor room and the staff room of `conversation`.
  void EmitToBothRooms(const Conversation& conversation, std::string_view event,
                       const boost::json::object& data);
  // message:preview of `m` for the org room (lists show a conversation's latest message).
  static boost::json::object PreviewJson(const Conversation& c, const Message& m);
  void Connected(realtime::Socket& socket);
  void Disconnected(realtime::Socket& socket);

  realtime::RealtimeServer& server_;
  ConversationService& service_;
  PresenceDirectory presence_;          // team members, across instances
  PresenceDirectory visitor_presence_;  // widget visitors (by visitor id), across instances
};

}  // namespace syntera::conversations
