// pga-agent: reads the command line and the local configuration, builds the schema registry, the engine and
// (with an API) the configuration sync, wires them together and installs the shutdown signals. Everything
// else lives in the modules it wires. Exit codes: 0 success or clean stop, 1 failure, 2 bad configuration.
#include <signal.h>

#include <atomic>
#include <cstdio>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "core/allocator.h"
#include "api/api-client.h"
#include "api/config-sync.h"
#include "api/credentials.h"
#include "avro/describe.h"
#include "avro/schema-registry.h"
#include "check/run-check.h"
#include "config/command-line.h"
#include "config/last-known-good.h"
#include "config/local-config.h"
#include "config/usage.h"
#include "core/files.h"
#include "core/log.h"
#include "engine/engine.h"
#include "output/cyrus-sasl.h"
#include "plugins/plugin.h"
#include "version.h"

namespace {

using namespace pga;

constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;
constexpr int kExitConfig = 2;
constexpr int kFlushTimeoutMs = 10000;

// Set from the signal handler: only a lock-free atomic store is async-signal-safe there.
std::atomic<bool> g_stop{false};
static_assert(std::atomic<bool>::is_always_lock_free, "the stop flag must be lock-free for the signal handler");

extern "C" void on_stop_signal(int) { g_stop.store(true); }

void install_signals() {
  struct sigaction sa{};
  sa.sa_handler = &on_stop_signal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGTERM, &sa, nullptr);
  sigaction(SIGINT, &sa, nullptr);
  signal(SIGPIPE, SIG_IGN);  // a closed socket is an error return, not a death
}

int config_error(const std::string& message) {
  log::error("bad configuration", {{"error", message}});
  return kExitConfig;
}

int exit_code_for(const Status& st) {
  return st.code() == StatusCode::kInvalidArgument ? kExitConfig : kExitFailure;
}

// The local file's log_level / PGA_AGENT_LOG_LEVEL wins over the configuration's agent.log_level.
void apply_log_level(const config::LocalConfig& local, const config::AgentConfig* running) {
  const std::string name = local.log_level ? *local.log_level : running ? running->agent.log_level : "info";
  log::Level level;
  if (log::parse_level(name, &level)) log::set_level(level);
}

Expected<std::unique_ptr<avro::SchemaRegistry>> load_schemas() {
  auto registry = avro::SchemaRegistry::load_embedded();
  if (!registry) log::error("the embedded Avro schemas do not load (a build problem)", {{"error", registry.status().message()}});
  return registry;
}

engine::EngineOptions engine_options(const config::LocalConfig& local, const std::string& collector_id) {
  return {collector_id.empty() ? "local" : collector_id, PGA_AGENT_VERSION, local.settings.host_name,
          local.settings.state_dir};
}

int print_schemas() {
  auto registry = load_schemas();
  if (!registry) return kExitFailure;
  std::cout << avro::describe_schemas(**registry).dump(2) << "\n";
  return kExitOk;
}

// --once runs what the daemon would run, read-only: the API's configuration when the agent is registered
// (nothing saved, nothing registered), else the last known good one, else the local file's.
Expected<config::AgentConfig> once_config(const config::LocalConfig& local, std::string* collector_id) {
  const auto options = config::validate_options(local, false);
  if (!local.standalone()) {
    auto saved = api::load_credentials(local.settings.state_dir);
    if (saved && *saved) {
      *collector_id = (*saved)->collector_id;
      api::HttpOptions http;
      http.ca_file = local.settings.api_ca_file;
      api::ApiClient client(*local.settings.api_url, local.settings.state_dir, http);
      auto pulled = client.pull_config(**saved, "");
      if (pulled) return config::validate_config(pulled->remote.config, options);
      log::warn("the API's configuration cannot be read; trying the saved one", {{"error", pulled.status().message()}});
    }
    auto lkg = config::load_last_known_good(local.settings.state_dir);
    if (lkg && *lkg) return config::validate_config((*lkg)->config, options);
  }
  return config::validate_config(local.fallback_json, options);
}

int run_once(const config::LocalConfig& local, int baseline_ms) {
  std::string collector_id;
  auto cfg = once_config(local, &collector_id);
  if (!cfg) return config_error(cfg.status().message());
  auto registry = load_schemas();
  if (!registry) return kExitFailure;
  engine::EngineOptions options = engine_options(local, collector_id);
  options.save_state = false;  // read-only: an agent may be running with this state directory
  auto engine = engine::Engine::create(options, registry->get());
  if (Status st = engine->apply(*cfg); !st) {
    log::error("the configuration cannot be applied", {{"error", st.message()}});
    return exit_code_for(st);
  }
  apply_log_level(local, &*cfg);
  const nlohmann::json result = engine->collect_once(baseline_ms);
  std::cout << result.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  const bool failed = result.contains("errors") && !result["errors"].empty();
  return failed ? kExitFailure : kExitOk;
}

