// syntera: the single binary. Subcommands: serve (default), migrate, routes, config print,
// admin create, version. Configuration errors end start-up with a message naming the setting.

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "app/application.h"
#include "app/commands.h"
#include "config/config.h"
#include "obs/logger.h"

namespace {

int Fail(const std::string& message) {
  std::fprintf(stderr, "syntera: %s\n", message.c_str());
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace syntera;
  std::vector<std::string> args(argv + 1, argv + argc);
  std::string command = "serve";
  if (!args.empty() && args[0].rfind("--", 0) != 0) {
    command = args[0];
    args.erase(args.begin());
  }
  if (command == "help" || std::find(args.begin(), args.end(), std::string("--help")) != args.end() ||
      std::find(args.begin(), args.end(), std::string("-h")) != args.end()) {
    std::cout << config::HelpText();
    return 0;
  }
  if (command == "version" || command == "--version") {
    std::cout << "syntera " << app::kVersion << "\n";
    return 0;
  }
  // Sub-command arguments that are not configuration flags.
  app::CommandArgs cmd;
  if (command == "config") {
    if (args.empty() || args[0] != "print") return Fail("usage: syntera config print [options]");
    args.erase(args.begin());
  }
  if (command == "admin") {
    if (args.empty() || args[0] != "create") return Fail("usage: syntera admin create --email E --password P --name N --organization O");
    args.erase(args.begin());
  }
  auto rest = app::ExtractCommandArgs(command, args, cmd);
  if (!rest.ok()) return Fail(rest.error().message);

  config::ConfigInput input;
  input.args = *rest;
  input.env = config::ProcessEnvironment();
  input.working_dir = std::filesystem::current_path().string();
  auto cfg = config::LoadConfig(input);
  if (!cfg.ok()) return Fail(cfg.error().message);

  if (command == "config") {
    std::cout << config::PrintConfig(*cfg);
    return 0;
  }
  if (command == "routes") return app::RunRoutes(*cfg, cmd);
  if (command == "migrate") return app::RunMigrate(*cfg);
  if (command == "admin") return app::RunAdminCreate(*cfg, cmd);
  if (command != "serve") return Fail("unknown command \"" + command + "\"; see syntera --help");

  // Block the shutdown signals in every thread; the main thread waits for them below.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  signal(SIGPIPE, SIG_IGN);

  auto application = app::Application::Create(*cfg);
  if (!application.ok()) return Fail(application.error().message);
  auto& a = **application;
  if (auto s = a.Start(); !s.ok()) return Fail(s.error().message);
  std::cout << "Syntera is ready at " << a.url() << std::endl;

  int sig = 0;
  sigwait(&signals, &sig);
  a.logger().Info("shutdown_requested", {{"signal", sig == SIGTERM ? "SIGTERM" : "SIGINT"}});
  a.Stop();
  a.Wait();
  a.logger().Info("stopped");
  return 0;
}
