#pragma once
// The conversations routes by concern (private); AddConversationRoutes calls them.

#include "http/router.h"

namespace syntera::conversations {
class ConversationService;
}

namespace syntera::conversations::api {

void AddConversationCoreRoutes(http::Router& router, ConversationService& service);
void AddInboxRoutes(http::Router& router, ConversationService& service);

}  // namespace syntera::conversations::api
