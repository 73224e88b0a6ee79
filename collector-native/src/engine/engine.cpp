// Engine construction and apply(): the set of tasks (plugin × instance, plus the host plugins) follows the
// configuration without a restart; instances whose connection settings did not change keep their Instance
// and plugin objects, so delta baselines survive a configuration change.
#include <chrono>

#include "core/log.h"
#include "engine/config-keys.h"
#include "engine/engine-impl.h"
#include "output/kafka-settings.h"

namespace pga::engine {

std::unique_ptr<Engine> Engine::create(EngineOptions options, const avro::SchemaRegistry* schemas) {
  return create_engine(std::move(options), schemas, EngineHooks{});
}

std::unique_ptr<Engine> create_engine(EngineOptions options, const avro::SchemaRegistry* schemas, EngineHooks hooks) {
  return std::make_unique<EngineImpl>(std::move(options), schemas, std::move(hooks));
}

EngineImpl::EngineImpl(EngineOptions options, const avro::SchemaRegistry* schemas, EngineHooks hooks)
    : options_(std::move(options)),
      schemas_(schemas),
      hooks_(std::move(hooks)),
      rng_(hooks_.seed != 0 ? hooks_.seed : std::random_device{}()) {}

EngineImpl::~EngineImpl() {
  tasks_.clear();  // plugins before the instances they point to
  instances_.clear();
}

const std::vector<const plugins::PluginDescriptor*>& EngineImpl::plugin_list() const {
  return hooks_.plugins.empty() ? plugins::all_plugins() : hooks_.plugins;
}

int64_t EngineImpl::steady_now() const {
  if (hooks_.steady_ms) return hooks_.steady_ms();
  return output::steady_now_ms();
}

int64_t EngineImpl::wall_now_us() const {
  if (hooks_.wall_us) return hooks_.wall_us();
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// A small random delay before a task's first run, so plugins (and agents started together) do not all hit
// the server in the same second.
int64_t EngineImpl::initial_offset_ms(int64_t interval_ms) {
  std::uniform_int_distribution<int64_t> offset(0, std::min<int64_t>(interval_ms, 5000));
  return offset(rng_);
}

std::unique_ptr<Task> EngineImpl::make_task(const plugins::PluginDescriptor* d, const std::string& instance_name,
                                            pg::Instance* instance, const std::string& server_id,
                                            const config::PluginConfig& config, int64_t now_ms) {
  auto task = std::make_unique<Task>();
  task->descriptor = d;
  task->instance_name = instance_name;
  task->instance = instance;
  task->server_id = server_id;
  task->plugin = d->create();
  task->config = config;
  task->next_due_ms = now_ms + initial_offset_ms(task->interval_ms());
  task->backoff = Backoff(5000, std::max<int64_t>(300000, task->interval_ms()), rng_());
  return task;
}

pg::Instance* EngineImpl::instance(const std::string& name) const {
  const auto it = instances_.find(name);
  return it == instances_.end() ? nullptr : it->second.instance.get();
}

Status EngineImpl::apply(const config::AgentConfig& config) {
  if (!config.kafka.brokers.empty()) {
    // Refuse a configuration whose producer settings cannot work (a secret's variable unset...) before
    // changing anything: the running configuration stays.
    auto settings = output::kafka_settings(config.kafka, config.spool);
    if (!settings) return settings.status();
  }
  const int64_t now = steady_now();

  std::map<std::string, InstanceSlot> instances;
  for (const auto& ic : config.instances) {
    InstanceSlot slot;
    slot.key = instance_key(ic);
    auto old = instances_.find(ic.name);
    if (old != instances_.end() && old->second.key == slot.key) {
      slot = std::move(old->second);
    } else {
      slot.instance = std::make_unique<pg::Instance>(ic);
    }
    instances.emplace(ic.name, std::move(slot));
  }

  // Existing tasks whose instance object survives are reused (same plugin object, same baselines).
  auto take_task = [&](const std::string& instance_name, const plugins::PluginDescriptor* d,
                       pg::Instance* instance) -> std::unique_ptr<Task> {
    for (auto& t : tasks_) {
      if (t && t->descriptor == d && t->instance_name == instance_name && t->instance == instance) return std::move(t);
    }
    return nullptr;
  };
  std::vector<std::unique_ptr<Task>> tasks;
  auto add = [&](const plugins::PluginDescriptor* d, const std::string& instance_name, pg::Instance* instance,
                 const std::string& server_id, const config::PluginConfig& pc) {
    if (!pc.enabled) return;
    if (schemas_ != nullptr && schemas_->find(d->schema_name) == nullptr) {
      log::error("plugin writes an unknown schema; not scheduled (a bug)", {{"plugin", d->name}, {"schema", d->schema_name}});
      return;
    }
    auto task = take_task(instance_name, d, instance);
    if (task) {
      const int64_t old_interval = task->interval_ms();
      task->config = pc;
      if (task->interval_ms() < old_interval) task->next_due_ms = std::min(task->next_due_ms, now + task->interval_ms());
      task->server_id = server_id;
    } else {
      task = make_task(d, instance_name, instance, server_id, pc, now);
    }
    tasks.push_back(std::move(task));
  };
  for (const auto& ic : config.instances) {
    pg::Instance* instance = instances.at(ic.name).instance.get();
    for (const auto* d : plugin_list()) {
      if (d->scope != plugins::Scope::kInstance) continue;
      const auto it = ic.plugins.find(d->name);
      add(d, ic.name, instance, ic.server_id, it != ic.plugins.end() ? it->second : default_plugin_config(*d));
    }
  }
  if (config.system.enabled) {
    for (const auto* d : plugin_list()) {
      if (d->scope != plugins::Scope::kHost) continue;
      config::PluginConfig pc = default_plugin_config(*d);
      pc.enabled = true;
      pc.interval_s = config.system.interval_s;
      add(d, "", nullptr, options_.host_name, pc);
    }
  }

  tasks_.clear();  // what was not taken: plugins of removed instances or disabled plugins
  tasks_ = std::move(tasks);
  instances_ = std::move(instances);  // instances no longer configured close their connections here
  config_ = config;
  configured_ = true;
  wanted_output_key_ = output_key(config.kafka, config.spool);
  log::info("configuration applied", {{"instances", config.instances.size()}, {"tasks", tasks_.size()}});
  return Status::ok();
}

nlohmann::json EngineImpl::stats() const {
  nlohmann::json plugins = nlohmann::json::object();
  for (const auto& t : tasks_) {
    plugins[t->label()] = {{"runs", t->runs}, {"failures", t->failures}, {"batches", t->batches},
                           {"last_error", t->last_error}};
  }
  return {{"batches", counters_.batches},
          {"messages", counters_.messages},
          {"bytes", counters_.bytes},
          {"dropped", counters_.dropped},
          {"invalid", counters_.invalid},
          {"plugin_errors", counters_.plugin_errors},
          {"plugins", plugins},
          {"output", output_ ? output_->stats() : nlohmann::json()}};
}

}  // namespace pga::engine
