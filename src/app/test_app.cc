#include "app/test_app.h"

#include <filesystem>
#include <map>
#include <stdexcept>
#include <random>

#include "db/database.h"
#include "db/test_database.h"
#include "http/handler.h"

namespace syntera::app::testing {


boost::json::value Reply::json() const {
  boost::system::error_code ec;
  auto v = boost::json::parse(body, ec);
  return ec ? boost::json::value() : v;
}

TestApp::TestApp(const std::string& engine) {
  std::random_device rd;
  dir_ = (std::filesystem::temp_directory_path() / ("syntera_app_test_" + std::to_string(rd())))
             .string();
  std::filesystem::create_directories(dir_);
  config::AppConfig cfg;
  cfg.data_dir = dir_;
  cfg.log_level = "error";
  cfg.access_log = false;
  // The isolation matrix makes many requests from one address; limits are tested elsewhere.
  cfg.rate_limit_ip_per_minute = 0;
  cfg.rate_limit_api_per_minute = 0;
  cfg.rate_limit_auth_per_minute = 0;
  if (engine == "postgres") {
    if (!db::TestDatabase::PostgresConfigured()) {
      skip_reason_ = "SYNTERA_TEST_PG_URL is not set; scripts/test sets it";
      return;
    }
    auto tdb = db::TestDatabase::Create(db::Dialect::kPostgres);
    if (!tdb.ok()) {
      throw std::runtime_error("cannot create a PostgreSQL test database: " + tdb.error().message);
    }
    cfg.database_url = (*tdb)->url();
    test_db_ = std::move(tdb).value();
  } else {
    cfg.database_url = "sqlite://" + dir_ + "/syntera.db";
  }
  BuildOptions bo;
  bo.listen = false;
  bo.log_to_stderr = false;
  auto a = Application::Create(cfg, bo);
  if (!a.ok()) throw std::runtime_error("Application::Create: " + a.error().message);
  app_ = std::move(a).value();
}

TestApp::~TestApp() {
  app_.reset();
  test_db_.reset();
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

Reply TestApp::Call(http::Method method, const std::string& path, const std::string& token,
                    const std::string& body, const std::string& client_ip) {
  http::Request r;
  r.method = method;
  size_t q = path.find('?');
  r.path = path.substr(0, q);
  r.query = q == std::string::npos ? "" : path.substr(q + 1);
  r.target = path;
  r.peer_ip = r.client_ip = client_ip;
  if (!token.empty()) r.headers.Add("Authorization", "Bearer " + token);
  if (!body.empty()) r.headers.Add("Content-Type", "application/json");
  r.body = body;
  http::Response resp = app_->handler().Handle(r);
  return Reply{resp.status, resp.body, resp.headers};
}

std::optional<std::string> TestApp::LastEmailTo(const std::string& to) {
  auto tx = app_->database().Begin(db::Scope::System(), db::TxMode::kRead);
  if (!tx.ok()) return std::nullopt;
  auto rows = (*tx)->Query(
      "SELECT body_text FROM outbox_emails WHERE to_email = ? ORDER BY created_at DESC, id DESC "
      "LIMIT 1",
      {db::Text(to)});
  if (!rows.ok() || rows->empty()) return std::nullopt;
  return (*rows)[0].Text(0);
}

std::string TokenFromEmail(const std::string& body) {
  for (std::string key : {"token=", "Token: ", "token: "}) {
    size_t i = body.find(key);
    if (i == std::string::npos) continue;
    i += key.size();
    size_t j = i;
    while (j < body.size() && (std::isalnum(static_cast<unsigned char>(body[j])) ||
                               body[j] == '-' || body[j] == '_'))
      ++j;
    return body.substr(i, j - i);
  }
  return "";
}

}  // namespace syntera::app::testing
