#include "config/local-config.h"

#include <libpq-fe.h>

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <memory>

#include "config/field-reader.h"
#include "config/name-rules.h"
#include "config/yaml-to-json.h"
#include "core/files.h"
#include "core/host-name.h"

namespace pga::config {
namespace {

const std::vector<std::string> kLogLevels{"error", "warn", "info", "debug", "trace"};
const std::vector<std::string> kRemoteKeys{"format_version", "instances", "system", "kafka", "spool", "agent"};

const char* api_url_rule(std::string_view s) {
  const bool scheme = s.rfind("http://", 0) == 0 || s.rfind("https://", 0) == 0;
  const bool clean = s.size() <= 2048 && s.find_first_of(" \t\r\n") == std::string_view::npos;
  return scheme && clean && s.size() > 8 ? nullptr : "expected an http:// or https:// URL";
}

const char* state_dir_rule(std::string_view s) {
  return s.empty() || s.size() > 1024 || s.find('\n') != std::string_view::npos ? "expected a directory path"
                                                                                  : nullptr;
}

// Tokens travel in an Authorization header: anything but visible ASCII would break (or inject into) it.
bool token_is_clean(const std::string& token) {
  if (token.empty() || token.size() > 1024) return false;
  for (char c : token)
    if (c <= ' ' || c == 0x7f) return false;
  return true;
}

std::string strip_trailing_slashes(std::string url) {
  while (url.size() > 1 && url.back() == '/') url.pop_back();
  return url;
}

Status env_error(const char* var, const std::string& message) { return Status::invalid(std::string(var) + ": " + message); }

// Reads api / collector / log_level of the file into `local`; the other keys are the remote format's.
void read_local_keys(const nlohmann::json& file, LocalConfig& local, const EnvLookup& env, Errors& errors) {
  FieldReader root(&file, "", errors);
  std::vector<std::string> known{"api", "collector", "log_level"};
  known.insert(known.end(), kRemoteKeys.begin(), kRemoteKeys.end());
  root.only(known);

  FieldReader api(root.raw("api"), "api", errors);
  api.only({"url", "bootstrap_token_env", "bootstrap_token_file", "ca_file"});
  if (auto url = api.optional_string("url", api_url_rule)) local.settings.api_url = strip_trailing_slashes(*url);
  const auto token_env = api.optional_string("bootstrap_token_env", rules::env_name);
  const auto token_file = api.optional_string("bootstrap_token_file", rules::absolute_path);
  if (token_env && token_file) api.fail("bootstrap_token_file", "set bootstrap_token_env or bootstrap_token_file, not both");
  local.settings.api_ca_file = api.optional_string("ca_file", rules::absolute_path);
  if (token_env) {
    if (auto v = env(token_env->c_str()); v && !v->empty()) {
      local.settings.bootstrap_token = *v;
    } else {
      local.bootstrap_token_problem = "api.bootstrap_token_env: the environment variable " + *token_env + " is not set";
    }
  } else if (token_file) {
    auto secret = files::read_secret(*token_file);
    if (secret) {
      local.settings.bootstrap_token = *secret;
    } else {
      local.bootstrap_token_problem = "api.bootstrap_token_file: " + secret.status().message();
    }
  }

  FieldReader collector(root.raw("collector"), "collector", errors);
  collector.only({"name", "state_dir", "host_name"});
  if (auto name = collector.optional_string("name", rules::collector_name)) local.settings.collector_name = *name;
  if (auto dir = collector.optional_string("state_dir", state_dir_rule)) local.settings.state_dir = *dir;
  if (auto host = collector.optional_string("host_name", rules::host_name)) local.settings.host_name = *host;
  local.log_level = root.optional_choice("log_level", kLogLevels);

  for (const auto& key : kRemoteKeys) {
    if (const auto* v = root.raw(key)) {
      local.fallback_json[key] = *v;
      local.has_fallback = true;
    }
  }
}

// PGA_* variables win over the file. Each is checked on its own so the error names the variable.
Status apply_environment(LocalConfig& local, const EnvLookup& env) {
  auto get = [&](const char* name) -> std::optional<std::string> {
    auto v = env(name);
    if (v && v->empty()) return std::nullopt;  // VAR= means unset, as in most tools
    return v;
  };
  if (auto v = get("PGA_AGENT_API_URL")) {
    if (const char* expected = api_url_rule(*v)) return env_error("PGA_AGENT_API_URL", expected);
    local.settings.api_url = strip_trailing_slashes(*v);
  }
  if (auto v = get("PGA_AGENT_BOOTSTRAP_TOKEN")) {
    local.settings.bootstrap_token = *v;
    local.bootstrap_token_problem.reset();
  }
  if (local.settings.bootstrap_token && !token_is_clean(*local.settings.bootstrap_token))
    return Status::invalid("the bootstrap token holds spaces or control characters (it goes in an HTTP header)");
  if (auto v = get("PGA_AGENT_NAME")) {
    if (const char* expected = rules::collector_name(*v)) return env_error("PGA_AGENT_NAME", expected);
    local.settings.collector_name = *v;
  }
  if (auto v = get("PGA_AGENT_STATE_DIR")) {
    if (const char* expected = state_dir_rule(*v)) return env_error("PGA_AGENT_STATE_DIR", expected);
    local.settings.state_dir = *v;
  }
  if (auto v = get("PGA_AGENT_LOG_LEVEL")) {
    if (std::find(kLogLevels.begin(), kLogLevels.end(), *v) == kLogLevels.end())
      return env_error("PGA_AGENT_LOG_LEVEL", choices_message(kLogLevels));
    local.log_level = *v;
  }
  if (auto v = get("PGA_KAFKA_BROKERS")) {
    std::vector<std::string> brokers;
    std::string_view rest(*v);
    while (true) {
      const auto comma = rest.find(',');
      std::string item(rest.substr(0, comma));
      item.erase(0, item.find_first_not_of(' '));
      item.erase(item.find_last_not_of(' ') + 1);
      if (rules::broker_address(item))
        return env_error("PGA_KAFKA_BROKERS", "expected a comma-separated list of host:port, got \"" + item + "\"");
      brokers.push_back(item);
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
    if (brokers.size() > 32) return env_error("PGA_KAFKA_BROKERS", "at most 32 brokers");
    local.settings.default_brokers = brokers;
    // The local file's kafka keys take the variable (the API's configuration, when it names brokers, wins).
    if (local.fallback_json.contains("kafka") && local.fallback_json["kafka"].is_object())
      local.fallback_json["kafka"]["brokers"] = brokers;
  }
  if (auto v = get("PGA_TOPIC_PREFIX")) {
    if (const char* expected = rules::topic_prefix(*v)) return env_error("PGA_TOPIC_PREFIX", expected);
    local.default_topic_prefix = *v;
    if (local.fallback_json.contains("kafka") && local.fallback_json["kafka"].is_object())
      local.fallback_json["kafka"]["topic_prefix"] = *v;
  }
  if (auto v = get("PGA_AGENT_PG_DSN")) {
    char* err = nullptr;
    std::unique_ptr<PQconninfoOption, decltype(&PQconninfoFree)> parsed(PQconninfoParse(v->c_str(), &err),
                                                                        &PQconninfoFree);
    if (!parsed) {
      // libpq's message names the bad keyword, never a password value.
      std::string why = err ? err : "invalid";
      if (err) PQfreemem(err);
      while (!why.empty() && why.back() == '\n') why.pop_back();
      return env_error("PGA_AGENT_PG_DSN", "not a libpq connection string: " + why);
    }
    // The connection string stays in the environment: the configuration only names the variable.
    local.fallback_json["instances"] =
        nlohmann::json::array({{{"name", "local"}, {"connection", {{"dsn_env", "PGA_AGENT_PG_DSN"}}}}});
    local.has_fallback = true;
  }
  return Status::ok();
}

}  // namespace

EnvLookup process_env() {
  return [](const char* name) -> std::optional<std::string> {
    const char* v = std::getenv(name);
    return v ? std::optional<std::string>(v) : std::nullopt;
  };
}

const std::vector<EnvVar>& environment_variables() {
  static const std::vector<EnvVar> vars{
      {"PGA_AGENT_API_URL", "the API's base URL (api.url), e.g. https://pga.example.net"},
      {"PGA_AGENT_BOOTSTRAP_TOKEN", "the bootstrap token itself (registration only; never logged)"},
      {"PGA_AGENT_NAME", "the collector's name (collector.name; default: the host name)"},
      {"PGA_AGENT_STATE_DIR", "state directory (collector.state_dir; default /var/lib/pga-agent)"},
      {"PGA_AGENT_LOG_LEVEL", "error, warn, info, debug or trace (log_level; wins over agent.log_level)"},
      {"PGA_KAFKA_BROKERS", "comma-separated host:port list: kafka.brokers when the configuration has none"},
      {"PGA_TOPIC_PREFIX", "kafka.topic_prefix when the configuration has none (default pga)"},
      {"PGA_AGENT_PG_DSN", "a libpq connection string: one instance \"local\" with every default plugin"},
  };
  return vars;
}

Expected<LocalConfig> load_local_config(const std::optional<std::string>& path, const EnvLookup& env) {
  LocalConfig local;
  local.env = env;
  local.source = path ? *path : "environment";
  Errors errors;
  if (path) {
    auto text = files::read_all(*path, 1u << 20);
    if (!text) return Status::invalid("--config " + *path + ": " + text.status().message());
    auto json = yaml_to_json(*text, *path);
    if (!json) return json.status();
    if (!json->is_null()) {
      if (!json->is_object()) return Status::invalid(*path + ": expected a mapping of keys (api, collector, ...)");
      read_local_keys(*json, local, env, errors);
      if (!errors.ok()) return Status::invalid(*path + ": " + errors.status().message());
    }
  }
  if (Status st = apply_environment(local, env); !st) return st;
  if (local.settings.host_name.empty()) local.settings.host_name = local_host_name();
  // Relative state directories are resolved once: the daemon may change directory, the spool must not move.
  if (local.settings.state_dir[0] != '/') {
    char cwd[4096];
    if (::getcwd(cwd, sizeof cwd)) local.settings.state_dir = files::join(cwd, local.settings.state_dir);
  }
  if (local.settings.collector_name.empty()) {
    local.settings.collector_name = local.settings.host_name;
    if (rules::collector_name(local.settings.collector_name))
      return Status::invalid("collector.name: the host name \"" + local.settings.host_name +
                             "\" is not a valid collector name: set collector.name or PGA_AGENT_NAME");
  }
  if (local.settings.default_brokers.empty()) {
    // The file's own kafka.brokers double as the default for an API configuration that names none.
    const auto& kafka = local.fallback_json.value("kafka", nlohmann::json::object());
    if (kafka.is_object() && kafka.contains("brokers") && kafka["brokers"].is_array())
      for (const auto& b : kafka["brokers"])
        if (b.is_string()) local.settings.default_brokers.push_back(b.get<std::string>());
  }
  // Bad remote-format keys in the file stop start-up as well, even when the API will override them later.
  auto checked = fallback_config(local, false);
  if (!checked) return Status::invalid(local.source + ": " + checked.status().message());
  return local;
}

ValidateOptions validate_options(const LocalConfig& local, bool require_brokers) {
  ValidateOptions o;
  o.host_name = local.settings.host_name;
  o.default_brokers = local.settings.default_brokers;
  o.default_topic_prefix = local.default_topic_prefix;
  o.default_spool_path = files::join(local.settings.state_dir, "spool");
  o.require_brokers = require_brokers;
  o.getenv = local.env;
  return o;
}

Expected<AgentConfig> fallback_config(const LocalConfig& local, bool require_brokers) {
  return validate_config(local.fallback_json, validate_options(local, require_brokers));
}

}  // namespace pga::config
