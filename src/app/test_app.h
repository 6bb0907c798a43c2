#pragma once
// Test support: a whole Application (every module, real storage) driven in-process through its
// http::Handler — no sockets. Storage is SQLite in a fresh temp dir, or a fresh PostgreSQL
// database when SYNTERA_TEST_PG_URL is set and the engine asked for is "postgres".

#include <boost/json.hpp>

#include <memory>
#include <optional>
#include <string>

#include "app/application.h"
#include "http/message.h"

namespace syntera::db {
class TestDatabase;
}

namespace syntera::app::testing {

struct Reply {
  int status = 0;
  std::string body;
  http::Headers headers;
  boost::json::value json() const;
};

class TestApp {
 public:
  // engine: "sqlite" or "postgres". For postgres without SYNTERA_TEST_PG_URL, ok() is false
  // and skip_reason() says why.
  explicit TestApp(const std::string& engine);
  ~TestApp();
  bool ok() const { return app_ != nullptr; }
  const std::string& skip_reason() const { return skip_reason_; }

  Reply Call(http::Method method, const std::string& path, const std::string& token = "",
             const std::string& body = "", const std::string& client_ip = "127.0.0.1");
  Application& app() { return *app_; }

  // The newest email in the outbox sent to `to` (body text), for invitation/reset tokens.
  std::optional<std::string> LastEmailTo(const std::string& to);

 private:
  std::string dir_;
  std::string skip_reason_;
  std::unique_ptr<db::TestDatabase> test_db_;  // the PostgreSQL database, dropped at the end
  std::unique_ptr<Application> app_;
};

// Extracts the token after "token=" (or a line "Token: …") from an email body.
std::string TokenFromEmail(const std::string& body);

}  // namespace syntera::app::testing
