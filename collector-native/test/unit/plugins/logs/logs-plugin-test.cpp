// The logs plugin end to end without a server (settings given by hand): files in a temporary log
// directory, batches decoded back from their Avro encoding, caps, saved offsets and onboarding errors.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "avro/schema-registry.h"
#include "logs-test-util.h"
#include "plugins/logs/logs-plugin.h"
#include "plugins/plugin.h"

namespace pga::plugins::logs {
namespace {

namespace fs = std::filesystem;

const avro::SchemaRegistry& registry() {
  static const auto loaded = avro::SchemaRegistry::load_embedded();
  if (!loaded) std::abort();
  return **loaded;
}

class LogsPluginTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/pga-logs-plugin-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    settings_.data_directory = "/nonexistent";
    settings_.log_directory = dir_;
    settings_.log_destination = "stderr";
    settings_.log_filename = "postgresql-%Y-%m-%d_%H%M%S.log";
    settings_.log_line_prefix = "%m [%p] ";
    settings_.log_timezone = "UTC";
    settings_.logging_collector = true;
    config_.enabled = true;
    config_.interval_s = 10;
    config_.options = {{"start_at", "beginning"}};
  }
  void TearDown() override { fs::remove_all(dir_); }

  void copy_fixture(const std::string& fixture, const std::string& name) const {
    fs::copy_file(test::fixture_path(fixture), dir_ + "/" + name);
  }
  void append(const std::string& name, const std::string& text) const {
    std::ofstream(dir_ + "/" + name, std::ios::app) << text;
  }
  // One collection: the status, and the events of the batch (empty when none was produced).
  Status collect(LogsPlugin& plugin, nlohmann::json* events, bool save_state = true) {
    CollectContext ctx;
    ctx.save_state = save_state;
    ctx.plugin = &config_;
    ctx.schemas = &registry();
    ctx.envelope.server_id = "test:5432";
    ctx.envelope.collector_id = "test";
    ctx.envelope.collected_at_us = 1800000000000000;
    ctx.envelope.interval_ms = 10000;
    ctx.envelope.agent_version = "test";
    ctx.envelope.host = "test";
    ctx.envelope.pg_version_num = 150000;
    std::vector<avro::Batch> out;
    Status s = plugin.collect(ctx, out);
    *events = nlohmann::json::array();
    EXPECT_LE(out.size(), 1u);
    if (!out.empty()) {
      EXPECT_EQ(out[0].schema().name(), "logs.v1");
      auto j = out[0].to_json();
      EXPECT_TRUE(j) << j.status().to_string();
      if (j) *events = (*j)["events"];
    }
    return s;
  }
  void configure(LogsPlugin& p) const { p.set_server_settings(settings_); }

  std::string dir_;
  ServerLogSettings settings_;
  config::PluginConfig config_;
};

TEST_F(LogsPluginTest, Descriptor) {
  const PluginDescriptor* d = find_plugin("logs");
  ASSERT_NE(d, nullptr);
  EXPECT_STREQ(d->schema_name, "logs.v1");
  EXPECT_EQ(d->default_interval_s, 10);
  EXPECT_FALSE(d->default_enabled);
  EXPECT_EQ(d->scope, Scope::kInstance);
  std::vector<std::string> keys;
  for (const auto& o : d->options) keys.push_back(o.key);
  EXPECT_EQ(keys, (std::vector<std::string>{"path", "format", "log_line_prefix", "max_event_bytes",
                                            "redact_parameters", "start_at"}));
  EXPECT_NE(registry().find(d->schema_name), nullptr);
}

