#include "api/config-sync.h"

#include <chrono>

#include "core/backoff.h"
#include "core/log.h"

namespace pga::api {
namespace {

using Clock = std::chrono::steady_clock;

bool is_local_mistake(const Status& st) {
  return st.code() == StatusCode::kInvalidArgument || st.code() == StatusCode::kPermissionDenied;
}

void sleep_unless_stopped(const std::atomic<bool>& stop, int64_t ms) {
  const auto until = Clock::now() + std::chrono::milliseconds(ms);
  while (!stop.load() && Clock::now() < until) std::this_thread::sleep_for(std::chrono::milliseconds(100));
}

}  // namespace

ConfigSync::ConfigSync(config::LocalConfig local, std::string agent_version, HttpOptions http)
    : local_(std::move(local)),
      agent_version_(std::move(agent_version)),
      client_(local_.settings.api_url.value_or(""), local_.settings.state_dir,
              [&] {
                http.ca_file = local_.settings.api_ca_file;
                http.user_agent = "pga-agent/" + agent_version_;
                return http;
              }()) {}

ConfigSync::~ConfigSync() { stop_background(); }

std::string ConfigSync::collector_id() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return credentials_ ? credentials_->collector_id : "";
}

Status ConfigSync::ensure_registered() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (credentials_) return Status::ok();
  }
  const std::string& dir = local_.settings.state_dir;
  auto saved = load_credentials(dir);
  if (!saved) return saved.status();
  if (*saved) {
    std::lock_guard<std::mutex> lock(mutex_);
    credentials_ = **saved;
    return Status::ok();
  }
  if (!local_.settings.bootstrap_token)
    return Status::invalid(local_.bootstrap_token_problem.value_or(
        "api.bootstrap_token_env / api.bootstrap_token_file or PGA_AGENT_BOOTSTRAP_TOKEN: the agent is not "
        "registered yet (no " + credentials_path(dir) + ") and needs a bootstrap token to register"));
  auto reg = client_.register_collector(*local_.settings.bootstrap_token,
                                        {local_.settings.collector_name, local_.settings.host_name, agent_version_});
  if (!reg) return reg.status();
  Credentials c{reg->collector_id, reg->token, client_.base_url()};
  if (Status st = save_credentials(dir, c); !st)
    log::error("registered, but the collector token could not be saved: the next start registers again",
               {{"collector_id", c.collector_id}, {"error", st.message()}});
  log::info("registered with the API", {{"collector_id", c.collector_id}, {"collector_name", local_.settings.collector_name},
                                        {"state", credentials_path(dir)}});
  std::lock_guard<std::mutex> lock(mutex_);
  credentials_ = c;
  return Status::ok();
}

std::optional<ConfigCandidate> ConfigSync::validate_remote(const config::RemoteConfig& remote) {
  auto cfg = config::validate_config(remote.config, config::validate_options(local_, true));
  if (!cfg) {
    log::error("the API's configuration is invalid for this agent: keeping the running one",
               {{"etag", remote.etag}, {"version", remote.version}, {"error", cfg.status().message()}});
    return std::nullopt;
  }
  return ConfigCandidate{std::move(*cfg), remote, "api"};
}

std::optional<ConfigCandidate> ConfigSync::fallback() {
  auto lkg = config::load_last_known_good(local_.settings.state_dir);
  if (!lkg) {
    log::warn("last known good configuration unreadable", {{"error", lkg.status().message()}});
  } else if (*lkg) {
    auto cfg = config::validate_config((*lkg)->config, config::validate_options(local_, true));
    if (cfg) return ConfigCandidate{std::move(*cfg), **lkg, "last known good"};
    log::warn("last known good configuration no longer valid", {{"error", cfg.status().message()}});
  }
  if (local_.has_fallback) {
    auto cfg = config::fallback_config(local_, true);
    if (cfg) return ConfigCandidate{std::move(*cfg), std::nullopt, "local file"};
    log::warn("the local configuration cannot run until the API answers", {{"error", cfg.status().message()}});
  }
  return std::nullopt;
}

Expected<ConfigCandidate> ConfigSync::start(const std::atomic<bool>& stop) {
  // The saved ETag makes an unchanged configuration a 304.
  auto lkg = config::load_last_known_good(local_.settings.state_dir);
  if (lkg && *lkg) seen_etag_ = (*lkg)->etag;
  Backoff backoff(1000, 60000);
  bool fallback_tried = false;
  while (!stop.load()) {
    Status st = ensure_registered();
    if (!st && is_local_mistake(st)) return st;
    if (st) {
      auto pulled = client_.pull_config(*credentials_, seen_etag_);
      if (pulled && !pulled->modified) {
        if (auto c = fallback(); c && c->source == "last known good") {
          log::info("configuration unchanged since the last run", {{"version", c->remote->version}});
          return std::move(*c);
        }
        seen_etag_.clear();  // the saved copy is gone or invalid: fetch the whole configuration
        continue;
      }
      if (pulled) {
        seen_etag_ = pulled->remote.etag;
        if (auto c = validate_remote(pulled->remote)) {
          log::info("configuration received", {{"version", pulled->remote.version}, {"etag", pulled->remote.etag}});
          return std::move(*c);
        }
      } else {
        st = pulled.status();
      }
    }
    if (!st) log::warn("the API cannot be reached", {{"api", client_.base_url()}, {"error", st.message()}});
    if (!fallback_tried) {
      fallback_tried = true;
      if (auto c = fallback()) {
        log::warn("running a fallback configuration until the API answers", {{"source", c->source}});
        return std::move(*c);
      }
      log::warn("no configuration to run yet (no last known good one, no local instances): waiting for the API");
    }
    sleep_unless_stopped(stop, backoff.next_ms());
  }
  return Status::unavailable("stopped before a configuration was received");
}

std::optional<ConfigCandidate> ConfigSync::take_update() {
  std::lock_guard<std::mutex> lock(mutex_);
  std::optional<ConfigCandidate> out;
  out.swap(pending_);
  return out;
}

void ConfigSync::applied(const ConfigCandidate& candidate, const Status& status) {
  if (!status) {
    log::error("the new configuration could not be applied: keeping the running one",
               {{"source", candidate.source}, {"error", status.message()}});
    return;
  }
  {
    std::lock_guard<std::mutex> lock(mutex_);
    poll_s_ = candidate.config.agent.config_poll_s;
    heartbeat_s_ = candidate.config.agent.heartbeat_s;
    const auto version = candidate.remote ? std::optional<int>(candidate.remote->version) : std::nullopt;
    beat_now_ = version != applied_version_;
    applied_version_ = version;
    if (candidate.remote && seen_etag_.empty()) seen_etag_ = candidate.remote->etag;
  }
  wake_.notify_all();
  if (candidate.remote && candidate.source == "api") {
    if (Status st = config::save_last_known_good(local_.settings.state_dir, *candidate.remote); !st)
      log::warn("could not save the last known good configuration", {{"error", st.message()}});
  }
  log::info("configuration applied", {{"source", candidate.source},
                                      {"version", candidate.remote ? candidate.remote->version : 0},
                                      {"instances", candidate.config.instances.size()}});
}

}  // namespace pga::api
