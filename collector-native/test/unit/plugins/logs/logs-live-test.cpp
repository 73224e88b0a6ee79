// PgLiveLogs: the logs plugin against a real PostgreSQL (PGA_TEST_PG_DSN; skipped when unset). The agent's
// side may be a pg_monitor-only role; the test's own failing statement goes through PGA_TEST_PG_ADMIN_DSN
// when set, else the same DSN. When this host cannot read the server's log files (another host,
// logging_collector off, no permission) the plugin must say so with what to do, and the reading part is
// skipped.
#include <gtest/gtest.h>
#include <libpq-fe.h>

#include <chrono>
#include <cstdlib>
#include <thread>

#include <unistd.h>

#include "avro/schema-registry.h"
#include "pg/instance.h"
#include "plugins/logs/logs-plugin.h"
#include "plugins/logs/logs-sql.h"

namespace pga::plugins::logs {
namespace {

const char* dsn() { return std::getenv("PGA_TEST_PG_DSN"); }

std::unique_ptr<pg::Instance> live_instance() {
  config::InstanceConfig c;
  c.name = "live-logs";
  c.server_id = "live-logs";
  c.connection.dsn_env = "PGA_TEST_PG_DSN";
  return std::make_unique<pg::Instance>(std::move(c));
}

// Runs `sql` in a plain session of the test (not the agent's: no marker, its own application_name).
void run_as_test(const std::string& sql) {
  const char* admin = std::getenv("PGA_TEST_PG_ADMIN_DSN");
  const std::string conninfo = admin ? admin : dsn();
  const char* keys[] = {"dbname", "application_name", nullptr};
  const char* values[] = {conninfo.c_str(), "pga-logs-live-test", nullptr};
  PGconn* conn = PQconnectdbParams(keys, values, 1);
  ASSERT_EQ(PQstatus(conn), CONNECTION_OK) << PQerrorMessage(conn);
  PQclear(PQexec(conn, sql.c_str()));
  PQfinish(conn);
}

class PgLiveLogs : public ::testing::Test {
 protected:
  void SetUp() override {
    if (dsn() == nullptr) GTEST_SKIP() << "PGA_TEST_PG_DSN is not set";
    instance_ = live_instance();
    auto reg = avro::SchemaRegistry::load_embedded();
    ASSERT_TRUE(reg) << reg.status().to_string();
    registry_ = std::move(*reg);
    config_.options = nlohmann::json::object();
  }

  Status collect(LogsPlugin& plugin, nlohmann::json* events) {
    EXPECT_TRUE(instance_->refresh_role());
    CollectContext ctx;
    ctx.instance = instance_.get();
    ctx.plugin = &config_;
    ctx.schemas = registry_.get();
    ctx.envelope.server_id = instance_->server_id();
    ctx.envelope.collector_id = "live";
    ctx.envelope.collected_at_us = std::chrono::duration_cast<std::chrono::microseconds>(
                                       std::chrono::system_clock::now().time_since_epoch())
                                       .count();
    ctx.envelope.agent_version = "test";
    ctx.envelope.host = "localhost";
    ctx.envelope.pg_version_num = instance_->version_num();
    ctx.envelope.in_recovery = instance_->in_recovery();
    std::vector<avro::Batch> out;
    Status s = plugin.collect(ctx, out);
    *events = nlohmann::json::array();
    for (const auto& b : out) {
      auto j = b.to_json();
      EXPECT_TRUE(j) << j.status().to_string();
      if (j) {
        EXPECT_EQ((*j)["envelope"]["pg_version_num"], instance_->version_num());
        for (auto& e : (*j)["events"]) events->push_back(e);
      }
    }
    return s;
  }

