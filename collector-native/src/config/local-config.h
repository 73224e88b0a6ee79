#pragma once
// The local configuration: what only the host knows (how to reach the API, the bootstrap token, where state
// lives), read from `--config FILE` (YAML) and then from the PGA_AGENT_* / PGA_KAFKA_BROKERS / PGA_TOPIC_PREFIX
// environment, which wins over the file. The file may also carry the remote configuration's keys (instances,
// system, kafka, spool, agent): that is the whole configuration in standalone mode (no api.url) and the
// fallback until the API answers for the first time. A bad value stops start-up with an error naming the
// key or the variable.
//
//   api: { url, bootstrap_token_env | bootstrap_token_file, ca_file }
//   collector: { name, state_dir, host_name }
//   log_level: info
//   instances: [...]  system: {...}  kafka: {...}  spool: {...}  agent: {...}
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "config/agent-config.h"
#include "config/validate.h"
#include "core/status.h"

namespace pga::config {

EnvLookup process_env();

struct EnvVar {
  const char* name;
  const char* meaning;
};
// Every variable the agent reads, for --help.
const std::vector<EnvVar>& environment_variables();

struct LocalConfig {
  std::string source;  // the file name, or "environment"
  LocalSettings settings;
  // log_level of the file or PGA_AGENT_LOG_LEVEL: when set it wins over the remote agent.log_level.
  std::optional<std::string> log_level;
  // Why no bootstrap token could be read (unset variable, unreadable file): an error only while the agent
  // is not registered yet, since the token may be removed once it is.
  std::optional<std::string> bootstrap_token_problem;
  std::string default_topic_prefix = "pga";
  // The remote-format keys (with PGA_KAFKA_BROKERS, PGA_TOPIC_PREFIX and PGA_AGENT_PG_DSN applied). Checked
  // at load time; `has_fallback` says whether the file or the environment gave any of them.
  nlohmann::json fallback_json = nlohmann::json::object();
  bool has_fallback = false;
  EnvLookup env;  // the environment it was read from (dsn_env ports for server_id defaults)

  bool standalone() const { return !settings.api_url.has_value(); }
};

// `path` absent: the environment alone.
Expected<LocalConfig> load_local_config(const std::optional<std::string>& path, const EnvLookup& env);

// What the validator needs from the local settings (host name, default brokers, topic prefix, spool path).
ValidateOptions validate_options(const LocalConfig& local, bool require_brokers);

// The local keys as a configuration (standalone mode, or before the API answered).
Expected<AgentConfig> fallback_config(const LocalConfig& local, bool require_brokers);

}  // namespace pga::config
