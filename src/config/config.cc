#include "config/config.h"

#include <toml++/toml.h>

#include <charconv>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>

#include "base/encoding.h"

extern char** environ;

namespace syntera::config {
namespace {

enum class Kind { kString, kInt, kBool, kList };

struct Setting {
  std::string name;  // snake_case; flag --name-with-dashes; env SYNTERA_NAME; TOML key name
  Kind kind;
  std::string help;
  bool secret = false;
  int min = 0, max = 0;  // for kInt
  std::function<void(AppConfig&, const std::string&)> set_string;
  std::function<void(AppConfig&, int)> set_int;
  std::function<void(AppConfig&, bool)> set_bool;
  std::function<void(AppConfig&, std::vector<std::string>)> set_list;
  std::function<std::string(const AppConfig&)> get;
};

std::string Join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ",") + s;
  return out;
}

#define STR(field, help_text, is_secret)                                                  \
  Setting {                                                                               \
    #field, Kind::kString, help_text, is_secret, 0, 0,                                    \
        [](AppConfig& c, const std::string& v) { c.field = v; }, nullptr, nullptr, nullptr, \
        [](const AppConfig& c) { return c.field; }                                        \
  }
#define INT(field, lo, hi, help_text)                                                          \
  Setting {                                                                                    \
    #field, Kind::kInt, help_text, false, lo, hi, nullptr, [](AppConfig& c, int v) { c.field = v; }, \
        nullptr, nullptr, [](const AppConfig& c) { return std::to_string(c.field); }           \
  }
#define BOOL(field, help_text)                                                              \
  Setting {                                                                                 \
    #field, Kind::kBool, help_text, false, 0, 0, nullptr, nullptr,                          \
        [](AppConfig& c, bool v) { c.field = v; }, nullptr,                                 \
        [](const AppConfig& c) { return std::string(c.field ? "true" : "false"); }          \
  }
#define LIST(field, help_text)                                                               \
  Setting {                                                                                  \
    #field, Kind::kList, help_text, false, 0, 0, nullptr, nullptr, nullptr,                  \
        [](AppConfig& c, std::vector<std::string> v) { c.field = std::move(v); },             \
        [](const AppConfig& c) { return Join(c.field); }                                     \
  }

const std::vector<Setting>& Settings() {
  static const std::vector<Setting> kSettings = {
      STR(host, "address to listen on (0.0.0.0 for all interfaces)", false),
      INT(port, 0, 65535, "TCP port (0 picks a free one)"),
      INT(threads, 0, 256, "I/O threads (0: one per core, at least 2)"),
      STR(public_url, "URL users reach Syntera at, used in emailed links", false),
      STR(tls_cert, "PEM certificate file; with tls_key enables HTTPS (TLS 1.2/1.3)", false),
      STR(tls_key, "PEM private key file for tls_cert", false),
      LIST(cors_origins, "comma-separated origins allowed to call the API from browsers"),
      LIST(trusted_proxies, "comma-separated proxy IPs/CIDRs whose X-Forwarded-For is honoured"),
      INT(max_connections, 1, 1000000, "maximum open connections"),
      INT(header_timeout_ms, 100, 600000, "time allowed to send request headers"),
      INT(body_timeout_ms, 100, 3600000, "time allowed to send a request body"),
      INT(idle_timeout_ms, 100, 3600000, "keep-alive idle timeout"),
      INT(drain_timeout_ms, 0, 600000, "graceful shutdown deadline for in-flight requests"),
      BOOL(access_log, "write one JSON line per request"),
      INT(rate_limit_ip_per_minute, 0, 100000000, "requests per minute per client IP (0: off)"),
      INT(rate_limit_api_per_minute, 0, 100000000,
          "requests per minute per credential (0: off)"),
      INT(rate_limit_auth_per_minute, 0, 100000000,
          "sign-up/login/refresh requests per minute per client IP (0: off)"),
      STR(data_dir, "directory for the SQLite database, uploads and generated keys", false),
      STR(web_dir, "directory of the built web UI (default: web/dist of the source tree)", false),
      STR(database_url, "sqlite://PATH or postgres://USER:PASS@HOST:PORT/DB", true),
      STR(amqp_url, "amqp://USER:PASS@HOST:PORT/VHOST: RabbitMQ for jobs (default: the database)",
          true),
      STR(redis_url, "redis://[:PASS@]HOST:PORT: realtime fan-out between instances (default: "
                     "this process only)",
          true),
      INT(db_pool_size, 1, 1000, "database connections (PostgreSQL) / readers (SQLite)"),
      STR(jwt_secret, "access-token signing key (default: generated into data_dir)", true),
      INT(access_token_ttl_seconds, 60, 900, "access token lifetime (at most 15 minutes)"),
      INT(refresh_token_ttl_days, 1, 365, "refresh token lifetime"),
      BOOL(dev_mode, "development mode: outgoing emails are also written to the log"),
      INT(conversation_idle_close_minutes, 1, 525600,
          "close open conversations with no message for this long (ends widget chats)"),
      INT(conversation_orphan_upload_hours, 1, 8760,
          "delete conversation uploads never attached to a message after this many hours"),
      INT(realtime_events_per_second, 1, 1000000,
          "Socket.IO events per second per socket (burst: twice as many)"),
      STR(test_responder, "tests only: 'echo' answers visitors with \"You said: …\" (empty: no AI)",
          false),
      STR(log_level, "debug, info, warn or error", false),
      STR(log_file, "also log to this file (rotated at 50 MB, 5 files)", false),
  };
  return kSettings;
}

