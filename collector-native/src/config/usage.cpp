#include "config/usage.h"

#include <sstream>

#include "config/local-config.h"
#include "config/plugin-options.h"

namespace pga::config {
namespace {

const char* type_name(plugins::OptionType t) {
  switch (t) {
    case plugins::OptionType::kInt: return "integer";
    case plugins::OptionType::kBool: return "boolean";
    case plugins::OptionType::kString: return "string";
    case plugins::OptionType::kEnum: return "enum";
    case plugins::OptionType::kPath: return "absolute path";
  }
  return "?";
}

const char* kHead = R"(Usage: pga-agent [--config FILE] [--once [--baseline-ms MS] | --check | --schemas]
       pga-agent --help | --version

pgAnalytics collector: samples PostgreSQL instances and their host, publishes Avro batches to Kafka.

Modes:
  (none)             run until SIGTERM/SIGINT: register with the API when configured, pull the configuration,
                     collect and publish; the configuration is re-pulled and applied without restart
  --once             validate the configuration, run every enabled plugin once (two samples --baseline-ms
                     apart, default 1000, for delta plugins), print the batches as JSON, send nothing,
                     write no state file (safe beside a running agent)
  --check            check the configuration, every instance (connection, version, pg_stat_statements,
                     pg_monitor, a role of its own, logs), Kafka and the API; one line per check with the
                     fix; exit 1 on a FAIL
  --schemas          print the embedded Avro schemas with their fingerprints as JSON
  -c, --config FILE  the local configuration file (YAML); without it, the environment alone
  -h, --help         this text
  -V, --version      the agent's version

Exit codes: 0 success or clean stop, 1 failure (or a FAIL in --check), 2 bad configuration.

Local configuration file (YAML; the environment wins over it):
  api:
    url: https://pga.example.net        # without api: standalone, the file's own keys are the configuration
    bootstrap_token_env: PGA_BOOTSTRAP  # or bootstrap_token_file: /etc/pga-agent/bootstrap-token
    ca_file: /etc/pga-agent/api-ca.pem  # optional: CA for the API's TLS certificate
  collector:
    name: db1                           # default: the host name
    state_dir: /var/lib/pga-agent       # collector.json (token), last-known-good.json, spool default
    host_name: db1.example.net          # default: gethostname()
  log_level: info                       # wins over the remote agent.log_level when set
  # instances, system, kafka, spool, agent: as in the API's configuration (docs/collector-config.md);
  # used as is in standalone mode, and until the API answers the first time otherwise.
)";

}  // namespace

std::string describe_option(const plugins::OptionSpec& spec) {
  std::ostringstream s;
  s << spec.key << " (" << type_name(spec.type);
  if (spec.type == plugins::OptionType::kInt) s << " " << spec.min << ".." << spec.max;
  if (spec.type == plugins::OptionType::kEnum) s << ": " << spec.choices;
  const auto def = option_default(spec);
  s << ", default " << (def.is_null() ? std::string("none") : def.dump()) << ")";
  if (spec.description && *spec.description) s << ": " << spec.description;
  return s.str();
}

std::string usage_text(const std::vector<const plugins::PluginDescriptor*>& plugins) {
  std::ostringstream s;
  s << kHead << "\nEnvironment:\n";
  for (const auto& v : environment_variables()) {
    std::string name = v.name;
    name.resize(27, ' ');
    s << "  " << name << v.meaning << "\n";
  }
  s << "\nPlugins (instances[].plugins.<name>; the host plugin is the top-level `system` key). Every plugin\n"
       "has `enabled` and `interval_s` (1..3600):\n";
  for (const auto* d : plugins) {
    s << "\n  " << d->name << (d->scope == plugins::Scope::kHost ? " (host)" : "") << " — " << d->description
      << "\n    every " << d->default_interval_s << " s by default, " << (d->default_enabled ? "on" : "off")
      << " by default; publishes " << d->schema_name << "\n";
    for (const auto& o : d->options) s << "    " << describe_option(o) << "\n";
  }
  if (plugins.empty()) s << "\n  (none registered in this build)\n";
  return s.str();
}

}  // namespace pga::config
