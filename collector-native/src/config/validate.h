#pragma once
// The one validator of the remote configuration format (docs/collector-config.md, mirrored from the API's zod
// schema services/api/collector-config/schema.ts): JSON from the API, from the last known good file, or from
// the local YAML file converted to JSON, all become an AgentConfig here. Every default is filled in, unknown
// keys are refused, every value is range-checked, and the first error names its path the way the API does:
//   "instances[0].plugins.statements.interval_s: must be an integer between 1 and 3600".
// Plugin options come from the plugins' own descriptors (OptionSpec tables), never from a list kept here.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "config/agent-config.h"
#include "core/status.h"
#include "plugins/plugin.h"

namespace pga::config {

// Environment lookup (std::getenv in the agent, a map in tests).
using EnvLookup = std::function<std::optional<std::string>(const char*)>;

struct ValidateOptions {
  std::string host_name;                     // server_id default "<host_name>:<port>"
  std::vector<std::string> default_brokers;  // when kafka.brokers is left out (PGA_KAFKA_BROKERS, local file)
  std::string default_topic_prefix = "pga";
  std::string default_spool_path = "/var/lib/pga-agent/spool";
  // Off for --once and --check, which send nothing (--check reports missing brokers as a FAIL line instead).
  bool require_brokers = true;
  // The plugin registry; nullptr means plugins::all_plugins(). Tests pass their own descriptors.
  const std::vector<const plugins::PluginDescriptor*>* plugins = nullptr;
  // Environment lookup (the port of a dsn_env connection string, for the server_id default); nullptr: getenv.
  EnvLookup getenv;
};

Expected<AgentConfig> validate_config(const nlohmann::json& json, const ValidateOptions& options);

}  // namespace pga::config
