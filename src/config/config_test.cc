#include "config/config.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace syntera::config {
namespace {

class ConfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("syntera_cfg_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
            "_" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    input_.working_dir = dir_.string();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  void Write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name) << text;
  }
  std::filesystem::path dir_;
  ConfigInput input_;
};

TEST_F(ConfigTest, DefaultsAreUsable) {
  auto cfg = LoadConfig(input_);
  ASSERT_TRUE(cfg.ok()) << cfg.error().message;
  EXPECT_EQ(cfg->port, 8080);
  EXPECT_EQ(cfg->database_url, "sqlite://./data/syntera.db");
  EXPECT_EQ(cfg->public_url, "http://localhost:8080");
}

TEST_F(ConfigTest, PrecedenceFlagsOverEnvOverDotEnvOverFile) {
  Write("syntera.toml", "port = 1001\nhost = \"10.0.0.1\"\nlog_level = \"warn\"\ndata_dir = \"/f\"\n");
  Write(".env", "SYNTERA_PORT=1002\nSYNTERA_HOST='0.0.0.0'\n# comment\nSYNTERA_DATA_DIR=/d\n");
  input_.env = {{"SYNTERA_PORT", "1003"}, {"SYNTERA_DATA_DIR", "/e"}};
  input_.args = {"--port", "1004"};
  auto cfg = LoadConfig(input_);
  ASSERT_TRUE(cfg.ok()) << cfg.error().message;
  EXPECT_EQ(cfg->port, 1004);
  EXPECT_EQ(cfg->data_dir, "/e");
  EXPECT_EQ(cfg->host, "0.0.0.0");
  EXPECT_EQ(cfg->log_level, "warn");
  EXPECT_EQ(cfg->sources.at("port"), "flag --port");
  EXPECT_EQ(cfg->sources.at("host"), ".env SYNTERA_HOST");
}

TEST_F(ConfigTest, InvalidValuesNameTheSettingAndSource) {
  input_.env = {{"SYNTERA_PORT", "eighty"}};
  auto cfg = LoadConfig(input_);
  ASSERT_FALSE(cfg.ok());
  EXPECT_NE(cfg.error().message.find("port"), std::string::npos);
  EXPECT_NE(cfg.error().message.find("SYNTERA_PORT"), std::string::npos);
  input_.env.clear();
  input_.args = {"--nope"};
  EXPECT_FALSE(LoadConfig(input_).ok());
  input_.args = {"--tls-cert", "a.pem"};
  EXPECT_FALSE(LoadConfig(input_).ok()) << "cert without key";
  Write("syntera.toml", "port = [");
  input_.args = {};
  EXPECT_FALSE(LoadConfig(input_).ok());
}

TEST_F(ConfigTest, ListsBoolsAndEqualsSyntax) {
  input_.args = {"--cors-origins=https://a.example, https://b.example", "--access-log", "false",
                 "--dev-mode"};
  auto cfg = LoadConfig(input_);
  ASSERT_TRUE(cfg.ok()) << cfg.error().message;
  ASSERT_EQ(cfg->cors_origins.size(), 2u);
  EXPECT_EQ(cfg->cors_origins[1], "https://b.example");
  EXPECT_FALSE(cfg->access_log);
  EXPECT_TRUE(cfg->dev_mode);
}

TEST_F(ConfigTest, PrintRedactsSecrets) {
  input_.args = {"--jwt-secret", "0123456789abcdef0123456789abcdef-secret", "--database-url",
                 "postgres://app:hunter2pass@db:5432/syntera"};
  auto cfg = LoadConfig(input_);
  ASSERT_TRUE(cfg.ok()) << cfg.error().message;
  std::string text = PrintConfig(*cfg);
  EXPECT_EQ(text.find("0123456789abcdef"), std::string::npos);
  EXPECT_EQ(text.find("hunter2pass"), std::string::npos);
  EXPECT_NE(text.find("postgres://app:<redacted>@db:5432/syntera"), std::string::npos) << text;
  EXPECT_NE(HelpText().find("--database-url"), std::string::npos);
}

}  // namespace
}  // namespace syntera::config
