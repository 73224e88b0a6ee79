#pragma once
// The engine's implementation, visible to its unit tests: they inject the plugins, the transport under
// the spool and the clocks, and drive the scheduler one step at a time.
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "engine/engine.h"
#include "engine/task.h"
#include "output/output.h"
#include "output/sequences.h"
#include "output/transport.h"

namespace pga::engine {

struct EngineHooks {
  std::vector<const plugins::PluginDescriptor*> plugins;                 // empty: plugins::all_plugins()
  std::function<std::unique_ptr<output::Transport>()> transport;         // null: the Kafka producer
  std::function<int64_t()> steady_ms;                                    // null: the steady clock
  std::function<int64_t()> wall_us;                                      // null: the system clock
  std::function<void(int64_t ms)> sleep_ms;                              // null: really sleep
  uint64_t seed = 0;                                                     // 0: random
};

struct EngineCounters {
  uint64_t batches = 0;          // batches handed to the output
  uint64_t messages = 0;         // Kafka messages they made (a batch splits when too large)
  uint64_t bytes = 0;
  uint64_t dropped = 0;          // refused by the spool (full under drop_newest) or with no output
  uint64_t invalid = 0;          // batches a plugin built wrongly (a bug), never sent
  uint64_t plugin_errors = 0;
};

class EngineImpl final : public Engine {
 public:
  EngineImpl(EngineOptions options, const avro::SchemaRegistry* schemas, EngineHooks hooks);
  ~EngineImpl() override;

  Status apply(const config::AgentConfig& config) override;
  Status run(const std::atomic<bool>& stop, int flush_timeout_ms, const std::function<void()>& tick) override;
  nlohmann::json collect_once(int baseline_wait_ms) override;
  nlohmann::json stats() const override;

  // --- for the loop and the tests
  // Opens the output and the sequence store when missing or when the kafka/spool settings changed.
  Status ensure_output();
  // Runs every task due at `now_ms` (the steady clock); returns how many ran.
  int step(int64_t now_ms);
  // Milliseconds until the next task is due (capped at `cap_ms`).
  int64_t wait_ms(int64_t now_ms, int64_t cap_ms) const;
  output::Output* output() { return output_.get(); }
  const std::vector<std::unique_ptr<Task>>& tasks() const { return tasks_; }
  pg::Instance* instance(const std::string& name) const;
  const EngineCounters& counters() const { return counters_; }

 private:
  struct InstanceSlot {
    std::string key;
    std::unique_ptr<pg::Instance> instance;
    int64_t role_checked_ms = -1;
    std::string last_error;  // logged once per distinct error for the whole instance, not per plugin
  };
  const std::vector<const plugins::PluginDescriptor*>& plugin_list() const;
  int64_t steady_now() const;
  int64_t wall_now_us() const;
  int64_t initial_offset_ms(int64_t interval_ms);
  std::unique_ptr<Task> make_task(const plugins::PluginDescriptor* d, const std::string& instance_name,
                                  pg::Instance* instance, const std::string& server_id,
                                  const config::PluginConfig& config, int64_t now_ms);
  plugins::CollectContext context_for(Task& task, int64_t wall_us);
  // Runs one task's collect(): ok, or why it failed (role refresh included). Batches land in `out`.
  // `instance_down` is set when the instance itself could not be reached (logged once for all its plugins).
  Status collect(Task& task, int64_t now_ms, std::vector<avro::Batch>& out, bool* instance_down = nullptr);
  void finish(Task& task, const Status& status, int64_t now_ms, bool instance_down = false);
  void publish(avro::Batch& batch);
  void log_batch_problem(const std::string& message);

  EngineOptions options_;
  const avro::SchemaRegistry* schemas_;
  EngineHooks hooks_;
  std::mt19937_64 rng_;
  config::AgentConfig config_;
  bool configured_ = false;
  std::map<std::string, InstanceSlot> instances_;
  std::vector<std::unique_ptr<Task>> tasks_;
  std::unique_ptr<output::Output> output_;
  std::unique_ptr<output::SequenceStore> sequences_;
  std::string output_key_;          // settings the current output was built from
  std::string wanted_output_key_;   // settings of the last applied configuration
  config::KafkaConfig output_kafka_;  // the settings of the working output, to fall back to
  config::SpoolConfig output_spool_;
  int64_t output_retry_at_ms_ = 0;
  EngineCounters counters_;
  std::string last_batch_problem_;
  std::string last_sequence_problem_;
};

std::unique_ptr<Engine> create_engine(EngineOptions options, const avro::SchemaRegistry* schemas, EngineHooks hooks);

}  // namespace pga::engine