#undef STR
#undef INT
#undef BOOL
#undef LIST

std::string FlagName(const std::string& name) {
  std::string f = "--" + name;
  for (char& c : f)
    if (c == '_') c = '-';
  return f;
}

std::string EnvName(const std::string& name) {
  std::string e = "SYNTERA_" + name;
  for (char& c : e) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return e;
}

Result<void> Apply(const Setting& s, const std::string& raw, const std::string& source,
                   AppConfig& cfg) {
  auto bad = [&](std::string why) {
    return InvalidArgument("invalid configuration: " + s.name + ": " + why + " (from " + source +
                               ")",
                           {{s.name, why}});
  };
  std::string v(TrimAscii(raw));
  switch (s.kind) {
    case Kind::kString:
      s.set_string(cfg, v);
      break;
    case Kind::kInt: {
      int n = 0;
      auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
      if (ec != std::errc() || p != v.data() + v.size() || n < s.min || n > s.max) {
        return bad("must be an integer between " + std::to_string(s.min) + " and " +
                   std::to_string(s.max) + ", got \"" + v + "\"");
      }
      s.set_int(cfg, n);
      break;
    }
    case Kind::kBool: {
      std::string l = ToLowerAscii(v);
      if (l == "true" || l == "1" || l == "yes" || l == "on") s.set_bool(cfg, true);
      else if (l == "false" || l == "0" || l == "no" || l == "off") s.set_bool(cfg, false);
      else return bad("must be true or false, got \"" + v + "\"");
      break;
    }
    case Kind::kList: {
      std::vector<std::string> items;
      std::stringstream ss(v);
      for (std::string item; std::getline(ss, item, ',');) {
        std::string t(TrimAscii(item));
        if (!t.empty()) items.push_back(t);
      }
      s.set_list(cfg, std::move(items));
      break;
    }
  }
  cfg.sources[s.name] = source;
  return Ok();
}

const Setting* FindByName(std::string_view name) {
  for (const auto& s : Settings())
    if (s.name == name) return &s;
  return nullptr;
}

