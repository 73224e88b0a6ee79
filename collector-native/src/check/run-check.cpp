#include "check/run-check.h"

#include <optional>

#include "api/api-client.h"
#include "api/credentials.h"
#include "check/check-report.h"
#include "check/kafka-probe.h"
#include "check/pg-probe.h"
#include "check/pg-rules.h"
#include "config/last-known-good.h"
#include "plugins/plugin.h"

namespace pga::check {
namespace {

constexpr int kKafkaTimeoutMs = 10000;

// The API's part: reachability, the token, and the configuration it serves (nullopt when not obtained).
std::optional<nlohmann::json> check_api(const config::LocalConfig& local, const std::string& agent_version,
                                        CheckReport& report) {
  const std::string& url = *local.settings.api_url;
  api::HttpOptions http;
  http.ca_file = local.settings.api_ca_file;
  http.user_agent = "pga-agent/" + agent_version;
  api::ApiClient client(url, local.settings.state_dir, http);
  if (Status st = client.health(); !st) {
    report.fail("api", "cannot reach " + url + ": " + st.message(),
                st.code() == StatusCode::kInvalidArgument ? "" : "check api.url / PGA_AGENT_API_URL and the network");
    return std::nullopt;
  }
  report.ok("api", url + " answers");
  auto saved = api::load_credentials(local.settings.state_dir);
  if (!saved) {
    report.fail("api", saved.status().message());
    return std::nullopt;
  }
  if (!*saved) {
    if (!local.settings.bootstrap_token) {
      report.fail("api", "not registered yet (no " + api::credentials_path(local.settings.state_dir) +
                             ") and no bootstrap token",
                  local.bootstrap_token_problem.value_or(
                      "set api.bootstrap_token_env or api.bootstrap_token_file, or PGA_AGENT_BOOTSTRAP_TOKEN"));
      return std::nullopt;
    }
    Status st = client.probe_bootstrap_token(*local.settings.bootstrap_token);
    if (st) {
      report.ok("api", "not registered yet; the bootstrap token is accepted (the agent registers at its first start)");
    } else {
      report.fail("api", st.message(), "check the bootstrap token (api.bootstrap_token_env / _file)");
    }
    return std::nullopt;
  }
  auto pulled = client.pull_config(**saved, "");
  if (!pulled) {
    report.fail("api", pulled.status().message());
    return std::nullopt;
  }
  report.ok("api", "collector " + (*saved)->collector_id + ": token valid, configuration version " +
                       std::to_string(pulled->remote.version));
  return pulled->remote.config;
}

// Which configuration --check judges: the API's when it was read, else what the agent would fall back to.
std::optional<config::AgentConfig> resolve_config(const config::LocalConfig& local,
                                                  const std::optional<nlohmann::json>& from_api,
                                                  CheckReport& report) {
  const auto options = config::validate_options(local, false);
  auto judge = [&](const std::string& source, const nlohmann::json& json) -> std::optional<config::AgentConfig> {
    auto cfg = config::validate_config(json, options);
    if (!cfg) {
      report.fail("configuration", source + " is invalid: " + cfg.status().message());
      return std::nullopt;
    }
    report.ok("configuration", source + " is valid: " + std::to_string(cfg->instances.size()) + " instance" +
                                   (cfg->instances.size() == 1 ? "" : "s"));
    return std::move(*cfg);
  };
  if (from_api) return judge("the API's configuration", *from_api);
  if (!local.standalone()) {
    if (auto lkg = config::load_last_known_good(local.settings.state_dir); lkg && *lkg)
      return judge("the last known good configuration (" + config::last_known_good_path(local.settings.state_dir) + ")",
                   (*lkg)->config);
  }
  return judge("the local configuration (" + local.source + ")", local.fallback_json);
}

void check_kafka(const config::AgentConfig& cfg, CheckReport& report) {
  if (cfg.kafka.brokers.empty()) {
    report.fail("kafka", "no brokers configured", "set kafka.brokers in the configuration, or PGA_KAFKA_BROKERS");
    return;
  }
  auto md = probe_kafka(cfg.kafka, cfg.spool, kKafkaTimeoutMs);
  if (!md) {
    report.fail("kafka", md.status().message(),
                md.status().code() == StatusCode::kPermissionDenied
                    ? "check kafka.security (sasl_username, the password variable or file, TLS files)"
                    : "check kafka.brokers / PGA_KAFKA_BROKERS, the network, and kafka.security.protocol");
    return;
  }
  report.ok("kafka", std::to_string(md->brokers) + " broker" + (md->brokers == 1 ? "" : "s") + " answered");
  // Every topic the enabled plugins publish to.
  std::set<std::string> needed;
  for (const auto* d : plugins::all_plugins()) {
    bool enabled = false;
    if (d->scope == plugins::Scope::kHost) enabled = cfg.system.enabled;
    for (const auto& inst : cfg.instances) {
      auto it = inst.plugins.find(d->name);
      if (it != inst.plugins.end() && it->second.enabled) enabled = true;
    }
    if (enabled) needed.insert(cfg.kafka.topic_prefix + "." + d->schema_name);
  }
  std::string missing;
  for (const auto& t : needed)
    if (!md->topics.count(t)) missing += (missing.empty() ? "" : ", ") + t;
  if (missing.empty()) {
    report.ok("kafka", "the " + std::to_string(needed.size()) + " topics of the enabled plugins exist");
  } else {
    report.warn("kafka", "topics missing: " + missing,
                "create them (`pga up` creates the project's topics), unless the brokers auto-create topics");
  }
}

}  // namespace

int run_check(const config::LocalConfig& local, const std::string& agent_version, std::ostream& out) {
  CheckReport report(&out);
  report.ok("local settings", local.source + " read; state in " + local.settings.state_dir +
                                  (local.standalone() ? "; standalone (no API)" : ""));
  std::optional<nlohmann::json> from_api;
  if (!local.standalone()) from_api = check_api(local, agent_version, report);
  auto cfg = resolve_config(local, from_api, report);
  if (cfg) {
    if (cfg->instances.empty()) report.warn("configuration", "no PostgreSQL instance configured",
                                            "add instances (or set PGA_AGENT_PG_DSN for a quick local setup)");
    for (const auto& inst : cfg->instances) judge_instance(probe_instance(inst, local.env), report);
    check_kafka(*cfg, report);
  }
  out << "\n" << report.summary() << "\n";
  return report.exit_code();
}

}  // namespace pga::check
