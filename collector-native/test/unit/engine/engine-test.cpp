#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "avro/decode.h"
#include "core/log.h"
#include "engine/engine-impl.h"
#include "../output/fake-transport.h"
#include "../output/temp-dir.h"
#include "fake-plugins.h"

namespace pga::engine {
namespace {

using output::test_support::FakeTransport;
using output::test_support::TempDir;
using test_support::FakeScript;
using test_support::kFakeHostPlugin;
using test_support::kFakeInstancePlugin;

const avro::SchemaRegistry& registry() {
  static const auto loaded = avro::SchemaRegistry::load_embedded();
  return **loaded;
}

class EngineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    log::set_level(log::Level::kError);
    FakeScript::reset();
    config_.kafka.brokers = {"127.0.0.1:1"};
    config_.spool.path = dir_.sub("spool");
    config_.system.interval_s = 10;
    config_.agent.log_level = "error";
  }
  void TearDown() override { log::set_level(log::Level::kInfo); }

  std::unique_ptr<EngineImpl> make_engine(std::vector<const plugins::PluginDescriptor*> plugins = {&kFakeHostPlugin}) {
    EngineOptions options{"collector-1", "0.1.0-test", "db-host-1", dir_.sub("state")};
    EngineHooks hooks;
    hooks.plugins = std::move(plugins);
    hooks.transport = [this] {
      auto fake = std::make_unique<FakeTransport>();
      transport_ = fake.get();
      return fake;
    };
    hooks.steady_ms = [this] { return now_ms_; };
    hooks.wall_us = [this] { return wall_base_us_ + now_ms_ * 1000; };
    hooks.sleep_ms = [this](int64_t ms) { now_ms_ += ms; };
    hooks.seed = 7;
    auto engine = create_engine(std::move(options), &registry(), std::move(hooks));
    return std::unique_ptr<EngineImpl>(static_cast<EngineImpl*>(engine.release()));
  }

  // Advances the fake clock second by second up to `until_ms`, running what is due.
  void run_until(EngineImpl& engine, int64_t until_ms) {
    while (now_ms_ < until_ms) {
      now_ms_ += 100;
      engine.step(now_ms_);
    }
  }

  std::vector<nlohmann::json> sent_batches() {
    std::vector<nlohmann::json> out;
    for (const auto& m : transport_->sent) {
      auto decoded = avro::decode_message(registry(), m.payload);
      EXPECT_TRUE(decoded.has_value()) << decoded.status().to_string();
      if (decoded) out.push_back(*decoded);
    }
    return out;
  }

  TempDir dir_;
  config::AgentConfig config_;
  FakeTransport* transport_ = nullptr;
  int64_t now_ms_ = 1000000;
  int64_t wall_base_us_ = 1764230400000000LL;
};

TEST_F(EngineTest, RunsEachTaskAtItsIntervalAndFillsTheEnvelope) {
  auto engine = make_engine();
  ASSERT_TRUE(engine->apply(config_));
  ASSERT_TRUE(engine->ensure_output());
  ASSERT_EQ(engine->tasks().size(), 1u);
  const int64_t start = now_ms_;
  EXPECT_LE(engine->tasks()[0]->next_due_ms - start, 5000);  // the small initial offset
  run_until(*engine, start + 35000);
  EXPECT_GE(FakeScript::get().runs, 3);
  EXPECT_LE(FakeScript::get().runs, 4);

  const auto& first = FakeScript::get().contexts[0].envelope;
  EXPECT_EQ(first.server_id, "db-host-1");  // host plugins: the host name
  EXPECT_EQ(first.collector_id, "collector-1");
  EXPECT_EQ(first.agent_version, "0.1.0-test");
  EXPECT_EQ(first.host, "db-host-1");
  EXPECT_EQ(first.interval_ms, 0);
  EXPECT_FALSE(first.pg_version_num.has_value());
  EXPECT_EQ(FakeScript::get().contexts[1].envelope.interval_ms, 10000);
  EXPECT_EQ(FakeScript::get().contexts[1].envelope.collected_at_us - first.collected_at_us, 10000000);
  EXPECT_NE(FakeScript::get().contexts[0].system, nullptr);

  const auto batches = sent_batches();
  ASSERT_EQ(batches.size(), static_cast<size_t>(FakeScript::get().runs));
  for (size_t i = 0; i < batches.size(); ++i) {
    EXPECT_EQ(batches[i]["envelope"]["sequence"], static_cast<int64_t>(i + 1));
    EXPECT_EQ(transport_->sent[i].topic, "pga.metrics.settings.v1");
    EXPECT_EQ(transport_->sent[i].key, "db-host-1");
  }
  EXPECT_EQ(engine->counters().batches, batches.size());
}

