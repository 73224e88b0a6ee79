// --once: every task runs, nothing is sent. Plugins that report deltas return nothing from their first
// sample (a baseline), so those run a second time after `baseline_wait_ms`; the others are shown from
// their first run (a second `settings` run, for instance, would report nothing since nothing changed).
#include <thread>

#include "engine/engine-impl.h"

namespace pga::engine {

nlohmann::json EngineImpl::collect_once(int baseline_wait_ms) {
  nlohmann::json batches = nlohmann::json::array();
  nlohmann::json errors = nlohmann::json::array();
  auto run = [&](Task& task) -> bool {  // true when the task produced a batch or failed
    std::vector<avro::Batch> out;
    const Status status = collect(task, steady_now(), out);
    if (!status) {
      errors.push_back({{"plugin", task.label()}, {"error", status.to_string()}});
      return true;
    }
    for (auto& batch : out) {
      auto json = batch.to_json();
      if (!json) {
        errors.push_back({{"plugin", task.label()}, {"error", "invalid batch: " + json.status().message()}});
        continue;
      }
      nlohmann::json entry = {{"plugin", task.label()},
                              {"schema", batch.schema().name()},
                              {"topic", config_.kafka.topic_prefix + "." + batch.schema().name()}};
      entry.update(*json);
      batches.push_back(std::move(entry));
    }
    return !out.empty();
  };
  std::vector<Task*> again;
  for (const auto& task : tasks_) {
    if (!run(*task)) again.push_back(task.get());
  }
  if (!again.empty() && baseline_wait_ms > 0) {
    if (hooks_.sleep_ms) {
      hooks_.sleep_ms(baseline_wait_ms);
    } else {
      std::this_thread::sleep_for(std::chrono::milliseconds(baseline_wait_ms));
    }
    for (Task* task : again) run(*task);
  }
  return {{"batches", batches}, {"errors", errors}};
}

}  // namespace pga::engine