// The daemon. With an API the configuration comes from ConfigSync and changes while running; when the agent
// registers after it started (the API was down at its first start), the engine is rebuilt once so its
// batches carry the real collector id.
int run_daemon(const config::LocalConfig& local) {
  if (Status st = files::ensure_directory(local.settings.state_dir); !st)
    return config_error("collector.state_dir / PGA_AGENT_STATE_DIR: " + st.message());
  auto lock = files::DirectoryLock::acquire(local.settings.state_dir);
  if (!lock) {
    log::error("cannot start", {{"error", lock.status().message()}});
    return kExitFailure;
  }
  auto registry = load_schemas();
  if (!registry) return kExitFailure;

  std::unique_ptr<api::ConfigSync> sync;
  std::optional<api::ConfigCandidate> current;
  if (local.standalone()) {
    auto cfg = config::fallback_config(local, true);
    if (!cfg) return config_error(local.source + ": " + cfg.status().message());
    current = api::ConfigCandidate{std::move(*cfg), std::nullopt, "local file"};
  } else {
    sync = std::make_unique<api::ConfigSync>(local, PGA_AGENT_VERSION);
    auto first = sync->start(g_stop);
    if (!first) {
      if (g_stop.load()) return kExitOk;
      log::error("cannot start", {{"error", first.status().message()}});
      return first.status().code() == StatusCode::kInvalidArgument ||
                     first.status().code() == StatusCode::kPermissionDenied
                 ? kExitConfig
                 : kExitFailure;
    }
    current = std::move(*first);
  }

  bool first_round = true;
  while (!g_stop.load()) {
    const std::string collector_id = sync ? sync->collector_id() : "";
    auto engine = engine::Engine::create(engine_options(local, collector_id), registry->get());
    Status applied = engine->apply(current->config);
    if (sync) sync->applied(*current, applied);
    if (!applied) {
      log::error("the configuration cannot be applied", {{"source", current->source}, {"error", applied.message()}});
      return exit_code_for(applied);
    }
    apply_log_level(local, &current->config);
    if (first_round) {
      log::info("pga-agent started", {{"version", PGA_AGENT_VERSION}, {"collector_id", engine_options(local, collector_id).collector_id},
                                      {"configuration", current->source}, {"api", local.settings.api_url.value_or("none")}});
      if (sync) sync->run_background();
      first_round = false;
    }
    std::atomic<bool> stop_run{false};
    auto tick = [&] {
      if (g_stop.load()) stop_run.store(true);
      if (!sync) return;
      if (auto update = sync->take_update()) {
        Status st = engine->apply(update->config);
        sync->applied(*update, st);
        if (st) {
          current = std::move(*update);
          apply_log_level(local, &current->config);
        }
      }
      if (collector_id.empty() && !sync->collector_id().empty()) {
        log::info("registered while running: restarting the engine with the collector id");
        stop_run.store(true);
      }
    };
    Status run = engine->run(stop_run, kFlushTimeoutMs, tick);
    if (!run) {
      log::error("the engine stopped on an error", {{"error", run.message()}});
      return kExitFailure;
    }
  }
  if (sync) sync->stop_background();
  log::info("pga-agent stopped");
  return kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  tune_allocator();
  output::skip_cyrus_sasl_plugins();
  const std::vector<std::string> args(argv + 1, argv + argc);
  auto cl = config::parse_command_line(args);
  if (!cl) {
    std::fprintf(stderr, "pga-agent: %s\n", cl.status().message().c_str());
    return kExitConfig;
  }
  switch (cl->mode) {
    case config::Mode::kHelp:
      std::cout << config::usage_text(plugins::all_plugins());
      return kExitOk;
    case config::Mode::kVersion:
      std::cout << "pga-agent " << PGA_AGENT_VERSION << "\n";
      return kExitOk;
    case config::Mode::kSchemas:
      return print_schemas();
    default:
      break;
  }
  auto local = config::load_local_config(cl->config_path, config::process_env());
  if (!local) return config_error(local.status().message());
  apply_log_level(*local, nullptr);
  install_signals();
  switch (cl->mode) {
    case config::Mode::kCheck:
      return check::run_check(*local, PGA_AGENT_VERSION, std::cout);
    case config::Mode::kOnce:
      return run_once(*local, cl->baseline_ms);
    default:
      return run_daemon(*local);
  }
}
