#include "config/local-config.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <map>

namespace pga::config {
namespace {

class ConfigLocalFile : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/pga-local-config-XXXXXX";
    dir_ = ::mkdtemp(tmpl);
  }
  void TearDown() override { std::system(("rm -rf " + dir_).c_str()); }

  std::string write(const std::string& name, const std::string& text) {
    const std::string path = dir_ + "/" + name;
    std::ofstream(path) << text;
    return path;
  }
  EnvLookup env() {
    return [this](const char* name) -> std::optional<std::string> {
      auto it = env_.find(name);
      return it == env_.end() ? std::nullopt : std::optional<std::string>(it->second);
    };
  }
  std::string error_of(const std::optional<std::string>& path) {
    auto r = load_local_config(path, env());
    return r ? "" : r.status().message();
  }

  std::string dir_;
  std::map<std::string, std::string> env_;
};

TEST_F(ConfigLocalFile, FileKeysAndDefaults) {
  env_["BOOT"] = "bootstrap-secret-value";
  const auto path = write("agent.yaml", R"(
api:
  url: https://pga.example.net/
  bootstrap_token_env: BOOT
  ca_file: /etc/pga-agent/ca.pem
collector:
  name: db-prod-1
  state_dir: /var/lib/pga-agent-test
  host_name: db1.example.net
log_level: debug
)");
  auto r = load_local_config(path, env());
  ASSERT_TRUE(r) << r.status().message();
  EXPECT_EQ(r->settings.api_url, "https://pga.example.net");  // trailing slash dropped
  EXPECT_EQ(r->settings.bootstrap_token, "bootstrap-secret-value");
  EXPECT_EQ(r->settings.api_ca_file, "/etc/pga-agent/ca.pem");
  EXPECT_EQ(r->settings.collector_name, "db-prod-1");
  EXPECT_EQ(r->settings.state_dir, "/var/lib/pga-agent-test");
  EXPECT_EQ(r->settings.host_name, "db1.example.net");
  EXPECT_EQ(r->log_level, "debug");
  EXPECT_FALSE(r->standalone());
  EXPECT_FALSE(r->has_fallback);
}

TEST_F(ConfigLocalFile, EnvironmentAloneAndItsOverrides) {
  env_ = {{"PGA_AGENT_API_URL", "http://127.0.0.1:8080"}, {"PGA_AGENT_BOOTSTRAP_TOKEN", "tok-from-env"},
          {"PGA_AGENT_NAME", "from-env"},     {"PGA_AGENT_STATE_DIR", "/tmp/x-state"},
          {"PGA_AGENT_LOG_LEVEL", "warn"},     {"PGA_KAFKA_BROKERS", "k1:9092, k2:9093"},
          {"PGA_TOPIC_PREFIX", "acme"}};
  const auto path = write("agent.yaml", "collector: {name: from-file}\nlog_level: error\nkafka: {brokers: ['f:1']}\n");
  auto r = load_local_config(path, env());
  ASSERT_TRUE(r) << r.status().message();
  EXPECT_EQ(r->settings.api_url, "http://127.0.0.1:8080");
  EXPECT_EQ(r->settings.bootstrap_token, "tok-from-env");
  EXPECT_EQ(r->settings.collector_name, "from-env");
  EXPECT_EQ(r->settings.state_dir, "/tmp/x-state");
  EXPECT_EQ(r->log_level, "warn");
  EXPECT_EQ(r->settings.default_brokers, (std::vector<std::string>{"k1:9092", "k2:9093"}));
  // The variables win over the file's kafka keys too.
  auto cfg = fallback_config(*r, true);
  ASSERT_TRUE(cfg) << cfg.status().message();
  EXPECT_EQ(cfg->kafka.brokers, (std::vector<std::string>{"k1:9092", "k2:9093"}));
  EXPECT_EQ(cfg->kafka.topic_prefix, "acme");
  EXPECT_EQ(cfg->spool.path, "/tmp/x-state/spool");  // the spool follows the state directory
}

