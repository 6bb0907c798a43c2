// realtime_test_server: net::Server + http::Pipeline + RealtimeServer with a fixed-token
// Authenticator, for the socket.io-client conformance tests in tests/realtime. Test-only.
//
//   realtime_test_server [--ping-interval-ms N] [--ping-timeout-ms N] [--poll-hold-ms N]
//                        [--events-per-second N] [--recovery-ms N] [--threads N]
//                        [--redis-url redis://host:port]   (fan-out between instances)
//                        [--max-connections N]   (default 10000; bench/realtime raises it)
// Listens on 127.0.0.1 with an ephemeral port, prints "PORT <n>" on stdout, and runs until
// stdin closes or SIGTERM/SIGINT.
// Tokens: "valid:<user>" authenticates user <user> in organization "org-test"; anything else
// is refused as unauthenticated.
// Events: echo(x) → x; room:join({room}) joins; room:emit({room, data}) sends
// room:message {from, data} to the room except the sender; bin:room({room, data}) does the
// same as room:binary with binary attachments; bin:emit(x) sends bin:data x back; room:kick
// ({room}) disconnects the room; whoami() → {socket_id, user_id}.

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>
#include <string_view>
#include <thread>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "crypto/crypto.h"
#include "http/pipeline.h"
#include "http/rate_limiter.h"
#include "http/router.h"
#include "net/server.h"
#include "obs/logger.h"
#include "obs/metrics.h"
#include "pubsub/pubsub.h"
#include "realtime/realtime_server.h"
#include "realtime/routes.h"

