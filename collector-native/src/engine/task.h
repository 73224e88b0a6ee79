#pragma once
// One scheduled unit of work: a plugin object of one instance (or of the host) with its settings, when it
// runs next, when it last succeeded (the envelope's interval_ms) and its failure state. Keeping the plugin
// object across runs and configuration changes is what keeps its delta baselines.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "config/agent-config.h"
#include "core/backoff.h"
#include "pg/instance.h"
#include "plugins/plugin.h"

namespace pga::engine {

struct Task {
  const plugins::PluginDescriptor* descriptor = nullptr;
  std::string instance_name;         // "" for host plugins
  pg::Instance* instance = nullptr;  // owned by the engine's instance slots; null for host plugins
  std::string server_id;             // the instance's, or the host name
  std::unique_ptr<plugins::Plugin> plugin;
  config::PluginConfig config;
  int64_t next_due_ms = 0;                      // steady clock
  std::optional<int64_t> last_success_wall_us;  // collected_at of the last successful run
  Backoff backoff{5000, 300000};
  std::string last_error;  // the last error logged at warn (repeats go to debug)
  uint64_t runs = 0;
  uint64_t failures = 0;
  uint64_t batches = 0;

  std::string label() const {
    return instance_name.empty() ? std::string(descriptor->name) : instance_name + "/" + descriptor->name;
  }
  int64_t interval_ms() const { return int64_t{config.interval_s} * 1000; }
};

}  // namespace pga::engine
