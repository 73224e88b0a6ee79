// The collection loop: one thread runs the due tasks one after another (sequential runs keep memory low;
// librdkafka has its own threads), encodes their batches with sequence numbers and hands them to the
// output; between tasks it serves Kafka's delivery reports and calls `tick` about once a second.
#include <algorithm>
#include <thread>

#include "core/log.h"
#include "engine/config-keys.h"
#include "engine/engine-impl.h"

namespace pga::engine {
namespace {

constexpr int64_t kRoleCheckEveryMs = 10000;
constexpr int64_t kOutputRetryMs = 30000;
constexpr int64_t kStatsEveryMs = 10 * 60 * 1000;

const char* what_to_do(StatusCode code) {
  switch (code) {
    case StatusCode::kUnavailable:
    case StatusCode::kTimeout:
      return "retrying with backoff; check that PostgreSQL is up and reachable with the configured connection";
    case StatusCode::kPermissionDenied:
      return "grant the agent's role pg_monitor (GRANT pg_monitor TO <role>); pga-agent --check explains";
    case StatusCode::kNotFound:
      return "a view, function or extension is missing; pga-agent --check explains what to install";
    case StatusCode::kInvalidArgument:
      return "fix the plugin's configuration";
    default:
      return "unexpected: please report it with this log line";
  }
}

}  // namespace

Status EngineImpl::ensure_output() {
  if (output_ && output_key_ == wanted_output_key_) return Status::ok();
  if (!configured_) return Status::internal("no configuration applied");
  if (config_.kafka.brokers.empty()) {
    return Status::invalid("no Kafka brokers configured (kafka.brokers, or PGA_KAFKA_BROKERS)");
  }
  if (!sequences_) {
    auto store = output::SequenceStore::open(options_.state_dir);
    if (!store) return Status::error(store.status().code(), "state_dir " + options_.state_dir + ": " + store.status().message());
    sequences_ = std::move(*store);
  }
  if (output_) {
    log::info("kafka or spool settings changed: recreating the output");
    (void)output_->flush(5000);  // what is not delivered stays in the spool and is replayed by the new output
    output_.reset();
  }
  auto open = [&](const config::KafkaConfig& kafka, const config::SpoolConfig& spool) {
    return output::Output::open(kafka, spool, hooks_.transport ? hooks_.transport() : nullptr);
  };
  auto opened = open(config_.kafka, config_.spool);
  if (!opened) {
    const Status why = opened.status();
    if (!output_key_.empty()) {  // fall back to the settings that worked
      auto previous = open(output_kafka_, output_spool_);
      if (previous) output_ = std::move(*previous);
    }
    output_retry_at_ms_ = steady_now() + kOutputRetryMs;
    return why;
  }
  output_ = std::move(*opened);
  output_key_ = wanted_output_key_;
  output_kafka_ = config_.kafka;
  output_spool_ = config_.spool;
  log::info("output ready", {{"brokers", config_.kafka.brokers}, {"spool", config_.spool.path},
                             {"pending", output_->stats()["spool"]["pending"]}});
  return Status::ok();
}

int64_t EngineImpl::wait_ms(int64_t now_ms, int64_t cap_ms) const {
  int64_t wait = cap_ms;
  for (const auto& t : tasks_) wait = std::min(wait, t->next_due_ms - now_ms);
  return std::max<int64_t>(wait, 0);
}

int EngineImpl::step(int64_t now_ms) {
  int ran = 0;
  // Earliest due first; re-scanned after each run since a run takes time and may even apply a config.
  for (;;) {
    Task* due = nullptr;
    for (const auto& t : tasks_) {
      if (t->next_due_ms <= now_ms && (due == nullptr || t->next_due_ms < due->next_due_ms)) due = t.get();
    }
    if (due == nullptr) return ran;
    std::vector<avro::Batch> out;
    bool instance_down = false;
    const Status status = collect(*due, now_ms, out, &instance_down);
    finish(*due, status, now_ms, instance_down);
    due->batches += out.size();
    for (auto& batch : out) publish(batch);
    ++ran;
    if (output_) output_->poll(0);
  }
}

plugins::CollectContext EngineImpl::context_for(Task& task, int64_t wall_us) {
  plugins::CollectContext ctx;
  ctx.instance = task.instance;
  ctx.plugin = &task.config;
  ctx.system = task.instance == nullptr ? &config_.system : nullptr;
  ctx.schemas = schemas_;
  ctx.state_dir = options_.state_dir;
  ctx.save_state = options_.save_state;
  avro::Envelope& e = ctx.envelope;
  e.server_id = task.server_id;
  e.collector_id = options_.collector_id;
  e.agent_version = options_.agent_version;
  e.host = options_.host_name;
  e.collected_at_us = wall_us;
  e.interval_ms = task.last_success_wall_us ? std::max<int64_t>(0, (wall_us - *task.last_success_wall_us) / 1000) : 0;
  if (task.instance != nullptr) {
    if (task.instance->version_num() > 0) e.pg_version_num = task.instance->version_num();
    e.in_recovery = task.instance->in_recovery();
  }
  return ctx;
}

Status EngineImpl::collect(Task& task, int64_t now_ms, std::vector<avro::Batch>& out, bool* instance_down) {
  if (task.instance != nullptr) {
    auto found = instances_.find(task.instance_name);
    if (found != instances_.end() &&
        (found->second.role_checked_ms < 0 || now_ms - found->second.role_checked_ms >= kRoleCheckEveryMs)) {
      InstanceSlot& slot = found->second;
      if (Status s = task.instance->refresh_role(); !s) {
        if (s.to_string() != slot.last_error) {
          log::warn("cannot reach PostgreSQL instance; its plugins back off",
                    {{"instance", task.instance_name}, {"error", s.to_string()}, {"hint", what_to_do(s.code())}});
          slot.last_error = s.to_string();
        }
        if (instance_down != nullptr) *instance_down = true;
        return s;
      }
      if (!slot.last_error.empty()) {
        log::info("PostgreSQL instance reachable again", {{"instance", task.instance_name}});
        slot.last_error.clear();
      }
      slot.role_checked_ms = now_ms;
    }
  }
  const int64_t wall_us = wall_now_us();
  plugins::CollectContext ctx = context_for(task, wall_us);
  Status status;
  try {  // plugins return Status; this only keeps a plugin's bug (bad_alloc, a JSON lookup) from ending the agent
    status = task.plugin->collect(ctx, out);
  } catch (const std::exception& e) {
    status = Status::internal(std::string("plugin threw: ") + e.what());
  } catch (...) {
    status = Status::internal("plugin threw a non-standard exception");
  }
  if (status) task.last_success_wall_us = wall_us;
  return status;
}

void EngineImpl::finish(Task& task, const Status& status, int64_t now_ms, bool instance_down) {
  ++task.runs;
  if (status) {
    if (!task.last_error.empty()) {
      log::info("plugin works again", {{"plugin", task.label()}, {"after_failures", task.failures}});
      task.last_error.clear();
    }
    task.backoff.reset();
    task.next_due_ms += task.interval_ms();
    if (task.next_due_ms <= now_ms) task.next_due_ms = now_ms + task.interval_ms();
    return;
  }
  ++task.failures;
  ++counters_.plugin_errors;
  const int64_t wait = task.backoff.next_ms();
  task.next_due_ms = now_ms + wait;
  const nlohmann::json fields = {{"plugin", task.label()}, {"error", status.to_string()},
                                 {"retry_in_s", wait / 1000}, {"hint", what_to_do(status.code())}};
  if (status.to_string() != task.last_error && !instance_down) {
    log::warn("plugin failed", fields);
  } else {
    log::debug("plugin failed again", fields);
  }
  task.last_error = status.to_string();
}

Status EngineImpl::run(const std::atomic<bool>& stop, int flush_timeout_ms, const std::function<void()>& tick) {
  if (Status s = ensure_output(); !s) return s;
  int64_t last_tick = steady_now();
  int64_t last_stats = last_tick;
  while (!stop.load()) {
    const int64_t now = steady_now();
    if (now - last_stats >= kStatsEveryMs) {
      last_stats = now;
      log::info("agent stats", stats());
    }
    if (now - last_tick >= 1000) {
      last_tick = now;
      if (tick) tick();
      if (output_key_ != wanted_output_key_ && now >= output_retry_at_ms_) {
        if (Status s = ensure_output(); !s) log::error("cannot apply the new kafka/spool settings", {{"error", s.message()}});
      }
    }
    step(steady_now());
    const int64_t wait = wait_ms(steady_now(), std::max<int64_t>(0, 1000 - (steady_now() - last_tick)));
    const int64_t slice = std::min<int64_t>(wait, 200);  // `stop` is checked at least five times a second
    if (output_) {
      output_->poll(static_cast<int>(slice));
    } else if (hooks_.sleep_ms) {
      hooks_.sleep_ms(slice);
    } else {
      std::this_thread::sleep_for(std::chrono::milliseconds(slice));
    }
  }
  log::info("stopping: flushing to Kafka", {{"timeout_ms", flush_timeout_ms}});
  if (!output_) return Status::ok();
  const Status flushed = output_->flush(flush_timeout_ms);
  if (!flushed) {
    log::warn("not everything reached Kafka before the stop; it stays in the spool for the next start",
              {{"detail", flushed.message()}});
  }
  log::info("agent stats", stats());
  return Status::ok();
}

}  // namespace pga::engine