namespace syntera::realtime {
namespace {

namespace json = boost::json;

class FixedTokenAuthenticator final : public http::Authenticator {
 public:
  Result<Principal> Authenticate(std::string_view bearer) override {
    constexpr std::string_view kPrefix = "valid:";
    if (bearer.substr(0, kPrefix.size()) != kPrefix || bearer.size() == kPrefix.size()) {
      return Unauthenticated("invalid token");
    }
    Principal p;
    p.org_id = OrgId("org-test");
    p.user_id = UserId(std::string(bearer.substr(kPrefix.size())));
    p.role = Role::kMember;
    return p;
  }
};

Result<std::string> RoomArg(const json::array& args) {
  if (args.empty() || !args[0].is_object()) return InvalidArgument("expected {room}");
  const json::value* room = args[0].as_object().if_contains("room");
  if (room == nullptr || !room->is_string() || room->as_string().empty()) {
    return InvalidArgument("room must be a non-empty string", {{"room", "required"}});
  }
  return std::string(room->as_string());
}

void RegisterDemoEvents(RealtimeServer& realtime) {
  realtime.On("echo", [](Socket&, const json::array& args) -> Result<json::value> {
    return args.empty() ? json::value() : args[0];
  });
  // Sends its argument back as a "bin:data" event (binary attachments stay binary).
  realtime.On("bin:emit", [](Socket& socket, const json::array& args) -> Result<json::value> {
    socket.Emit("bin:data", args.empty() ? json::value() : args[0]);
    return json::value(json::object{});
  });
  // Disconnects every socket in a room, on every instance.
  realtime.On("room:kick", [&realtime](Socket&, const json::array& args) -> Result<json::value> {
    SYN_ASSIGN_OR_RETURN(std::string room, RoomArg(args));
    realtime.DisconnectRoom(room);
    return json::value(json::object{});
  });
  realtime.On("whoami", [](Socket& socket, const json::array&) -> Result<json::value> {
    return json::value{{"socket_id", socket.id()},
                       {"user_id", socket.principal().user_id.str()}};
  });
  realtime.On("room:join", [](Socket& socket, const json::array& args) -> Result<json::value> {
    SYN_ASSIGN_OR_RETURN(std::string room, RoomArg(args));
    socket.Join(room);
    return json::value{{"room", room}};
  });
  // room:emit / bin:room ({room, data}): {from, data} to the room except the sender, as
  // room:message (JSON) / room:binary (attachments as binary: a test server may relay what a
  // client sent).
  for (const auto& [event, out, binary] : {std::tuple{"room:emit", "room:message", false},
                                           std::tuple{"bin:room", "room:binary", true}}) {
    realtime.On(event, [&realtime, out, binary](Socket& socket,
                                                const json::array& args) -> Result<json::value> {
      SYN_ASSIGN_OR_RETURN(std::string room, RoomArg(args));
      const json::value* data = args[0].as_object().if_contains("data");
      json::object message{{"from", socket.principal().user_id.str()},
                           {"data", data ? *data : json::value()}};
      if (binary) {
        realtime.EmitBinaryToRoom(room, out, message, socket.id());
      } else {
        realtime.EmitToRoom(room, out, message, socket.id());
      }
      return json::value(json::object{});
    });
  }
}

std::string StringFlag(int argc, char** argv, std::string_view name, std::string fallback) {
  for (int i = 1; i + 1 < argc; ++i) {
    if (argv[i] == name) return argv[i + 1];
  }
  return fallback;
}

int IntFlag(int argc, char** argv, std::string_view name, int fallback) {
  const std::string value = StringFlag(argc, argv, name, "");
  return value.empty() ? fallback : std::atoi(value.c_str());
}

int Main(int argc, char** argv) {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  obs::LogOptions log_options;
  log_options.level = obs::LogLevel::kWarn;
  obs::Logger logger(log_options);
  obs::MetricsRegistry metrics;
  FixedTokenAuthenticator authenticator;
  crypto::SecureRandom random;

  RealtimeOptions options;
  options.ping_interval = std::chrono::milliseconds(IntFlag(argc, argv, "--ping-interval-ms", 25000));
  options.ping_timeout = std::chrono::milliseconds(IntFlag(argc, argv, "--ping-timeout-ms", 20000));
  options.poll_hold = std::chrono::milliseconds(IntFlag(argc, argv, "--poll-hold-ms", 1000));
  options.events_per_second = IntFlag(argc, argv, "--events-per-second", 50);
  options.event_burst = options.events_per_second * 2;
  options.recovery_window = std::chrono::milliseconds(IntFlag(argc, argv, "--recovery-ms", 120000));
  std::unique_ptr<pubsub::PubSub> bus;
  if (std::string url = StringFlag(argc, argv, "--redis-url", ""); !url.empty()) {
    Result<pubsub::RedisOptions> redis = pubsub::ParseRedisUrl(url);
    if (!redis.ok()) {
      std::cerr << redis.error().message << "\n";
      return 2;
    }
    bus = pubsub::NewRedisPubSub(*redis, logger);
  }
  RealtimeServer realtime(options, authenticator, random, logger, bus.get());
  RegisterDemoEvents(realtime);

  http::Router router;
  AddRealtimeRoutes(router, realtime);
  std::unique_ptr<http::RateLimiter> limiter = http::NewMemoryRateLimiter();
  http::PipelineOptions pipeline_options;
  pipeline_options.access_log = false;
  http::Pipeline pipeline(router, &authenticator, *limiter, logger, metrics, pipeline_options);

  net::ServerOptions server_options;
  server_options.host = "127.0.0.1";
  server_options.port = 0;
  server_options.threads = IntFlag(argc, argv, "--threads", 4);
  server_options.max_connections = IntFlag(argc, argv, "--max-connections", 10000);
  server_options.drain_timeout = std::chrono::milliseconds(2000);
  server_options.websocket_acceptor = &realtime;
  server_options.max_ws_message_bytes = options.max_payload;
  net::Server server(server_options, pipeline, logger, metrics);

  if (bus) {
    if (Result<void> connected = bus->Start(); !connected.ok()) {
      std::cerr << connected.error().message << "\n";
      return 1;
    }
  }
  realtime.Start();
  if (Result<void> started = server.Start(); !started.ok()) {
    std::cerr << "cannot start: " << started.error().message << "\n";
    return 1;
  }
  std::cout << "PORT " << server.port() << std::endl;

  std::thread stdin_watch([] {
    std::string line;
    while (std::getline(std::cin, line)) {
    }
    kill(getpid(), SIGTERM);
  });
  stdin_watch.detach();
  int signal = 0;
  sigwait(&signals, &signal);

  realtime.Stop();
  server.Stop();
  server.Wait();
  if (bus) bus->Stop();
  return 0;
}

}  // namespace
}  // namespace syntera::realtime

int main(int argc, char** argv) { return syntera::realtime::Main(argc, argv); }
