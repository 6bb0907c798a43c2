#pragma once
// The HTTP routes of the conversations module, all under /api/v1:
//   conversations[/{id}[/messages|/transcript|/threads|/attachments[/{file_id}]
//     |/messages/{message_id}/reactions|/claim|/assign|/unassign|/transfer|/release|/resolve
//     |/handoff|/read]], inbox/counts                        (staff: user tokens and API keys)
//   widget/settings                                           (admins)
//   widget/sessions, widget/conversations[/{id}[/messages|/handoff|/attachments|/read]]
//                                                             (public; visitor tokens)
// Staff routes: viewers read, members write; resource fixture name "conversation".
// Widget conversation routes are public in the route table (the HTTP authenticator refuses
// visitor tokens everywhere) and verify the visitor token themselves.

#include "http/router.h"

namespace syntera::conversations {

class ConversationService;
class WidgetService;
class VisitorAuthenticator;

// Appends the staff routes. `service` must outlive the router.
void AddConversationRoutes(http::Router& router, ConversationService& service);
// Appends the widget routes (settings, sessions, visitor conversations). All must outlive
// the router.
void AddWidgetRoutes(http::Router& router, WidgetService& widget, ConversationService& service,
                     VisitorAuthenticator& visitors);

}  // namespace syntera::conversations