Result<void> ApplyToml(const std::string& path, AppConfig& cfg) {
  toml::table table;
  try {
    table = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    return InvalidArgument("invalid configuration file " + path + ": " +
                           std::string(e.description()));
  }
  for (const auto& [key, node] : table) {
    const Setting* s = FindByName(key.str());
    if (!s) return InvalidArgument("invalid configuration file " + path + ": unknown setting \"" +
                                   std::string(key.str()) + "\"");
    std::string raw;
    if (auto str = node.value<std::string>()) raw = *str;
    else if (auto i = node.value<int64_t>()) raw = std::to_string(*i);
    else if (auto b = node.value<bool>()) raw = *b ? "true" : "false";
    else if (auto* arr = node.as_array()) {
      for (const auto& el : *arr) raw += (raw.empty() ? "" : ",") + el.value_or(std::string());
    } else {
      return InvalidArgument("invalid configuration file " + path + ": " + s->name +
                             " has an unsupported type");
    }
    SYN_RETURN_IF_ERROR(Apply(*s, raw, "config file " + path, cfg));
  }
  return Ok();
}

// Reads KEY=VALUE lines (optional quotes, # comments). Only SYNTERA_* keys matter.
std::map<std::string, std::string> ReadDotEnv(const std::filesystem::path& path) {
  std::map<std::string, std::string> out;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) {
    std::string_view l = TrimAscii(line);
    if (l.empty() || l[0] == '#') continue;
    if (l.substr(0, 7) == "export ") l = TrimAscii(l.substr(7));
    size_t eq = l.find('=');
    if (eq == std::string_view::npos) continue;
    std::string key(TrimAscii(l.substr(0, eq)));
    std::string value(TrimAscii(l.substr(eq + 1)));
    if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') &&
        value.back() == value.front()) {
      value = value.substr(1, value.size() - 2);
    }
    out[key] = value;
  }
  return out;
}

}  // namespace

Result<AppConfig> LoadConfig(const ConfigInput& input) {
  AppConfig cfg;
  // Flags are parsed first (to find --config) but applied last.
  std::vector<std::pair<const Setting*, std::string>> flags;
  std::string config_file;
  for (size_t i = 0; i < input.args.size(); ++i) {
    std::string arg = input.args[i];
    std::string value;
    bool has_value = false;
    if (size_t eq = arg.find('='); eq != std::string::npos) {
      value = arg.substr(eq + 1);
      arg = arg.substr(0, eq);
      has_value = true;
    }
    if (arg == "--config") {
      if (!has_value && i + 1 < input.args.size()) value = input.args[++i];
      config_file = value;
      continue;
    }
    const Setting* found = nullptr;
    for (const auto& s : Settings())
      if (FlagName(s.name) == arg) found = &s;
    if (!found) return InvalidArgument("unknown option \"" + arg + "\"; see syntera --help");
    if (!has_value) {
      bool next_is_value = i + 1 < input.args.size() && input.args[i + 1].rfind("--", 0) != 0;
      if (found->kind == Kind::kBool && !next_is_value) {
        value = "true";
      } else if (next_is_value) {
        value = input.args[++i];
      } else {
        return InvalidArgument("option " + arg + " needs a value");
      }
    }
    flags.emplace_back(found, value);
  }

  std::filesystem::path wd(input.working_dir);
  if (config_file.empty()) {
    if (auto it = input.env.find("SYNTERA_CONFIG"); it != input.env.end()) config_file = it->second;
  }
  if (!config_file.empty()) {
    if (!std::filesystem::exists(config_file)) {
      return InvalidArgument("invalid configuration: config file " + config_file + " not found");
    }
    SYN_RETURN_IF_ERROR(ApplyToml(config_file, cfg));
  } else if (std::filesystem::exists(wd / "syntera.toml")) {
    SYN_RETURN_IF_ERROR(ApplyToml((wd / "syntera.toml").string(), cfg));
  }
  auto dotenv = ReadDotEnv(wd / ".env");
  for (const auto& s : Settings()) {
    if (auto it = dotenv.find(EnvName(s.name)); it != dotenv.end()) {
      SYN_RETURN_IF_ERROR(Apply(s, it->second, ".env " + EnvName(s.name), cfg));
    }
  }
  for (const auto& s : Settings()) {
    if (auto it = input.env.find(EnvName(s.name)); it != input.env.end()) {
      SYN_RETURN_IF_ERROR(Apply(s, it->second, "environment " + EnvName(s.name), cfg));
    }
  }
  for (const auto& [s, v] : flags) SYN_RETURN_IF_ERROR(Apply(*s, v, "flag " + FlagName(s->name), cfg));

  // Derived defaults and cross-field checks.
  if (cfg.database_url.empty()) {
    cfg.database_url = "sqlite://" + (std::filesystem::path(cfg.data_dir) / "syntera.db").string();
  }
  if (cfg.public_url.empty()) cfg.public_url = "http://localhost:" + std::to_string(cfg.port);
  if (cfg.tls_cert.empty() != cfg.tls_key.empty()) {
    return InvalidArgument("invalid configuration: tls_cert and tls_key must be set together");
  }
  if (!cfg.test_responder.empty() && cfg.test_responder != "echo") {
    return InvalidArgument("invalid configuration: test_responder: must be empty or 'echo'");
  }
  if (cfg.log_level != "debug" && cfg.log_level != "info" && cfg.log_level != "warn" &&
      cfg.log_level != "error") {
    return InvalidArgument("invalid configuration: log_level: must be debug, info, warn or error");
  }
  if (!cfg.jwt_secret.empty() && cfg.jwt_secret.size() < 32) {
    return InvalidArgument("invalid configuration: jwt_secret: must be at least 32 characters");
  }
  return cfg;
}

