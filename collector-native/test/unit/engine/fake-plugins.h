#pragma once
// Plugins that exist only in the test binary, handed to the engine through EngineHooks (they are not in the
// global registry, so the agent and the other tests never see them). What they do is steered by `FakeScript`.
#include <string>
#include <vector>

#include "plugins/plugin.h"

namespace pga::engine::test_support {

struct FakeScript {
  int runs = 0;                      // collect() calls so far, all fake plugins together
  int fail_next = 0;                 // that many calls fail (retryable) before they succeed again
  bool baseline_first = false;       // the first call of each plugin object returns nothing
  bool invalid_batch = false;        // build a batch with a field the schema does not have
  std::vector<plugins::CollectContext> contexts;  // what the engine passed, in order
  static FakeScript& get() {
    static FakeScript script;
    return script;
  }
  static void reset() { get() = FakeScript(); }
};

class FakePlugin : public plugins::Plugin {
 public:
  Status collect(plugins::CollectContext& ctx, std::vector<avro::Batch>& out) override {
    FakeScript& s = FakeScript::get();
    ++s.runs;
    s.contexts.push_back(ctx);
    if (s.fail_next > 0) {
      --s.fail_next;
      return Status::unavailable("connection refused (fake)");
    }
    if (s.baseline_first && own_runs_++ == 0) return Status::ok();
    avro::Batch batch = ctx.new_batch("metrics.settings.v1");
    batch.envelope().interval_ms = 0;
    auto row = batch.add("settings");
    row.set_string("name", "run-" + std::to_string(s.runs)).set_string("context", "user");
    if (s.invalid_batch) row.set_string("no_such_field", "x");
    out.push_back(std::move(batch));
    return Status::ok();
  }

 private:
  int own_runs_ = 0;
};

inline std::unique_ptr<plugins::Plugin> create_fake() { return std::make_unique<FakePlugin>(); }

inline const plugins::PluginDescriptor kFakeHostPlugin = {
    "fake_host", "metrics.settings.v1", plugins::Scope::kHost, 30, true, "test only", {}, &create_fake};
inline const plugins::PluginDescriptor kFakeInstancePlugin = {
    "fake_instance", "metrics.settings.v1", plugins::Scope::kInstance, 60, true, "test only",
    {{"depth", plugins::OptionType::kInt, "3", 1, 10, "", "test option"}}, &create_fake};

}  // namespace pga::engine::test_support