TEST_F(EngineTest, AFailingPluginBacksOffAndRecovers) {
  auto engine = make_engine();
  ASSERT_TRUE(engine->apply(config_));
  ASSERT_TRUE(engine->ensure_output());
  FakeScript::get().fail_next = 3;
  Task& task = *engine->tasks()[0];
  now_ms_ = task.next_due_ms;
  engine->step(now_ms_);
  EXPECT_EQ(task.failures, 1u);
  const int64_t wait1 = task.next_due_ms - now_ms_;
  EXPECT_GE(wait1, 2500);
  EXPECT_LE(wait1, 5000);
  EXPECT_NE(task.last_error.find("connection refused"), std::string::npos);
  now_ms_ = task.next_due_ms;
  engine->step(now_ms_);
  const int64_t wait2 = task.next_due_ms - now_ms_;
  EXPECT_GE(wait2, 5000);
  EXPECT_LE(wait2, 10000);
  now_ms_ = task.next_due_ms;
  engine->step(now_ms_);
  EXPECT_EQ(task.failures, 3u);
  now_ms_ = task.next_due_ms;
  engine->step(now_ms_);  // works again
  EXPECT_TRUE(task.last_error.empty());
  EXPECT_EQ(task.next_due_ms - now_ms_, 10000);
  EXPECT_EQ(transport_->sent.size(), 1u);
  EXPECT_EQ(engine->counters().plugin_errors, 3u);
  // interval_ms covers the time since the last *successful* run: none yet, so 0
  EXPECT_EQ(FakeScript::get().contexts.back().envelope.interval_ms, 0);
}

TEST_F(EngineTest, AnInvalidBatchIsCountedAndNeverSent) {
  auto engine = make_engine();
  ASSERT_TRUE(engine->apply(config_));
  ASSERT_TRUE(engine->ensure_output());
  FakeScript::get().invalid_batch = true;
  run_until(*engine, now_ms_ + 6000);
  EXPECT_EQ(engine->counters().invalid, 1u);
  EXPECT_TRUE(transport_->sent.empty());
}

TEST_F(EngineTest, ApplyKeepsInstancesAndPluginsWhoseConnectionDidNotChange) {
  auto engine = make_engine({&kFakeInstancePlugin, &kFakeHostPlugin});
  config::InstanceConfig a;
  a.name = "a";
  a.server_id = "srv-a";
  a.connection.host = "127.0.0.1";
  a.connection.port = 1;
  config::InstanceConfig b = a;
  b.name = "b";
  b.server_id = "srv-b";
  config_.instances = {a, b};
  ASSERT_TRUE(engine->apply(config_));
  ASSERT_EQ(engine->tasks().size(), 3u);  // fake_instance × 2 + fake_host
  pg::Instance* instance_a = engine->instance("a");
  pg::Instance* instance_b = engine->instance("b");
  auto plugin_of = [&](const std::string& instance_name) -> plugins::Plugin* {
    for (const auto& t : engine->tasks()) {
      if (t->instance_name == instance_name) return t->plugin.get();
    }
    return nullptr;
  };
  plugins::Plugin* plugin_a = plugin_of("a");
  EXPECT_EQ(engine->tasks()[0]->config.options.at("depth"), 3);  // descriptor defaults when not configured

  config_.instances[0].plugins["fake_instance"] = config::PluginConfig{true, 5, {{"depth", 4}}};
  config_.instances[1].connection.port = 2;
  ASSERT_TRUE(engine->apply(config_));
  EXPECT_EQ(engine->instance("a"), instance_a);
  EXPECT_EQ(plugin_of("a"), plugin_a);  // delta baselines kept
  EXPECT_NE(engine->instance("b"), instance_b);  // connection changed: a new instance
  for (const auto& t : engine->tasks()) {
    if (t->instance_name == "a") {
      EXPECT_EQ(t->config.interval_s, 5);
    }
  }

  config_.instances.pop_back();
  config_.instances[0].plugins["fake_instance"].enabled = false;
  config_.system.enabled = false;
  ASSERT_TRUE(engine->apply(config_));
  EXPECT_TRUE(engine->tasks().empty());
  EXPECT_EQ(engine->instance("b"), nullptr);
}

TEST_F(EngineTest, AnUnreachableInstanceFailsItsTasksWithoutRunningThePlugin) {
  auto engine = make_engine({&kFakeInstancePlugin});
  config::InstanceConfig a;
  a.name = "a";
  a.server_id = "srv-a";
  a.connection.host = "127.0.0.1";
  a.connection.port = 1;  // nothing listens there
  a.connection.connect_timeout_s = 2;
  config_.instances = {a};
  ASSERT_TRUE(engine->apply(config_));
  ASSERT_TRUE(engine->ensure_output());
  run_until(*engine, now_ms_ + 6000);
  EXPECT_EQ(FakeScript::get().runs, 0);
  EXPECT_GE(engine->counters().plugin_errors, 1u);
  EXPECT_NE(engine->tasks()[0]->last_error.find("unavailable"), std::string::npos) << engine->tasks()[0]->last_error;
}

