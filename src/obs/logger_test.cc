#include "obs/logger.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace syntera::obs {
namespace {

TEST(Logger, WritesOneJsonObjectPerLineToFile) {
  auto path = std::filesystem::temp_directory_path() / ("syntera_log_test_" + std::to_string(::getpid()) + ".log");
  std::filesystem::remove(path);
  {
    LogOptions o;
    o.to_stderr = false;
    o.file_path = path.string();
    o.level = LogLevel::kInfo;
    Logger log(o);
    log.Debug("hidden");
    log.Info("hello", {{"who", "a\"b\n"}, {"n", 42}, {"ok", true}});
  }
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  EXPECT_EQ(text.find("hidden"), std::string::npos);
  EXPECT_NE(text.find(R"("level":"info","event":"hello","who":"a\"b\n","n":42,"ok":true})"),
            std::string::npos)
      << text;
  EXPECT_EQ(text.back(), '\n');
  std::filesystem::remove(path);
}

TEST(Logger, ParsesLevels) {
  LogLevel l;
  EXPECT_TRUE(ParseLogLevel("warn", &l));
  EXPECT_EQ(l, LogLevel::kWarn);
  EXPECT_FALSE(ParseLogLevel("loud", &l));
}

}  // namespace
}  // namespace syntera::obs