TEST_F(LogsPluginTest, StderrFileEndToEnd) {
  copy_fixture("stderr-m-p.log", "postgresql-2026-11-27_101143.log");
  LogsPlugin p;
  configure(p);
  nlohmann::json events;
  ASSERT_TRUE(collect(p, &events));
  ASSERT_EQ(events.size(), 90u);
  const auto& first = events[0];
  EXPECT_EQ(first["log_time"], 1795774303044000);
  EXPECT_EQ(first["category"], "connection");
  EXPECT_EQ(first["pid"], 14357);
  EXPECT_TRUE(first["sqlstate"].is_null());
  bool unique = false;
  for (const auto& e : events) {
    if (e["message"] == "duplicate key value violates unique constraint \"accounts_email_key\"") {
      unique = true;
      EXPECT_EQ(e["detail"], "Key (email)=(?) already exists.");
      EXPECT_EQ(e["statement"], "INSERT INTO accounts VALUES ($1, $2, $3);");
      EXPECT_EQ(e["category"], "error");
      EXPECT_EQ(e["line_count"], 3);
      EXPECT_EQ(e["truncated"], false);
    }
  }
  EXPECT_TRUE(unique);
  // every event carries exactly the fields of the committed schema
  std::ifstream avsc(fs::path(PGA_TEST_DATA_DIR).parent_path().parent_path().parent_path() / "schemas" /
                     "logs.v1.avsc");
  const auto schema = nlohmann::json::parse(avsc, nullptr, false);
  ASSERT_FALSE(schema.is_discarded());
  std::set<std::string> expected, actual;
  for (const auto& f : schema["fields"][1]["type"]["items"]["fields"]) expected.insert(f["name"].get<std::string>());
  for (const auto& [k, v] : first.items()) actual.insert(k);
  EXPECT_EQ(actual, expected);
  ASSERT_TRUE(collect(p, &events));
  EXPECT_TRUE(events.empty());  // nothing new: no batch
  append("postgresql-2026-11-27_101143.log", "2026-11-27 10:20:00.000 UTC [99] ERROR:  division by zero\n"
                                              "2026-11-27 10:20:00.000 UTC [99] STATEMENT:  SELECT 1/0\n");
  ASSERT_TRUE(collect(p, &events));
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0]["statement"], "SELECT $1/$2");
}

TEST_F(LogsPluginTest, AutoFormatPrefersJsonlog) {
  copy_fixture("stderr-m-p.log", "postgresql-2026-11-27_101143.log");
  copy_fixture("csvlog-pg15.csv", "postgresql-2026-11-27_101143.csv");
  copy_fixture("jsonlog-pg15.json", "postgresql-2026-11-27_101143.json");
  settings_.log_destination = "stderr,csvlog,jsonlog";
  LogsPlugin p;
  configure(p);
  nlohmann::json events;
  ASSERT_TRUE(collect(p, &events));
  ASSERT_EQ(events.size(), 92u);
  EXPECT_EQ(events[0]["backend_type"], "client backend");  // a field only the structured formats carry
  EXPECT_EQ(events[0]["user_name"], "postgres");
  config_.options["format"] = "csvlog";
  LogsPlugin csv;
  configure(csv);
  ASSERT_TRUE(collect(csv, &events));
  EXPECT_EQ(events.size(), 92u);
}

TEST_F(LogsPluginTest, StartAtEndIsTheDefault) {
  copy_fixture("stderr-m-p.log", "postgresql-2026-11-27_101143.log");
  config_.options = nlohmann::json::object();
  LogsPlugin p;
  configure(p);
  nlohmann::json events;
  ASSERT_TRUE(collect(p, &events));
  EXPECT_TRUE(events.empty());
}

TEST_F(LogsPluginTest, EventCapPerCollectionDefersTheRest) {
  std::string text;
  for (size_t i = 0; i < kMaxEventsPerBatch + 50; ++i)
    text += "2026-11-27 10:20:00.000 UTC [" + std::to_string(i) + "] LOG:  checkpoint starting: time\n";
  append("postgresql-2026-11-27_102000.log", text);
  LogsPlugin p;
  configure(p);
  nlohmann::json events;
  ASSERT_TRUE(collect(p, &events));
  EXPECT_EQ(events.size(), kMaxEventsPerBatch);
  ASSERT_TRUE(collect(p, &events));
  ASSERT_EQ(events.size(), 50u);
  EXPECT_EQ(events[49]["pid"], static_cast<int>(kMaxEventsPerBatch + 49));
}

TEST_F(LogsPluginTest, MaxEventBytesCutsLongEvents) {
  std::string text = "2026-11-27 10:20:00.000 UTC [1] ERROR:  syntax error at or near \"x\"\n"
                     "2026-11-27 10:20:00.000 UTC [1] STATEMENT:  SELECT\n";
  for (int i = 0; i < 400; ++i) text += "\t  column_number_" + std::to_string(i) + ",\n";
  text += "2026-11-27 10:20:01.000 UTC [1] LOG:  next\n";
  append("postgresql-2026-11-27_102000.log", text);
  config_.options["max_event_bytes"] = 1024;
  LogsPlugin p;
  configure(p);
  nlohmann::json events;
  ASSERT_TRUE(collect(p, &events));
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0]["truncated"], true);
  EXPECT_EQ(events[0]["line_count"], 402);
  const size_t bytes = events[0]["message"].get<std::string>().size() + events[0]["statement"].get<std::string>().size();
  EXPECT_LE(bytes, 1024u);
  EXPECT_EQ(events[1]["message"], "next");
  EXPECT_EQ(events[1]["truncated"], false);
}

