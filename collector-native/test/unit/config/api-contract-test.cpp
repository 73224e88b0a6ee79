// The agent must accept exactly what the API serves: the API's zod schema (services/api/collector-config/
// plugins.ts) and the plugin descriptors linked into the agent are two tables of the same contract. These
// tests pin them together: the API's default configuration (as the API writes it, every default out)
// validates, and each plugin's interval, enabled flag and option bounds match the API's.
#include <gtest/gtest.h>

#include <map>

#include "config/plugin-options.h"
#include "config/validate.h"

namespace pga::config {
namespace {

// defaultCollectorConfig({kafkaBrokers: ['127.0.0.1:9092']}) of services/api/collector-config/defaults.ts,
// printed by the API's own code.
constexpr const char* kApiDefault = R"({"format_version":1,"instances":[{"name":"local","connection":{"host":"localhost","port":5432,"dbname":"postgres","user":"pga_monitor","connect_timeout_s":10},"include_databases":["*"],"exclude_databases":[],"max_databases":200,"max_connections":3,"statement_timeout_ms":5000,"lock_timeout_ms":1000,"plugins":{"statements":{"enabled":true,"interval_s":60,"top_n":5000},"querytexts":{"enabled":true,"interval_s":300,"refresh_s":86400,"max_bytes":16384},"database":{"enabled":true,"interval_s":60},"tables":{"enabled":true,"interval_s":300,"max_tables":2000},"indexes":{"enabled":true,"interval_s":300,"max_indexes":5000},"activity":{"enabled":true,"interval_s":15,"max_sessions":1000},"replication":{"enabled":true,"interval_s":30},"checkpointer":{"enabled":true,"interval_s":60},"settings":{"enabled":true,"interval_s":300},"logs":{"enabled":false,"interval_s":10,"format":"auto","max_event_bytes":65536,"redact_parameters":true,"start_at":"end"}}}],"system":{"enabled":true,"interval_s":30,"exclude_fs_types":["tmpfs","devtmpfs","overlay","squashfs","proc","sysfs","cgroup*"],"exclude_mount_points":[],"exclude_devices":["loop*","ram*"]},"kafka":{"brokers":["127.0.0.1:9092"],"topic_prefix":"pga","compression":"zstd","linger_ms":100,"batch_max_bytes":262144,"message_max_bytes":262144,"request_timeout_ms":30000,"security":{"protocol":"plaintext"}},"spool":{"path":"/var/lib/pga-agent/spool","max_bytes":268435456,"memory_max_bytes":4194304,"on_full":"drop_oldest"},"agent":{"config_poll_s":60,"heartbeat_s":60,"log_level":"info"}})";

struct ApiOption {
  const char* key;
  plugins::OptionType type;
  const char* default_json;
  int64_t min = 0;
  int64_t max = 0;
  const char* choices = "";
};
struct ApiPlugin {
  int interval_s;
  bool enabled;
  std::vector<ApiOption> options;
};

using T = plugins::OptionType;
// services/api/collector-config/plugins.ts, transcribed.
const std::map<std::string, ApiPlugin> kApiPlugins{
    {"statements", {60, true, {{"top_n", T::kInt, "5000", 100, 100000}}}},
    {"querytexts", {300, true, {{"refresh_s", T::kInt, "86400", 3600, 604800}, {"max_bytes", T::kInt, "16384", 256, 1048576}}}},
    {"database", {60, true, {}}},
    {"tables", {300, true, {{"max_tables", T::kInt, "2000", 10, 100000}}}},
    {"indexes", {300, true, {{"max_indexes", T::kInt, "5000", 10, 200000}}}},
    {"activity", {15, true, {{"max_sessions", T::kInt, "1000", 10, 100000}}}},
    {"replication", {30, true, {}}},
    {"checkpointer", {60, true, {}}},
    {"settings", {300, true, {}}},
    {"logs",
     {10,
      false,
      {{"path", T::kPath, "null"},
       {"format", T::kEnum, "\"auto\"", 0, 0, "auto|stderr|csvlog|jsonlog"},
       {"log_line_prefix", T::kString, "null", 0, 256},
       {"max_event_bytes", T::kInt, "65536", 1024, 1048576},
       {"redact_parameters", T::kBool, "true"},
       {"start_at", T::kEnum, "\"end\"", 0, 0, "end|beginning"}}}},
};

TEST(ConfigApiContract, TheApiDefaultConfigurationValidates) {
  ValidateOptions o;
  o.host_name = "db1";
  auto r = validate_config(nlohmann::json::parse(kApiDefault), o);
  ASSERT_TRUE(r) << r.status().message();
  const auto& plugins = r->instances.at(0).plugins;
  EXPECT_EQ(plugins.at("statements").options.at("top_n"), 5000);
  EXPECT_FALSE(plugins.at("logs").enabled);
  EXPECT_EQ(r->instances.at(0).server_id, "db1:5432");
}

TEST(ConfigApiContract, RegisteredInstancePluginsAreTheApisPlugins) {
  std::vector<std::string> registered;
  for (const auto* d : plugins::all_plugins())
    if (d->scope == plugins::Scope::kInstance) registered.emplace_back(d->name);
  std::vector<std::string> api;
  for (const auto& [name, _] : kApiPlugins) api.push_back(name);
  EXPECT_EQ(registered, api);
}

TEST(ConfigApiContract, DescriptorsMatchTheApiSchema) {
  for (const auto& [name, api] : kApiPlugins) {
    const auto* d = plugins::find_plugin(name);
    if (!d) {
      ADD_FAILURE() << name << " is not registered";
      continue;
    }
    EXPECT_EQ(d->default_interval_s, api.interval_s) << name;
    EXPECT_EQ(d->default_enabled, api.enabled) << name;
    ASSERT_EQ(d->options.size(), api.options.size()) << name;
    for (const auto& want : api.options) {
      const plugins::OptionSpec* got = nullptr;
      for (const auto& o : d->options)
        if (std::string(o.key) == want.key) got = &o;
      if (!got) {
        ADD_FAILURE() << name << "." << want.key << " is missing from the descriptor";
        continue;
      }
      const std::string where = std::string(name) + "." + want.key;
      EXPECT_EQ(got->type, want.type) << where;
      EXPECT_EQ(option_default(*got), nlohmann::json::parse(want.default_json)) << where;
      if (want.type == T::kInt) {
        EXPECT_EQ(got->min, want.min) << where;
        EXPECT_EQ(got->max, want.max) << where;
      }
      if (want.type == T::kEnum) {
        EXPECT_STREQ(got->choices, want.choices) << where;
      }
      // Strings: OptionSpec documents max for integers only; a string's max, when set, is its length cap,
      // and 0 means the validator's general cap (1024), looser than the API: the agent still accepts all
      // the API serves.
      if (want.type == T::kString && got->max != 0) {
        EXPECT_EQ(got->max, want.max) << where;
      }
    }
  }
}

}  // namespace
}  // namespace pga::config
