#include "config/command-line.h"

#include <gtest/gtest.h>

#include "config/usage.h"

namespace pga::config {
namespace {

TEST(ConfigCommandLine, Modes) {
  auto run = parse_command_line({});
  ASSERT_TRUE(run);
  EXPECT_EQ(run->mode, Mode::kRun);
  auto once = parse_command_line({"--config", "/etc/a.yaml", "--once", "--baseline-ms=250"});
  ASSERT_TRUE(once);
  EXPECT_EQ(once->mode, Mode::kOnce);
  EXPECT_EQ(once->config_path, "/etc/a.yaml");
  EXPECT_EQ(once->baseline_ms, 250);
  EXPECT_EQ(parse_command_line({"-c", "x", "--check"})->mode, Mode::kCheck);
  EXPECT_EQ(parse_command_line({"--config=x"})->config_path, "x");
  EXPECT_EQ(parse_command_line({"--schemas"})->mode, Mode::kSchemas);
  EXPECT_EQ(parse_command_line({"-h"})->mode, Mode::kHelp);
  EXPECT_EQ(parse_command_line({"--version"})->mode, Mode::kVersion);
}

TEST(ConfigCommandLine, Mistakes) {
  EXPECT_EQ(parse_command_line({"--once", "--check"}).status().message(), "--once and --check cannot be combined");
  EXPECT_EQ(parse_command_line({"--config"}).status().message(), "--config needs a value");
  EXPECT_EQ(parse_command_line({"--nope"}).status().message(), "unknown argument --nope (see --help)");
  EXPECT_EQ(parse_command_line({"--once=1"}).status().message(), "--once takes no value");
  EXPECT_FALSE(parse_command_line({"--baseline-ms", "-5"}));
}

TEST(ConfigUsage, ListsEveryPluginWithItsOptions) {
  const std::string help = usage_text(plugins::all_plugins());
  for (const auto* d : plugins::all_plugins()) {
    EXPECT_NE(help.find("\n  " + std::string(d->name)), std::string::npos) << d->name;
    EXPECT_NE(help.find("every " + std::to_string(d->default_interval_s) + " s"), std::string::npos) << d->name;
    for (const auto& o : d->options) EXPECT_NE(help.find(describe_option(o)), std::string::npos) << o.key;
  }
  for (const char* var : {"PGA_AGENT_API_URL", "PGA_AGENT_BOOTSTRAP_TOKEN", "PGA_AGENT_NAME", "PGA_AGENT_STATE_DIR",
                          "PGA_AGENT_LOG_LEVEL", "PGA_KAFKA_BROKERS", "PGA_TOPIC_PREFIX", "PGA_AGENT_PG_DSN"})
    EXPECT_NE(help.find(var), std::string::npos) << var;
  plugins::OptionSpec top_n{"top_n", plugins::OptionType::kInt, "5000", 100, 100000, "", "row cap"};
  EXPECT_EQ(describe_option(top_n), "top_n (integer 100..100000, default 5000): row cap");
}

}  // namespace
}  // namespace pga::config