TEST_F(ConfigLocalFile, PgDsnMakesOneLocalInstance) {
  env_ = {{"PGA_AGENT_PG_DSN", "host=127.0.0.1 port=5433 dbname=pga user=pga password=secret"},
          {"PGA_KAFKA_BROKERS", "127.0.0.1:9092"}};
  auto r = load_local_config(std::nullopt, env());
  ASSERT_TRUE(r) << r.status().message();
  EXPECT_TRUE(r->standalone());
  EXPECT_TRUE(r->has_fallback);
  EXPECT_EQ(r->source, "environment");
  auto cfg = fallback_config(*r, true);
  ASSERT_TRUE(cfg) << cfg.status().message();
  ASSERT_EQ(cfg->instances.size(), 1u);
  EXPECT_EQ(cfg->instances[0].name, "local");
  EXPECT_EQ(cfg->instances[0].connection.dsn_env, "PGA_AGENT_PG_DSN");  // the DSN (and password) stay in the env
  EXPECT_EQ(cfg->instances[0].server_id, r->settings.host_name + ":5433");
  EXPECT_FALSE(cfg->instances[0].plugins.empty());

  env_["PGA_AGENT_PG_DSN"] = "host=x nosuchkeyword=1";
  EXPECT_NE(error_of(std::nullopt).find("PGA_AGENT_PG_DSN: not a libpq connection string"), std::string::npos);
}

TEST_F(ConfigLocalFile, BadValuesNameTheKeyOrVariable) {
  EXPECT_EQ(error_of(write("a.yaml", "api: {url: ftp://x}\n")),
            dir_ + "/a.yaml: api.url: expected an http:// or https:// URL");
  EXPECT_EQ(error_of(write("b.yaml", "collector: {nam: x}\n")),
            dir_ + "/b.yaml: collector.nam: unknown key (expected one of: name, state_dir, host_name)");
  EXPECT_EQ(error_of(write("c.yaml", "api: {bootstrap_token: abc}\n")),
            dir_ + "/c.yaml: api.bootstrap_token: secrets are not stored in the configuration: use "
                   "bootstrap_token_env (an environment variable) or bootstrap_token_file (a file) on the agent's host");
  EXPECT_EQ(error_of(write("d.yaml", "log_level: verbose\n")),
            dir_ + "/d.yaml: log_level: must be one of error, warn, info, debug, trace");
  EXPECT_EQ(error_of(write("e.yaml", "agent: {config_poll_s: 1}\n")),
            dir_ + "/e.yaml: agent.config_poll_s: must be an integer between 10 and 3600");
  EXPECT_EQ(error_of(write("f.yaml", "instances:\n  - name: a\n    connection: {port: \"5432\"}\n")),
            dir_ + "/f.yaml: instances[0].connection.port: must be an integer between 1 and 65535");
  EXPECT_EQ(error_of(write("g.yaml", "- just\n- a list\n")),
            dir_ + "/g.yaml: expected a mapping of keys (api, collector, ...)");
  EXPECT_EQ(error_of(dir_ + "/missing.yaml").rfind("--config " + dir_ + "/missing.yaml: ", 0), 0u);

  env_ = {{"PGA_AGENT_LOG_LEVEL", "loud"}};
  EXPECT_EQ(error_of(std::nullopt), "PGA_AGENT_LOG_LEVEL: must be one of error, warn, info, debug, trace");
  env_ = {{"PGA_KAFKA_BROKERS", "k1:9092,nope"}};
  EXPECT_EQ(error_of(std::nullopt), "PGA_KAFKA_BROKERS: expected a comma-separated list of host:port, got \"nope\"");
  env_ = {{"PGA_TOPIC_PREFIX", "a.b"}};
  EXPECT_EQ(error_of(std::nullopt), "PGA_TOPIC_PREFIX: expected letters, digits, _ or - (a Kafka topic prefix)");
  env_ = {{"PGA_AGENT_API_URL", "127.0.0.1:8080"}};
  EXPECT_EQ(error_of(std::nullopt), "PGA_AGENT_API_URL: expected an http:// or https:// URL");
  env_ = {{"PGA_AGENT_NAME", "-bad"}};
  EXPECT_NE(error_of(std::nullopt).find("PGA_AGENT_NAME: expected 1-128 letters"), std::string::npos);
  env_ = {{"PGA_AGENT_BOOTSTRAP_TOKEN", "two words"}};
  EXPECT_NE(error_of(std::nullopt).find("bootstrap token holds spaces"), std::string::npos);
  EXPECT_EQ(error_of(std::nullopt).find("two words"), std::string::npos);  // the secret is not echoed
}

