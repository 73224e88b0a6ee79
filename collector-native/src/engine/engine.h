#pragma once
// The engine: runs every enabled plugin of every instance (and the host plugins) at its interval, fills the
// envelope (ids, host, versions, sequence per server and family), encodes batches and hands them to the
// output (write-ahead spool + Kafka producer). It owns retry: a failing plugin backs off (capped, jittered)
// without holding up the others. A new configuration is applied between rounds, without restart.
#include <atomic>
#include <functional>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "avro/schema-registry.h"
#include "config/agent-config.h"
#include "core/status.h"

namespace pga::engine {

struct EngineOptions {
  std::string collector_id;   // from registration, or "local" without an API
  std::string agent_version;  // PGA_AGENT_VERSION
  std::string host_name;
  std::string state_dir;      // sequences and plugin state live here
  // false for --once: plugins read their state files but never write them, so --once beside a running agent
  // with the same state directory cannot race its files (the daemon holds the directory's lock, --once not).
  bool save_state = true;
};

class Engine {
 public:
  virtual ~Engine() = default;
  static std::unique_ptr<Engine> create(EngineOptions options, const avro::SchemaRegistry* schemas);

  // Applies a (validated) configuration: opens/closes instances, (re)creates the producer when the kafka
  // settings changed, keeps delta baselines of instances whose connection did not change.
  virtual Status apply(const config::AgentConfig& config) = 0;

  // Collects until `stop` becomes true, then flushes (waits up to flush_timeout_ms for Kafka, spools the
  // rest). Returns when stopped. `tick` is called about once a second from the engine's thread (config
  // polling and heartbeats hook in there).
  virtual Status run(const std::atomic<bool>& stop, int flush_timeout_ms, const std::function<void()>& tick) = 0;

  // --once: every enabled plugin once (two samples where deltas need a baseline, `baseline_wait_ms` apart),
  // nothing sent; returns {"batches": [{"schema", "topic", "envelope", ...rows as JSON}], "errors": [...]}.
  virtual nlohmann::json collect_once(int baseline_wait_ms) = 0;

  // Counters for logs and --check: batches sent, spooled, dropped, bytes, per plugin errors.
  virtual nlohmann::json stats() const = 0;
};

}  // namespace pga::engine