std::string HelpText() {
  std::string out =
      "Usage: syntera [COMMAND] [OPTIONS]\n\n"
      "Commands:\n"
      "  serve            run the server (default)\n"
      "  migrate          apply database migrations and exit\n"
      "  routes [--json]  print the route table\n"
      "  config print     print the effective configuration (secrets redacted)\n"
      "  admin create --email E --password P --name N --organization O\n"
      "                   create a verified owner account and its organization\n"
      "  version          print the version\n\n"
      "Options (also SYNTERA_<NAME> in the environment or .env, or NAME in syntera.toml;\n"
      "flags > environment > .env > config file > defaults):\n"
      "  --config FILE    TOML configuration file (default ./syntera.toml when present)\n";
  AppConfig defaults;
  for (const auto& s : Settings()) {
    std::string flag = FlagName(s.name) + (s.kind == Kind::kBool ? "" : " VALUE");
    std::string line = "  " + flag;
    line.resize(std::max<size_t>(line.size() + 1, 36), ' ');
    std::string def = s.get(defaults);
    out += line + s.help + (def.empty() || s.secret ? "" : " [default: " + def + "]") + "\n";
  }
  return out;
}

std::string PrintConfig(const AppConfig& config) {
  std::string out;
  for (const auto& s : Settings()) {
    std::string v = s.get(config);
    if (s.secret && !v.empty()) {
      // Show the shape of a database URL without its password.
      v = "<redacted>";
      if (s.name == "database_url") {
        std::string url = s.get(config);
        size_t scheme = url.find("://"), at = url.rfind('@');
        if (url.rfind("sqlite", 0) == 0) v = url;
        else if (scheme != std::string::npos && at != std::string::npos && at > scheme) {
          size_t colon = url.find(':', scheme + 3);
          v = colon != std::string::npos && colon < at ? url.substr(0, colon) + ":<redacted>" + url.substr(at)
                                                      : url;
        }
      }
    }
    auto src = config.sources.find(s.name);
    std::string line = s.name + " = ";
    if (s.kind == Kind::kInt || s.kind == Kind::kBool) line += v;
    else {
      line += '"';
      for (char c : v) line += (c == '"' || c == '\\') ? std::string("\\") + c : std::string(1, c);
      line += '"';
    }
    out += line + "  # " + (src == config.sources.end() ? "default" : src->second) + "\n";
  }
  return out;
}

std::map<std::string, std::string> ProcessEnvironment() {
  std::map<std::string, std::string> env;
  for (char** e = environ; e && *e; ++e) {
    std::string_view kv(*e);
    size_t eq = kv.find('=');
    if (eq != std::string_view::npos) env[std::string(kv.substr(0, eq))] = std::string(kv.substr(eq + 1));
  }
  return env;
}

}  // namespace syntera::config
