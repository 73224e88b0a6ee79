#pragma once
// What the live suites of the statements, querytexts, database, tables, indexes and settings plugins share.
// They run only when PGA_TEST_PG_DSN names a PostgreSQL (the agent connects with it, as the monitoring role);
// the test's own setup and activity (roles, scratch databases, queries to measure) go through
// PGA_TEST_PG_ADMIN_DSN when set, else the same DSN — so the plugins can be tried as a pg_monitor-only role:
//   PGA_TEST_PG_DSN='host=127.0.0.1 port=5433 dbname=pga user=agent_c_mon'
//   PGA_TEST_PG_ADMIN_DSN='host=127.0.0.1 port=5433 dbname=pga user=pga'
#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "avro/batch.h"
#include "avro/schema-registry.h"
#include "config/agent-config.h"
#include "pg/instance.h"
#include "plugins/plugin.h"

namespace pga::test_c {

inline const char* live_dsn() { return std::getenv("PGA_TEST_PG_DSN"); }
inline std::string admin_dsn() {
  const char* admin = std::getenv("PGA_TEST_PG_ADMIN_DSN");
  return admin ? admin : (live_dsn() ? live_dsn() : "");
}

#define PGA_REQUIRE_LIVE_PG() \
  if (::pga::test_c::live_dsn() == nullptr) GTEST_SKIP() << "PGA_TEST_PG_DSN is not set"

// A name unique to this test process, for scratch roles, databases and tables (agent_c_ prefix).
inline std::string scratch_name(const char* what) { return std::string("agent_c_") + what + "_" + std::to_string(getpid()); }

// A plain libpq session of the test itself (read-write, no marker), for setup and activity.
class TestSession {
 public:
  explicit TestSession(const std::string& dsn, const std::optional<std::string>& dbname = std::nullopt) {
    std::vector<const char*> keys = {"dbname"};
    std::vector<const char*> values = {dsn.c_str()};
    if (dbname) {
      keys.push_back("dbname");
      values.push_back(dbname->c_str());
    }
    keys.push_back(nullptr);
    values.push_back(nullptr);
    conn_ = PQconnectdbParams(keys.data(), values.data(), 1);
  }
  ~TestSession() { PQfinish(conn_); }
  TestSession(const TestSession&) = delete;
  TestSession& operator=(const TestSession&) = delete;

  bool ok() const { return PQstatus(conn_) == CONNECTION_OK; }
  std::string error() const { return PQerrorMessage(conn_); }
  // Runs `sql`; the first column of the first row ("" when none); records a failure unless `may_fail`.
  std::string exec(const std::string& sql, bool may_fail = false) {
    PGresult* res = PQexec(conn_, sql.c_str());
    const auto st = PQresultStatus(res);
    std::string out;
    if (st == PGRES_TUPLES_OK && PQntuples(res) > 0) out = PQgetvalue(res, 0, 0);
    if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK && !may_fail) {
      ADD_FAILURE() << sql << ": " << PQresultErrorMessage(res);
    }
    PQclear(res);
    return out;
  }

 private:
  PGconn* conn_;
};

inline const avro::SchemaRegistry& live_registry() {
  static const auto loaded = avro::SchemaRegistry::load_embedded();
  if (!loaded) std::abort();
  return **loaded;
}

// One plugin of one instance built from PGA_TEST_PG_DSN, collected as the engine would.
class LivePlugin {
 public:
  LivePlugin(pg::Instance* instance, const char* name) : instance_(instance) {
    descriptor_ = plugins::find_plugin(name);
    if (descriptor_ == nullptr) std::abort();
    for (const auto& o : descriptor_->options) config_.options[o.key] = nlohmann::json::parse(o.default_json);
    config_.interval_s = descriptor_->default_interval_s;
    plugin_ = descriptor_->create();
  }
  config::PluginConfig& config() { return config_; }

  // collect() with a freshly prefilled envelope; the batches as JSON (decoded back from Avro).
  Status collect(std::vector<nlohmann::json>* batches) {
    plugins::CollectContext ctx;
    ctx.instance = instance_;
    ctx.plugin = &config_;
    ctx.schemas = &live_registry();
    const auto now = std::chrono::system_clock::now();
    ctx.envelope.server_id = instance_->server_id();
    ctx.envelope.collector_id = "test";
    ctx.envelope.collected_at_us =
        std::chrono::duration_cast<std::chrono::microseconds>(now.time_since_epoch()).count();
    ctx.envelope.interval_ms = last_ ? std::chrono::duration_cast<std::chrono::milliseconds>(now - *last_).count() : 0;
    ctx.envelope.agent_version = "test";
    ctx.envelope.host = "localhost";
    ctx.envelope.pg_version_num = instance_->version_num();
    last_ = now;
    std::vector<avro::Batch> out;
    Status st = plugin_->collect(ctx, out);
    for (const auto& b : out) {
      EXPECT_TRUE(b.status()) << b.status().to_string();
      EXPECT_EQ(b.schema().name(), descriptor_->schema_name);
      auto json = b.to_json();
      EXPECT_TRUE(json) << json.status().to_string();
      if (json && std::getenv("PGA_TEST_DUMP")) std::printf("%s\n", json->dump(1).c_str());
      if (json) batches->push_back(*json);
    }
    return st;
  }

 private:
  pg::Instance* instance_;
  const plugins::PluginDescriptor* descriptor_ = nullptr;
  config::PluginConfig config_;
  std::unique_ptr<plugins::Plugin> plugin_;
  std::optional<std::chrono::system_clock::time_point> last_;
};

inline std::unique_ptr<pg::Instance> live_instance(std::vector<std::string> include_databases = {"*"}) {
  config::InstanceConfig c;
  c.name = "live";
  c.server_id = "live-test";
  c.connection.dsn_env = "PGA_TEST_PG_DSN";
  c.include_databases = std::move(include_databases);
  return std::make_unique<pg::Instance>(std::move(c));
}

// Rows of array `array` of every batch, with `field` == `value`.
inline std::vector<nlohmann::json> rows_where(const std::vector<nlohmann::json>& batches, const char* array,
                                              const char* field, const nlohmann::json& value) {
  std::vector<nlohmann::json> out;
  for (const auto& b : batches) {
    if (!b.contains(array)) continue;
    for (const auto& r : b[array]) {
      if (r.contains(field) && r[field] == value) out.push_back(r);
    }
  }
  return out;
}

}  // namespace pga::test_c
