#include "engine/config-keys.h"

#include <nlohmann/json.hpp>

namespace pga::engine {
namespace {

template <typename T>
nlohmann::json opt(const std::optional<T>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json();
}

}  // namespace

std::string instance_key(const config::InstanceConfig& i) {
  const auto& c = i.connection;
  const nlohmann::json key = {
      {"name", i.name},
      {"server_id", i.server_id},
      {"connection",
       {opt(c.dsn_env), opt(c.host), opt(c.port), opt(c.dbname), opt(c.user), opt(c.password_env),
        opt(c.password_file), opt(c.sslmode), opt(c.sslrootcert), c.connect_timeout_s}},
      {"include_databases", i.include_databases},
      {"exclude_databases", i.exclude_databases},
      {"max_databases", i.max_databases},
      {"max_connections", i.max_connections},
      {"statement_timeout_ms", i.statement_timeout_ms},
      {"lock_timeout_ms", i.lock_timeout_ms},
  };
  return key.dump();
}

std::string output_key(const config::KafkaConfig& k, const config::SpoolConfig& s) {
  const auto& sec = k.security;
  const nlohmann::json key = {
      {"brokers", k.brokers},
      {"compression", k.compression},
      {"linger_ms", k.linger_ms},
      {"batch_max_bytes", k.batch_max_bytes},
      {"message_max_bytes", k.message_max_bytes},
      {"request_timeout_ms", k.request_timeout_ms},
      {"security",
       {sec.protocol, opt(sec.sasl_mechanism), opt(sec.sasl_username), opt(sec.sasl_password_env),
        opt(sec.sasl_password_file), opt(sec.ssl_ca_file), opt(sec.ssl_cert_file), opt(sec.ssl_key_file),
        opt(sec.ssl_key_password_env)}},
      {"spool", {s.path, s.max_bytes, s.memory_max_bytes, s.on_full}},
  };
  return key.dump();
}

config::PluginConfig default_plugin_config(const plugins::PluginDescriptor& descriptor) {
  config::PluginConfig out;
  out.enabled = descriptor.default_enabled;
  out.interval_s = descriptor.default_interval_s;
  for (const auto& spec : descriptor.options) {
    out.options[spec.key] = nlohmann::json::parse(spec.default_json, nullptr, false);
  }
  return out;
}

}  // namespace pga::engine