TEST_F(EngineTest, TheOutputIsRecreatedOnlyWhenKafkaOrSpoolSettingsChange) {
  auto engine = make_engine();
  ASSERT_TRUE(engine->apply(config_));
  ASSERT_TRUE(engine->ensure_output());
  output::Output* first = engine->output();
  config_.system.interval_s = 20;
  ASSERT_TRUE(engine->apply(config_));
  ASSERT_TRUE(engine->ensure_output());
  EXPECT_EQ(engine->output(), first);
  config_.spool.path = dir_.sub("spool-2");
  ASSERT_TRUE(engine->apply(config_));
  ASSERT_TRUE(engine->ensure_output());
  EXPECT_NE(engine->output(), nullptr);
  EXPECT_TRUE(std::filesystem::exists(dir_.sub("spool-2")));
}

TEST_F(EngineTest, ABadKafkaSecretRefusesTheConfigurationAndKeepsTheOldOne) {
  auto engine = make_engine();
  ASSERT_TRUE(engine->apply(config_));
  config_.kafka.security.protocol = "sasl_plaintext";
  config_.kafka.security.sasl_mechanism = "PLAIN";
  config_.kafka.security.sasl_username = "u";
  config_.kafka.security.sasl_password_env = "PGA_TEST_NOT_SET_ANYWHERE";
  config_.system.interval_s = 99;
  EXPECT_FALSE(engine->apply(config_));
  EXPECT_EQ(engine->tasks()[0]->config.interval_s, 10);
}

TEST_F(EngineTest, SequencesContinueAfterARestart) {
  {
    auto engine = make_engine();
    ASSERT_TRUE(engine->apply(config_));
    ASSERT_TRUE(engine->ensure_output());
    run_until(*engine, now_ms_ + 16000);
  }
  const int before = FakeScript::get().runs;
  ASSERT_GE(before, 2);
  auto engine = make_engine();
  ASSERT_TRUE(engine->apply(config_));
  ASSERT_TRUE(engine->ensure_output());
  // the new output first resends what the first run left unacknowledged (the fake never acknowledged)
  EXPECT_EQ(transport_->sent.size(), static_cast<size_t>(before));
  transport_->sent.clear();
  run_until(*engine, now_ms_ + 6000);
  const auto batches = sent_batches();
  ASSERT_EQ(batches.size(), 1u);
  EXPECT_EQ(batches[0]["envelope"]["sequence"], before + 1);
}

TEST_F(EngineTest, CollectOnceRunsDeltaPluginsTwiceAndSendsNothing) {
  auto engine = make_engine({&kFakeHostPlugin, &kFakeInstancePlugin});
  FakeScript::get().baseline_first = true;
  ASSERT_TRUE(engine->apply(config_));
  const auto result = engine->collect_once(1000);
  ASSERT_EQ(result["batches"].size(), 1u) << result.dump();
  const auto& batch = result["batches"][0];
  EXPECT_EQ(batch["schema"], "metrics.settings.v1");
  EXPECT_EQ(batch["topic"], "pga.metrics.settings.v1");
  EXPECT_EQ(batch["plugin"], "fake_host");
  EXPECT_EQ(batch["settings"][0]["name"], "run-2");
  EXPECT_TRUE(result["errors"].empty());
  EXPECT_EQ(engine->output(), nullptr);  // nothing opened, nothing sent
}

TEST_F(EngineTest, RunStopsOnRequestAndKeepsUnacknowledgedBatchesInTheSpool) {
  EngineOptions options{"collector-1", "0.1.0-test", "db-host-1", dir_.sub("state")};
  EngineHooks hooks;
  hooks.plugins = {&kFakeHostPlugin};
  hooks.transport = [] { return std::make_unique<FakeTransport>(); };
  auto engine = create_engine(std::move(options), &registry(), std::move(hooks));
  config_.system.interval_s = 1;
  ASSERT_TRUE(engine->apply(config_));
  std::atomic<bool> stop{false};
  std::atomic<int> ticks{0};
  std::thread stopper([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(2600));
    stop = true;
  });
  const Status ran = engine->run(stop, 200, [&] { ++ticks; });
  stopper.join();
  EXPECT_TRUE(ran) << ran.to_string();
  EXPECT_GE(ticks.load(), 2);
  EXPECT_GE(FakeScript::get().runs, 2);
  const auto stats = engine->stats();
  EXPECT_EQ(stats["output"]["spool"]["pending"], stats["messages"]);
  EXPECT_EQ(stats["plugins"]["fake_host"]["runs"], FakeScript::get().runs);
}

}  // namespace
}  // namespace pga::engine
