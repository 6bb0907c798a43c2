#pragma once
// JSON Schema texts (OpenAPI 3.1 dialect) of the conversations routes, for RouteDoc.

#include <string>

namespace syntera::conversations::api::schema {

std::string ListOf(const std::string& item);
std::string Conversation();
std::string VisitorConversation();
std::string NewConversation();
std::string ConversationPatch();
std::string Message();
std::string MessageInput();
std::string MessageEdit();  // {content}
std::string Posted();  // {conversation, message}
std::string Thread();
std::string ThreadInput();
std::string File();
std::string ReadCursor();
std::string ReadInput();
std::string UserInput();
std::string HandoffInput();
std::string ReactionInput();
std::string InboxCounts();
std::string WidgetSettings();
std::string WidgetSettingsInput();
std::string WidgetSessionInput();
std::string WidgetSession();

}  // namespace syntera::conversations::api::schema