TEST_F(LogsPluginTest, RedactionCanBeTurnedOff) {
  copy_fixture("stderr-m-p.log", "postgresql-2026-11-27_101143.log");
  config_.options["redact_parameters"] = false;
  LogsPlugin p;
  configure(p);
  nlohmann::json events;
  ASSERT_TRUE(collect(p, &events));
  bool found = false;
  for (const auto& e : events) {
    if (e["detail"] == "Key (email)=(alice@example.com) already exists.") found = true;
  }
  EXPECT_TRUE(found);
}

TEST_F(LogsPluginTest, SavedOffsetsSurviveARestart) {
  copy_fixture("stderr-m-p.log", "postgresql-2026-11-27_101143.log");
  const std::string state = dir_ + "/../" + fs::path(dir_).filename().string() + "-state.json";
  nlohmann::json events;
  {
    LogsPlugin p;
    configure(p);
    p.set_state_file(state);
    ASSERT_TRUE(collect(p, &events));
    EXPECT_EQ(events.size(), 90u);
  }
  append("postgresql-2026-11-27_101143.log", "2026-11-27 10:20:00.000 UTC [99] LOG:  checkpoint starting: time\n");
  LogsPlugin again;
  configure(again);
  again.set_state_file(state);
  ASSERT_TRUE(collect(again, &events));
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0]["category"], "checkpoint");
  fs::remove(state);
}

TEST_F(LogsPluginTest, OnceReadsSavedOffsetsButNeverWritesThem) {
  copy_fixture("stderr-m-p.log", "postgresql-2026-11-27_101143.log");
  const std::string state = dir_ + "/../" + fs::path(dir_).filename().string() + "-once-state.json";
  nlohmann::json events;
  {
    LogsPlugin p;  // --once: save_state false
    configure(p);
    p.set_state_file(state);
    ASSERT_TRUE(collect(p, &events, /*save_state=*/false));
    EXPECT_EQ(events.size(), 90u);
    EXPECT_FALSE(fs::exists(state));
  }
  {
    LogsPlugin daemon;  // the running agent saves its offsets
    configure(daemon);
    daemon.set_state_file(state);
    ASSERT_TRUE(collect(daemon, &events));
    ASSERT_TRUE(fs::exists(state));
  }
  const auto written = fs::last_write_time(state);
  append("postgresql-2026-11-27_101143.log", "2026-11-27 10:20:00.000 UTC [99] LOG:  checkpoint starting: time\n");
  LogsPlugin once;
  configure(once);
  once.set_state_file(state);
  ASSERT_TRUE(collect(once, &events, /*save_state=*/false));
  ASSERT_EQ(events.size(), 1u);  // continued from the daemon's offsets
  EXPECT_EQ(fs::last_write_time(state), written);
  fs::remove(state);
}

TEST_F(LogsPluginTest, OnboardingErrorsSayWhatToDo) {
  copy_fixture("stderr-m-p.log", "postgresql-2026-11-27_101143.log");
  config_.options["log_line_prefix"] = "%t [%p]: ";
  LogsPlugin wrong;
  configure(wrong);
  nlohmann::json events;
  const Status s = collect(wrong, &events);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("log_line_prefix"), std::string::npos);

  settings_.logging_collector = false;
  config_.options = nlohmann::json::object();
  LogsPlugin no_collector;
  configure(no_collector);
  const Status c = collect(no_collector, &events);
  EXPECT_EQ(c.code(), StatusCode::kNotFound);
  EXPECT_NE(c.message().find("logging_collector"), std::string::npos);

  LogsPlugin no_server;  // no settings, no options
  EXPECT_EQ(collect(no_server, &events).code(), StatusCode::kInvalidArgument);

  config_.options = {{"path", dir_ + "/missing/*.json"}, {"format", "jsonlog"}};
  LogsPlugin missing;
  EXPECT_EQ(collect(missing, &events).code(), StatusCode::kNotFound);
  config_.options = {{"path", dir_}, {"format", "jsonlog"}};  // a directory without .json files
  LogsPlugin empty;
  const Status e = collect(empty, &events);
  EXPECT_EQ(e.code(), StatusCode::kNotFound);
  EXPECT_NE(e.message().find("no file matches"), std::string::npos);
}

}  // namespace
}  // namespace pga::plugins::logs
