#pragma once
// The agent's configuration model: the remote configuration of docs/collector-config.md (instances, system,
// kafka, spool, agent — served by the API as JSON, every default written out) plus the local settings that
// only the host knows (API address, bootstrap token, state directory). One validator (config/validate.h)
// turns JSON — from the API, or from the local YAML file converted to JSON — into this model, filling
// defaults and naming the path of the first bad key.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace pga::config {

struct ConnectionConfig {
  std::optional<std::string> dsn_env;
  std::optional<std::string> host;
  std::optional<int> port;
  std::optional<std::string> dbname;
  std::optional<std::string> user;
  std::optional<std::string> password_env;
  std::optional<std::string> password_file;
  std::optional<std::string> sslmode;
  std::optional<std::string> sslrootcert;
  int connect_timeout_s = 10;
};

// One plugin's settings: `enabled`, `interval_s`, and its options as JSON with every default filled in
// (e.g. {"top_n": 5000} for statements). Plugins read their options with options.at("top_n").
struct PluginConfig {
  bool enabled = true;
  int interval_s = 60;
  nlohmann::json options = nlohmann::json::object();
};

struct InstanceConfig {
  std::string name;
  std::string server_id;
  ConnectionConfig connection;
  std::vector<std::string> include_databases{"*"};
  std::vector<std::string> exclude_databases;
  int max_databases = 200;
  int max_connections = 3;
  int statement_timeout_ms = 5000;
  int lock_timeout_ms = 1000;
  std::map<std::string, PluginConfig> plugins;  // every plugin of the registry, by name
};

struct SystemConfig {
  bool enabled = true;
  int interval_s = 30;
  std::vector<std::string> exclude_fs_types{"tmpfs", "devtmpfs", "overlay", "squashfs", "proc", "sysfs", "cgroup*"};
  std::vector<std::string> exclude_mount_points;
  std::vector<std::string> exclude_devices{"loop*", "ram*"};
};

struct KafkaSecurity {
  std::string protocol = "plaintext";
  std::optional<std::string> sasl_mechanism;
  std::optional<std::string> sasl_username;
  std::optional<std::string> sasl_password_env;
  std::optional<std::string> sasl_password_file;
  std::optional<std::string> ssl_ca_file;
  std::optional<std::string> ssl_cert_file;
  std::optional<std::string> ssl_key_file;
  std::optional<std::string> ssl_key_password_env;
};

struct KafkaConfig {
  std::vector<std::string> brokers;
  std::string topic_prefix = "pga";
  std::string compression = "zstd";
  int linger_ms = 100;
  int batch_max_bytes = 262144;
  int message_max_bytes = 262144;
  int request_timeout_ms = 30000;
  KafkaSecurity security;
};

struct SpoolConfig {
  std::string path = "/var/lib/pga-agent/spool";
  int64_t max_bytes = 268435456;
  int64_t memory_max_bytes = 4194304;
  std::string on_full = "drop_oldest";  // or "drop_newest"
};

struct AgentTimers {
  int config_poll_s = 60;
  int heartbeat_s = 60;
  std::string log_level = "info";
};

// What the collector's host knows and the API does not: how to reach the API and where to keep state.
struct LocalSettings {
  std::optional<std::string> api_url;          // e.g. http://127.0.0.1:8080 (no remote config when absent)
  std::optional<std::string> bootstrap_token;  // resolved from *_env / *_file, never logged
  std::string collector_name;                  // default: host name
  std::string state_dir = "/var/lib/pga-agent";  // token, last known good config, sequences, spool default
  std::optional<std::string> api_ca_file;
  std::string host_name;                       // gethostname() unless overridden
  std::vector<std::string> default_brokers;    // PGA_KAFKA_BROKERS / kafka.brokers of the local file
};

struct AgentConfig {
  int format_version = 1;
  std::vector<InstanceConfig> instances;
  SystemConfig system;
  KafkaConfig kafka;
  SpoolConfig spool;
  AgentTimers agent;
};

}  // namespace pga::config