TEST_F(ConfigLocalFile, BootstrapTokenProblemsWaitUntilNeeded) {
  // An unset variable or a removed file is no error by itself: once registered, the token is not needed.
  auto r = load_local_config(write("a.yaml", "api: {url: 'http://h:1', bootstrap_token_env: UNSET_VAR}\n"), env());
  ASSERT_TRUE(r) << r.status().message();
  EXPECT_FALSE(r->settings.bootstrap_token);
  EXPECT_EQ(r->bootstrap_token_problem, "api.bootstrap_token_env: the environment variable UNSET_VAR is not set");

  r = load_local_config(write("b.yaml", "api: {url: 'http://h:1', bootstrap_token_file: " + dir_ + "/nope}\n"), env());
  ASSERT_TRUE(r) << r.status().message();
  EXPECT_NE(r->bootstrap_token_problem->find("api.bootstrap_token_file: "), std::string::npos);

  write("token", "file-token-value\n");
  r = load_local_config(write("c.yaml", "api: {url: 'http://h:1', bootstrap_token_file: " + dir_ + "/token}\n"), env());
  ASSERT_TRUE(r) << r.status().message();
  EXPECT_EQ(r->settings.bootstrap_token, "file-token-value");

  EXPECT_NE(error_of(write("d.yaml", "api: {bootstrap_token_env: A, bootstrap_token_file: /b}\n"))
                .find("api.bootstrap_token_file: set bootstrap_token_env or bootstrap_token_file, not both"),
            std::string::npos);
}

TEST_F(ConfigLocalFile, FallbackKeysAreValidatedAtLoad) {
  auto r = load_local_config(write("a.yaml", R"(
kafka: {brokers: ["127.0.0.1:9092"]}
instances:
  - name: main
    connection: {host: 127.0.0.1, port: 5433, user: pga_monitor, password_env: PGA_PW}
    plugins: {}
)"),
                             env());
  ASSERT_TRUE(r) << r.status().message();
  EXPECT_TRUE(r->has_fallback);
  EXPECT_EQ(r->settings.default_brokers, std::vector<std::string>{"127.0.0.1:9092"});
  auto cfg = fallback_config(*r, true);
  ASSERT_TRUE(cfg);
  EXPECT_EQ(cfg->instances.at(0).connection.password_env, "PGA_PW");
  // Standalone without brokers is refused when running, not for --once / --check.
  auto bare = load_local_config(std::nullopt, env());
  ASSERT_TRUE(bare);
  EXPECT_FALSE(fallback_config(*bare, true));
  EXPECT_TRUE(fallback_config(*bare, false));
}

TEST_F(ConfigLocalFile, RelativeStateDirectoryIsMadeAbsolute) {
  env_ = {{"PGA_AGENT_STATE_DIR", "rel-state"}};
  auto r = load_local_config(std::nullopt, env());
  ASSERT_TRUE(r);
  EXPECT_EQ(r->settings.state_dir.front(), '/');
  EXPECT_NE(r->settings.state_dir.find("/rel-state"), std::string::npos);
}

}  // namespace
}  // namespace pga::config
