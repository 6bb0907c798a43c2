#include "realtime/routes.h"

namespace syntera::realtime {

void AddRealtimeRoutes(http::Router& router, RealtimeServer& server) {
  const std::vector<std::string> query = {"EIO", "transport", "sid", "t"};
  router.Add(http::Route{
      .method = http::Method::kGet,
      .path = "/socket.io/",
      .handler = [&server](http::RouteContext& ctx) { return server.PollGet(ctx.request); },
      .access = http::Access::kPublic,
      .isolation = http::Isolation::kPublic,
      .max_body_bytes = 0,
      .rate_class = "realtime",
      .doc = {.summary = "Engine.IO long-polling: handshake or fetch packets",
              .tag = "realtime",
              .description =
                  "Engine.IO v4 polling transport of the Socket.IO endpoint. Without `sid` it "
                  "opens a session (body `0{\"sid\",\"upgrades\",\"pingInterval\","
                  "\"pingTimeout\",\"maxPayload\"}`); with `sid` it returns the queued packets "
                  "joined by U+001E. Use the official socket.io-client; see the event contract "
                  "in API-CONVENTIONS (Realtime).",
              .query_params = query},
  });
  router.Add(http::Route{
      .method = http::Method::kPost,
      .path = "/socket.io/",
      .handler = [&server](http::RouteContext& ctx) { return server.PollPost(ctx.request); },
      .access = http::Access::kPublic,
      .isolation = http::Isolation::kPublic,
      .max_body_bytes = server.max_payload(),
      .rate_class = "realtime",
      .doc = {.summary = "Engine.IO long-polling: send packets",
              .tag = "realtime",
              .description = "Engine.IO v4 polling transport: the body holds packets joined by "
                             "U+001E (not JSON). Answers `ok`.",
              .query_params = query},
  });
}

}  // namespace syntera::realtime
