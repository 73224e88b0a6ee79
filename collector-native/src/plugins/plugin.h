#pragma once
// The input-plugin contract (fluent-bit's model): each plugin is one folder under src/plugins/ exporting one
// PluginDescriptor — its name, the schema it writes, where it runs, its default interval and a table of its
// options (key, type, default, limits, description). The same table validates configuration and prints
// `pga-agent --help`. A plugin only samples and builds batches; the engine owns scheduling, sequence numbers,
// encoding, buffering, retry and backoff. Nothing throws across this boundary: collect() returns a Status.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "avro/batch.h"
#include "avro/schema-registry.h"
#include "config/agent-config.h"
#include "core/status.h"
#include "pg/instance.h"

namespace pga::plugins {

enum class Scope {
  kInstance,  // runs once per monitored PostgreSQL instance
  kHost,      // runs once per agent (the host: /proc, filesystems, network)
};

enum class OptionType { kInt, kBool, kString, kEnum, kPath };

struct OptionSpec {
  const char* key;
  OptionType type;
  const char* default_json;  // JSON text of the default ("5000", "true", "\"auto\"", "null" for none)
  int64_t min = 0;           // kInt only
  int64_t max = 0;           // kInt: the largest value; kString: the longest length (0: the validator's default)
  const char* choices = "";  // kEnum only: "auto|stderr|csvlog|jsonlog"
  const char* description = "";
};

// What a plugin receives each time it runs.
struct CollectContext {
  pg::Instance* instance = nullptr;                // null for host plugins
  const config::PluginConfig* plugin = nullptr;    // enabled, interval_s, options (defaults filled in)
  const config::SystemConfig* system = nullptr;    // host plugins only
  const avro::SchemaRegistry* schemas = nullptr;
  std::string state_dir;  // the agent's state directory: plugins keep small files there (e.g. log offsets)
  bool save_state = true;  // false for --once: read the state files, never write them
  avro::Envelope envelope;  // prefilled by the engine: ids, host, versions, collected_at_us = now,
                            // interval_ms = time since this plugin's previous run (0 on the first)

  // A batch of this plugin's schema with the prefilled envelope. Snapshot families set interval_ms to 0.
  avro::Batch new_batch(const char* schema_name) const;
};

class Plugin {
 public:
  virtual ~Plugin() = default;
  // Samples once and appends zero or more batches to `out` (zero when nothing changed or on a baseline
  // sample). A retryable Status (connection lost, timeout) makes the engine back off; a not_found or
  // permission_denied one is logged once with what to do (e.g. "CREATE EXTENSION pg_stat_statements").
  virtual Status collect(CollectContext& ctx, std::vector<avro::Batch>& out) = 0;
};

struct PluginDescriptor {
  const char* name;         // "statements": the key under instances[].plugins
  const char* schema_name;  // "metrics.statements.v1": the schema and topic (<prefix>.<schema_name>)
  Scope scope;
  int default_interval_s;
  bool default_enabled;
  const char* description;  // one line for --help
  std::vector<OptionSpec> options;
  std::unique_ptr<Plugin> (*create)();
};

// Every registered plugin, sorted by name.
const std::vector<const PluginDescriptor*>& all_plugins();
const PluginDescriptor* find_plugin(std::string_view name);

// Registration at static-initialisation time (osquery's model); used once at the end of each plugin's file:
//   PGA_REGISTER_PLUGIN(kStatementsPlugin);
// The agent is built from an object library, so every registration is linked in.
struct PluginRegistrar {
  explicit PluginRegistrar(const PluginDescriptor* descriptor);
};
#define PGA_REGISTER_PLUGIN(descriptor) \
  static const ::pga::plugins::PluginRegistrar pga_registrar_##descriptor(&(descriptor))

}  // namespace pga::plugins
