#pragma once
// Syntera's configuration: one typed struct, filled from (highest wins) command-line flags >
// environment (SYNTERA_*) > .env file > config file (TOML) > defaults. Every setting is one row
// of the table in config.cc — its flag, environment name, TOML key, default, help and whether
// it is a secret (redacted in `config print` and never logged).

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "base/result.h"

namespace syntera::config {

struct AppConfig {
  // server
  std::string host = "127.0.0.1";
  int port = 8080;
  int threads = 0;  // 0: one per core (at least 2)
  std::string public_url;  // how users reach us (links in emails); default http://localhost:<port>
  std::string tls_cert;
  std::string tls_key;
  std::vector<std::string> cors_origins;
  std::vector<std::string> trusted_proxies;
  int max_connections = 10000;
  int header_timeout_ms = 15000;
  int body_timeout_ms = 60000;
  int idle_timeout_ms = 75000;
  int drain_timeout_ms = 20000;
  bool access_log = true;
  // rate limits (requests per minute)
  int rate_limit_ip_per_minute = 6000;
  int rate_limit_api_per_minute = 6000;
  int rate_limit_auth_per_minute = 30;
  // storage
  std::string data_dir = "./data";
  std::string web_dir;  // built web UI (index.html + assets); default: found next to the binary
  std::string database_url;  // default sqlite://<data_dir>/syntera.db
  int db_pool_size = 8;
  std::string amqp_url;  // RabbitMQ for the job queue; empty: jobs live in the database
  std::string redis_url;  // Redis pub/sub for realtime fan-out; empty: in-process only
  // identity
  std::string jwt_secret;  // default: generated once and kept in <data_dir>/secrets/jwt.key
  int access_token_ttl_seconds = 900;
  int refresh_token_ttl_days = 30;
  bool dev_mode = true;  // emails are also written to the log (never secrets in other logs)
  // conversations and realtime
  int conversation_idle_close_minutes = 30;
  int conversation_orphan_upload_hours = 24;  // uploads never attached are deleted after this
  int realtime_events_per_second = 50;
  std::string test_responder;  // "echo": the test-only AI responder (tests/conversations)
  // logging
  std::string log_level = "info";
  std::string log_file;
  // source of each value, e.g. {"port": "flag --port"}; for `config print` and error messages
  std::map<std::string, std::string> sources;
};

struct ConfigInput {
  std::vector<std::string> args;               // flags only (subcommand already removed)
  std::map<std::string, std::string> env;      // the process environment
  std::string working_dir = ".";               // where .env and syntera.toml are looked for
};

// Builds the configuration. Errors: kInvalidArgument naming the setting and where the bad value
// came from ("port: must be an integer between 0 and 65535 (from SYNTERA_PORT)"), or an unknown
// flag. `--help` is not handled here (see HelpText).
Result<AppConfig> LoadConfig(const ConfigInput& input);

// The flag reference for `syntera --help`.
std::string HelpText();

// `config print`: every setting as TOML, secrets redacted, with its source as a comment.
std::string PrintConfig(const AppConfig& config);

// The process environment as a map.
std::map<std::string, std::string> ProcessEnvironment();

}  // namespace syntera::config
