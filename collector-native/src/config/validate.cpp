#include "config/validate.h"

#include <libpq-fe.h>

#include <cstdlib>
#include <map>
#include <memory>

#include "config/field-reader.h"
#include "config/name-rules.h"
#include "config/plugin-options.h"

namespace pga::config {
namespace {

constexpr int64_t KiB = 1024;
constexpr int64_t MiB = 1024 * KiB;
constexpr int64_t GiB = 1024 * MiB;
constexpr size_t kMaxInstances = 32;

const std::vector<std::string> kSslModes{"disable", "allow", "prefer", "require", "verify-ca", "verify-full"};
const std::vector<std::string> kProtocols{"plaintext", "ssl", "sasl_plaintext", "sasl_ssl"};
const std::vector<std::string> kMechanisms{"SCRAM-SHA-256", "SCRAM-SHA-512", "PLAIN"};
const std::vector<std::string> kCompressions{"zstd", "lz4", "gzip", "snappy", "none"};
const std::vector<std::string> kLogLevels{"error", "warn", "info", "debug", "trace"};

const char* sasl_username_rule(std::string_view s) {
  return s.empty() || s.size() > 256 ? "expected 1-256 characters" : nullptr;
}

std::optional<std::string> lookup_env(const ValidateOptions& options, const std::string& name) {
  if (options.getenv) return options.getenv(name.c_str());
  const char* v = std::getenv(name.c_str());
  return v ? std::optional<std::string>(v) : std::nullopt;
}

// The port a connection string names (libpq's parser: keyword=value strings and URIs), if any.
std::optional<std::string> dsn_port(const std::string& dsn) {
  char* err = nullptr;
  std::unique_ptr<PQconninfoOption, decltype(&PQconninfoFree)> opts(PQconninfoParse(dsn.c_str(), &err),
                                                                     &PQconninfoFree);
  if (err) PQfreemem(err);
  if (!opts) return std::nullopt;
  for (PQconninfoOption* o = opts.get(); o->keyword; ++o) {
    if (std::string_view(o->keyword) == "port" && o->val && *o->val) return std::string(o->val);
  }
  return std::nullopt;
}

// What libpq will connect to when no port is configured: the DSN's port, then PGPORT, then 5432. A multi-host
// port list ("5432,5433") keeps its first entry.
std::string effective_port(const ConnectionConfig& c, const ValidateOptions& options) {
  std::optional<std::string> port;
  if (c.port) return std::to_string(*c.port);
  if (c.dsn_env) {
    if (auto dsn = lookup_env(options, *c.dsn_env)) port = dsn_port(*dsn);
  }
  if (!port) port = lookup_env(options, "PGPORT");
  if (!port || port->empty()) return "5432";
  return port->substr(0, port->find(','));
}

ConnectionConfig read_connection(const nlohmann::json* value, const std::string& path, Errors& errors) {
  FieldReader r(value, path, errors);
  if (!value && errors.ok()) errors.fail(path, "required");
  r.only({"dsn_env", "host", "port", "dbname", "user", "password_env", "password_file", "sslmode", "sslrootcert",
          "connect_timeout_s"});
  ConnectionConfig c;
  c.dsn_env = r.optional_string("dsn_env", rules::env_name);
  c.host = r.optional_string("host", rules::pg_host);
  if (auto port = r.optional_integer("port", 1, 65535)) c.port = static_cast<int>(*port);
  c.dbname = r.optional_string("dbname", rules::pg_name);
  c.user = r.optional_string("user", rules::pg_name);
  c.password_env = r.optional_string("password_env", rules::env_name);
  c.password_file = r.optional_string("password_file", rules::absolute_path);
  c.sslmode = r.optional_choice("sslmode", kSslModes);
  c.sslrootcert = r.optional_string("sslrootcert", rules::absolute_path);
  c.connect_timeout_s = static_cast<int>(r.integer("connect_timeout_s", 1, 300, 10));
  if (c.dsn_env) {
    for (const char* key : {"host", "port", "dbname", "user", "password_env", "password_file", "sslmode"})
      if (r.has(key)) r.fail(key, std::string(key) + " goes in the DSN when dsn_env is set");
  }
  if (c.password_env && c.password_file) r.fail("password_file", "set password_env or password_file, not both");
  return c;
}

InstanceConfig read_instance(const nlohmann::json& value, const std::string& path, const ValidateOptions& options,
                             const std::vector<const plugins::PluginDescriptor*>& plugins, Errors& errors) {
  FieldReader r(&value, path, errors);
  r.only({"name", "server_id", "connection", "include_databases", "exclude_databases", "max_databases",
          "max_connections", "statement_timeout_ms", "lock_timeout_ms", "plugins"});
  InstanceConfig inst;
  inst.name = r.required_string("name", rules::instance_name);
  const auto server_id = r.optional_string("server_id", rules::server_id);
  inst.connection = read_connection(r.raw("connection"), r.path("connection"), errors);
  inst.server_id = server_id ? *server_id : options.host_name + ":" + effective_port(inst.connection, options);
  inst.include_databases = r.strings("include_databases", {"*"}, rules::glob_pattern, 0, 100);
  inst.exclude_databases = r.strings("exclude_databases", {}, rules::glob_pattern, 0, 100);
  inst.max_databases = static_cast<int>(r.integer("max_databases", 1, 10000, 200));
  inst.max_connections = static_cast<int>(r.integer("max_connections", 1, 16, 3));
  inst.statement_timeout_ms = static_cast<int>(r.integer("statement_timeout_ms", 100, 600000, 5000));
  inst.lock_timeout_ms = static_cast<int>(r.integer("lock_timeout_ms", 10, 60000, 1000));
  inst.plugins = read_instance_plugins(r.raw("plugins"), r.path("plugins"), plugins, errors);
  if (!server_id && errors.ok() && rules::server_id(inst.server_id))
    r.fail("server_id", "the default \"" + inst.server_id + "\" (<host name>:<port>) is not a valid server id: set "
                        "server_id");
  return inst;
}

SystemConfig read_system(const nlohmann::json* value, const std::vector<const plugins::PluginDescriptor*>& plugins,
                         Errors& errors) {
  FieldReader r(value, "system", errors);
  r.only({"enabled", "interval_s", "exclude_fs_types", "exclude_mount_points", "exclude_devices"});
  SystemConfig s;
  // The host plugin's descriptor, when registered, gives the defaults the rest of the agent uses.
  for (const auto* d : plugins) {
    if (d->scope == plugins::Scope::kHost && std::string_view(d->name) == "system") {
      s.enabled = d->default_enabled;
      s.interval_s = d->default_interval_s;
    }
  }
  s.enabled = r.boolean("enabled", s.enabled);
  s.interval_s = static_cast<int>(r.integer("interval_s", 1, 3600, s.interval_s));
  s.exclude_fs_types = r.strings("exclude_fs_types", s.exclude_fs_types, rules::glob_pattern, 0, 100);
  s.exclude_mount_points = r.strings("exclude_mount_points", s.exclude_mount_points, rules::glob_pattern, 0, 100);
  s.exclude_devices = r.strings("exclude_devices", s.exclude_devices, rules::glob_pattern, 0, 100);
  return s;
}

KafkaSecurity read_security(const nlohmann::json* value, const std::string& path, Errors& errors) {
  FieldReader r(value, path, errors);
  r.only({"protocol", "sasl_mechanism", "sasl_username", "sasl_password_env", "sasl_password_file", "ssl_ca_file",
          "ssl_cert_file", "ssl_key_file", "ssl_key_password_env"});
  KafkaSecurity s;
  s.protocol = r.choice("protocol", kProtocols, "plaintext");
  s.sasl_mechanism = r.optional_choice("sasl_mechanism", kMechanisms);
  s.sasl_username = r.optional_string("sasl_username", sasl_username_rule);
  s.sasl_password_env = r.optional_string("sasl_password_env", rules::env_name);
  s.sasl_password_file = r.optional_string("sasl_password_file", rules::absolute_path);
  s.ssl_ca_file = r.optional_string("ssl_ca_file", rules::absolute_path);
  s.ssl_cert_file = r.optional_string("ssl_cert_file", rules::absolute_path);
  s.ssl_key_file = r.optional_string("ssl_key_file", rules::absolute_path);
  s.ssl_key_password_env = r.optional_string("ssl_key_password_env", rules::env_name);
  if (!errors.ok()) return s;
  if (s.protocol.rfind("sasl_", 0) == 0) {
    if (!s.sasl_mechanism) r.fail("sasl_mechanism", "required with protocol " + s.protocol);
    if (!s.sasl_username) r.fail("sasl_username", "required with protocol " + s.protocol);
    if (s.sasl_password_env.has_value() == s.sasl_password_file.has_value())
      r.fail("sasl_password_env",
             "set exactly one of sasl_password_env and sasl_password_file with protocol " + s.protocol);
  } else {
    for (const char* key : {"sasl_mechanism", "sasl_username", "sasl_password_env", "sasl_password_file"})
      if (r.has(key)) r.fail(key, "only with protocol sasl_plaintext or sasl_ssl");
  }
  if (s.ssl_cert_file.has_value() != s.ssl_key_file.has_value())
    r.fail("ssl_key_file", "ssl_cert_file and ssl_key_file go together (mTLS)");
  return s;
}

KafkaConfig read_kafka(const nlohmann::json* value, const ValidateOptions& options, Errors& errors) {
  FieldReader r(value, "kafka", errors);
  r.only({"brokers", "topic_prefix", "compression", "linger_ms", "batch_max_bytes", "message_max_bytes",
          "request_timeout_ms", "security"});
  KafkaConfig k;
  k.brokers = r.strings("brokers", options.default_brokers, rules::broker_address, 1, 32);
  k.topic_prefix = r.string("topic_prefix", options.default_topic_prefix, rules::topic_prefix);
  k.compression = r.choice("compression", kCompressions, "zstd");
  k.linger_ms = static_cast<int>(r.integer("linger_ms", 0, 10000, 100));
  // 256 KiB (services/api/collector-config/schema.ts says why).
  k.batch_max_bytes = static_cast<int>(r.integer("batch_max_bytes", KiB, 16 * MiB, 256 * KiB));
  k.message_max_bytes = static_cast<int>(r.integer("message_max_bytes", KiB, 16 * MiB, 256 * KiB));
  k.request_timeout_ms = static_cast<int>(r.integer("request_timeout_ms", 1000, 300000, 30000));
  k.security = read_security(r.raw("security"), r.path("security"), errors);
  if (errors.ok() && k.brokers.empty() && options.require_brokers)
    r.fail("brokers", "no Kafka brokers: set kafka.brokers (host:port list) or PGA_KAFKA_BROKERS");
  return k;
}

SpoolConfig read_spool(const nlohmann::json* value, const ValidateOptions& options, Errors& errors) {
  FieldReader r(value, "spool", errors);
  r.only({"path", "max_bytes", "memory_max_bytes", "on_full"});
  SpoolConfig s;
  s.path = r.string("path", options.default_spool_path, rules::absolute_path);
  s.max_bytes = r.integer("max_bytes", MiB, 1024 * GiB, 256 * MiB);
  s.memory_max_bytes = r.integer("memory_max_bytes", 64 * KiB, 256 * MiB, 4 * MiB);
  s.on_full = r.choice("on_full", {"drop_oldest", "drop_newest"}, "drop_oldest");
  return s;
}

AgentTimers read_agent(const nlohmann::json* value, Errors& errors) {
  FieldReader r(value, "agent", errors);
  r.only({"config_poll_s", "heartbeat_s", "log_level"});
  AgentTimers a;
  a.config_poll_s = static_cast<int>(r.integer("config_poll_s", 10, 3600, 60));
  a.heartbeat_s = static_cast<int>(r.integer("heartbeat_s", 10, 3600, 60));
  a.log_level = r.choice("log_level", kLogLevels, "info");
  return a;
}

// name and server_id are unique: they name files, log lines and Kafka keys.
void check_unique(const std::vector<InstanceConfig>& instances, Errors& errors) {
  std::map<std::string, size_t> names, ids;
  for (size_t i = 0; i < instances.size() && errors.ok(); ++i) {
    const auto& inst = instances[i];
    const std::string path = index_path("instances", i);
    if (auto [it, fresh] = names.emplace(inst.name, i); !fresh)
      errors.fail(path + ".name", "name \"" + inst.name + "\" is already used by instances[" +
                                      std::to_string(it->second) + "]");
    if (auto [it, fresh] = ids.emplace(inst.server_id, i); !fresh && errors.ok())
      errors.fail(path + ".server_id", "server_id \"" + inst.server_id + "\" is already used by instances[" +
                                           std::to_string(it->second) +
                                           "] (the default is <host name>:<port>: set server_id)");
  }
}

}  // namespace

Expected<AgentConfig> validate_config(const nlohmann::json& json, const ValidateOptions& options) {
  const auto& plugins = options.plugins ? *options.plugins : plugins::all_plugins();
  Errors errors;
  if (!json.is_object()) return Status::invalid("(root): the configuration must be a JSON object");
  FieldReader r(&json, "", errors);
  r.only({"format_version", "instances", "system", "kafka", "spool", "agent"});
  AgentConfig config;
  if (const auto* v = r.raw("format_version"); v && !(as_integer(*v) == 1)) r.fail("format_version", "must be 1");
  if (const auto* list = r.raw("instances")) {
    if (!list->is_array() || list->size() > kMaxInstances) {
      r.fail("instances", "must be a list of at most " + std::to_string(kMaxInstances) + " instances");
    } else {
      for (size_t i = 0; i < list->size() && errors.ok(); ++i)
        config.instances.push_back(read_instance((*list)[i], index_path("instances", i), options, plugins, errors));
    }
  }
  config.system = read_system(r.raw("system"), plugins, errors);
  config.kafka = read_kafka(r.raw("kafka"), options, errors);
  config.spool = read_spool(r.raw("spool"), options, errors);
  config.agent = read_agent(r.raw("agent"), errors);
  check_unique(config.instances, errors);
  if (!errors.ok()) return errors.status();
  return config;
}

}  // namespace pga::config