  std::unique_ptr<pg::Instance> instance_;
  std::unique_ptr<avro::SchemaRegistry> registry_;
  config::PluginConfig config_;
};

TEST_F(PgLiveLogs, SettingsAndZonesAreReadableByTheAgentRole) {
  auto conn = instance_->primary();
  ASSERT_TRUE(conn) << conn.status().to_string();
  auto settings = query_log_settings(**conn);
  ASSERT_TRUE(settings) << settings.status().to_string();
  EXPECT_FALSE(settings->data_directory.empty());
  EXPECT_FALSE(settings->log_destination.empty());
  EXPECT_FALSE(settings->log_filename.empty());
  EXPECT_FALSE(settings->log_timezone.empty());
  ZoneTable zones;
  ASSERT_TRUE(load_zone_table(**conn, settings->log_timezone, zones));
  EXPECT_GT(zones.size(), 50u);
}

TEST_F(PgLiveLogs, AFailingStatementArrivesClassifiedAndRedacted) {
  LogsPlugin plugin;
  nlohmann::json events;
  const Status first = collect(plugin, &events);  // start_at end: where the files are now
  if (!first) {
    ASSERT_TRUE(first.code() == StatusCode::kNotFound || first.code() == StatusCode::kPermissionDenied ||
                first.code() == StatusCode::kInvalidArgument)
        << first.to_string();
    EXPECT_TRUE(first.message().find("logging_collector") != std::string::npos ||
                first.message().find("path") != std::string::npos ||
                first.message().find("log_destination") != std::string::npos)
        << first.to_string();
    GTEST_SKIP() << "the server's logs are not readable from here: " << first.to_string();
  }
  const std::string token = "pga_logs_live_" + std::to_string(::getpid()) + "_" +
                            std::to_string(std::chrono::steady_clock::now().time_since_epoch().count());
  run_as_test("SELECT 1/0, 'secret-literal' /* " + token + " */");
  const nlohmann::json* found = nullptr;
  nlohmann::json all = nlohmann::json::array();
  for (int i = 0; i < 40 && found == nullptr; ++i) {  // the logging collector writes within milliseconds
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    const Status s = collect(plugin, &events);
    ASSERT_TRUE(s) << s.to_string();
    for (auto& e : events) all.push_back(e);
    for (const auto& e : all) {
      if (e["statement"].is_string() && e["statement"].get<std::string>().find(token) != std::string::npos)
        found = &e;
    }
  }
  ASSERT_NE(found, nullptr) << "no event with the test's statement among " << all.size();
  EXPECT_EQ((*found)["severity"], "ERROR");
  EXPECT_EQ((*found)["category"], "error");
  EXPECT_EQ((*found)["message"], "division by zero");
  EXPECT_EQ((*found)["statement"], "SELECT $1/$2, $3 /* " + token + " */");
  if (!(*found)["sqlstate"].is_null()) {
    EXPECT_EQ((*found)["sqlstate"], "22012");
  }
  for (const auto& e : all) EXPECT_EQ(e.dump().find("secret-literal"), std::string::npos) << e.dump();
}

// pg_rotate_logfile() needs a superuser: when the test's admin session is not one, no rotation happens and
// the test only checks that reading goes on.
TEST_F(PgLiveLogs, RotationByTheServerIsFollowed) {
  LogsPlugin plugin;
  nlohmann::json events;
  if (const Status first = collect(plugin, &events); !first) GTEST_SKIP() << first.to_string();
  const std::string token = "pga_logs_rotate_" + std::to_string(::getpid());
  // log file names have a one-second resolution: a rotation within the same second reuses the file
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  run_as_test("SELECT CASE WHEN rolsuper THEN pg_rotate_logfile() END FROM pg_roles WHERE rolname = current_user");
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  run_as_test("SELECT 'x'::int /* " + token + " */");
  bool found = false;
  for (int i = 0; i < 40 && !found; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    ASSERT_TRUE(collect(plugin, &events));
    for (const auto& e : events) {
      if (e["statement"].is_string() && e["statement"].get<std::string>().find(token) != std::string::npos) {
        found = true;
        EXPECT_EQ(e["message"].get<std::string>().rfind("invalid input syntax for type integer: \"?\"", 0), 0u);
      }
    }
  }
  EXPECT_TRUE(found);
}

}  // namespace
}  // namespace pga::plugins::logs
