#pragma once
// What the suites of the activity, replication, checkpointer and system plugins share: running one plugin
// as the engine would (a prefilled envelope, the embedded schemas) and reading its batches back as JSON
// decoded from the Avro encoding. The PgLive* suites run only when PGA_TEST_PG_DSN names a PostgreSQL; the
// agent side connects with it (it may be a pg_monitor-only role), and the tests' own setup (a lock to wait
// on, a scratch slot) goes through PGA_TEST_PG_ADMIN_DSN when set, else the same DSN.
#include <gtest/gtest.h>
#include <libpq-fe.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <set>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "avro/batch.h"
#include "avro/schema-registry.h"
#include "config/agent-config.h"
#include "pg/instance.h"
#include "plugins/plugin.h"

namespace pga::test_d {

inline const char* pg_dsn() { return std::getenv("PGA_TEST_PG_DSN"); }
inline std::string pg_admin_dsn() {
  const char* admin = std::getenv("PGA_TEST_PG_ADMIN_DSN");
  return admin ? admin : (pg_dsn() ? pg_dsn() : "");
}

#define PGA_D_REQUIRE_PG() \
  if (::pga::test_d::pg_dsn() == nullptr) GTEST_SKIP() << "PGA_TEST_PG_DSN is not set"

// A plain libpq session of the test (read-write, no marker, its own application_name).
class Session {
 public:
  explicit Session(const std::string& dsn) {
    const char* keys[] = {"dbname", "application_name", nullptr};
    const char* values[] = {dsn.c_str(), "pga-agent-test-d", nullptr};
    conn_ = PQconnectdbParams(keys, values, 1);
  }
  ~Session() { PQfinish(conn_); }
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  bool ok() const { return PQstatus(conn_) == CONNECTION_OK; }
  std::string error() const { return PQerrorMessage(conn_); }
  int pid() const { return PQbackendPID(conn_); }
  // The first column of the first row ("" when none); a failure is recorded unless `may_fail`.
  std::string exec(const std::string& sql, bool may_fail = false) {
    PGresult* res = PQexec(conn_, sql.c_str());
    const auto st = PQresultStatus(res);
    std::string out;
    if (st == PGRES_TUPLES_OK && PQntuples(res) > 0 && !PQgetisnull(res, 0, 0)) out = PQgetvalue(res, 0, 0);
    if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK && !may_fail) {
      ADD_FAILURE() << sql << ": " << PQresultErrorMessage(res);
    }
    PQclear(res);
    return out;
  }
  // Sends without waiting for the answer (a statement that will block on a lock).
  bool send(const std::string& sql) { return PQsendQuery(conn_, sql.c_str()) == 1; }

 private:
  PGconn* conn_;
};

inline const avro::SchemaRegistry& schemas() {
  static const auto loaded = avro::SchemaRegistry::load_embedded();
  if (!loaded) {
    ADD_FAILURE() << loaded.status().to_string();
    std::abort();
  }
  return **loaded;
}

inline std::unique_ptr<pg::Instance> pg_instance() {
  config::InstanceConfig c;
  c.name = "live-d";
  c.server_id = "live-d";
  c.connection.dsn_env = "PGA_TEST_PG_DSN";
  return std::make_unique<pg::Instance>(std::move(c));
}

// One plugin collected as the engine does it: options at their descriptor defaults, a fresh envelope each
// run with interval_ms = time since the previous run.
class PluginRun {
 public:
  PluginRun(const char* name, pg::Instance* instance, const config::SystemConfig* system = nullptr)
      : instance_(instance), system_(system) {
    descriptor_ = plugins::find_plugin(name);
    if (descriptor_ == nullptr) std::abort();
    for (const auto& o : descriptor_->options) config_.options[o.key] = nlohmann::json::parse(o.default_json);
    config_.interval_s = descriptor_->default_interval_s;
    plugin_ = descriptor_->create();
  }
  const plugins::PluginDescriptor& descriptor() const { return *descriptor_; }
  config::PluginConfig& config() { return config_; }

  // Appends the batches as JSON to `batches`.
  Status collect(std::vector<nlohmann::json>* batches) {
    if (instance_) {
      if (Status s = instance_->refresh_role(); !s) return s;
    }
    plugins::CollectContext ctx;
    ctx.instance = instance_;
    ctx.plugin = &config_;
    ctx.system = system_;
    ctx.schemas = &schemas();
    const auto now = std::chrono::system_clock::now();
    ctx.envelope.server_id = instance_ ? instance_->server_id() : "host-d";
    ctx.envelope.collector_id = "test-d";
    ctx.envelope.collected_at_us =
        std::chrono::duration_cast<std::chrono::microseconds>(now.time_since_epoch()).count();
    ctx.envelope.interval_ms =
        last_ ? std::chrono::duration_cast<std::chrono::milliseconds>(now - *last_).count() : 0;
    ctx.envelope.agent_version = "test";
    ctx.envelope.host = "localhost";
    if (instance_) {
      ctx.envelope.pg_version_num = instance_->version_num();
      ctx.envelope.in_recovery = instance_->in_recovery();
    }
    last_ = now;
    std::vector<avro::Batch> out;
    Status st = plugin_->collect(ctx, out);
    for (const auto& b : out) {
      EXPECT_TRUE(b.status()) << b.status().to_string();
      EXPECT_EQ(b.schema().name(), descriptor_->schema_name);
      auto json = b.to_json();
      EXPECT_TRUE(json) << json.status().to_string();
      if (json && std::getenv("PGA_TEST_DUMP")) std::cerr << json->dump(1) << "\n";  // to eyeball a batch
      if (json) batches->push_back(*json);
    }
    return st;
  }

 private:
  pg::Instance* instance_;
  const config::SystemConfig* system_;
  const plugins::PluginDescriptor* descriptor_ = nullptr;
  config::PluginConfig config_;
  std::unique_ptr<plugins::Plugin> plugin_;
  std::optional<std::chrono::system_clock::time_point> last_;
};

// The rows of `array` whose `field` equals `value`.
inline std::vector<nlohmann::json> rows_where(const nlohmann::json& batch, const char* array, const char* field,
                                              const nlohmann::json& value) {
  std::vector<nlohmann::json> out;
  if (!batch.contains(array)) return out;
  for (const auto& r : batch[array]) {
    if (r.contains(field) && r[field] == value) out.push_back(r);
  }
  return out;
}

}  // namespace pga::test_d

namespace pga::test_d {

// The field names of the row record of array `array` in schemas/<schema>.avsc (the committed contract, read
// from the repository so a test compares against the file and not against the agent's own copy).
inline std::set<std::string> schema_fields(const char* schema, const char* array) {
  const auto path = std::filesystem::path(PGA_TEST_DATA_DIR).parent_path().parent_path().parent_path() /
                    "schemas" / (std::string(schema) + ".avsc");
  std::ifstream in(path);
  std::set<std::string> out;
  if (!in) {
    ADD_FAILURE() << "cannot read " << path;
    return out;
  }
  const auto doc = nlohmann::json::parse(in, nullptr, false);
  for (const auto& f : doc["fields"]) {
    if (f["name"] != array) continue;
    for (const auto& rf : f["type"]["items"]["fields"]) out.insert(rf["name"].get<std::string>());
  }
  return out;
}

}  // namespace pga::test_d
