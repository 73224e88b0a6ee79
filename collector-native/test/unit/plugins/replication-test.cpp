// The replication plugin: its SQL per version, slot counter deltas (pure), and (PgLiveReplication) a
// scratch physical slot seen with its retained WAL on a real primary.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "live-collect.h"
#include "plugins/common/view-counters.h"
#include "plugins/replication/replication-sql.h"

namespace pga::plugins::replication {
namespace {

bool has(const std::string& sql, const char* part) { return sql.find(part) != std::string::npos; }

TEST(ReplicationSql, WorksOnPrimaryAndStandby) {
  for (int v : {130000, 150000, 180000}) {
    const std::string r = replicas_sql(v);
    // pg_current_wal_lsn() fails in recovery: it must only run on the primary branch of the CASE
    EXPECT_TRUE(has(r, "CASE WHEN pg_is_in_recovery()")) << r;
    EXPECT_TRUE(has(r, "pg_last_wal_receive_lsn()"));
    EXPECT_TRUE(has(r, "LIMIT"));
    const std::string s = slots_sql(v);
    EXPECT_TRUE(has(s, "THEN pg_last_wal_replay_lsn() ELSE pg_current_wal_lsn()")) << s;
    EXPECT_TRUE(has(receiver_sql(v), "WHERE pg_is_in_recovery()"));
  }
}

TEST(ReplicationSql, SlotColumnsFollowTheVersion) {
  const std::string s13 = slots_sql(130008);
  EXPECT_FALSE(has(s13, "pg_stat_replication_slots"));
  EXPECT_FALSE(has(s13, "conflicting"));
  EXPECT_FALSE(has(s13, "inactive_since"));
  const std::string s14 = slots_sql(140000);
  EXPECT_TRUE(has(s14, "LEFT JOIN pg_stat_replication_slots st"));
  EXPECT_TRUE(has(s14, "st.spill_bytes AS spill_bytes"));
  EXPECT_FALSE(has(s14, "conflicting"));
  EXPECT_TRUE(has(slots_sql(160000), "s.conflicting END AS conflicting"));
  EXPECT_FALSE(has(slots_sql(160000), "invalidation_reason"));
  const std::string s17 = slots_sql(170000);
  EXPECT_TRUE(has(s17, "s.invalidation_reason AS invalidation_reason"));
  EXPECT_TRUE(has(s17, "AS inactive_since"));
}

TEST(ReplicationSql, EveryOutputIsASchemaField) {
  // The select lists name schema fields (stats_reset apart): compare with the committed schema.
  auto outputs = [](const std::string& sql) {
    std::set<std::string> names;
    size_t at = 0;
    while ((at = sql.find(" AS ", at)) != std::string::npos) {
      at += 4;
      size_t end = sql.find_first_of(", )", at);
      names.insert(sql.substr(at, end - at));
    }
    return names;
  };
  auto minus = [](std::set<std::string> a, std::initializer_list<const char*> drop) {
    for (const char* d : drop) a.erase(d);
    return a;
  };
  EXPECT_EQ(minus(outputs(replicas_sql(180000)), {"lsn"}), test_d::schema_fields("metrics.replication.v1", "replicas"));
  EXPECT_EQ(minus(outputs(slots_sql(180000)), {"lsn", "stats_reset"}),
            minus(test_d::schema_fields("metrics.replication.v1", "slots"), {"reset"}));
  EXPECT_EQ(outputs(receiver_sql(180000)), test_d::schema_fields("metrics.replication.v1", "receiver"));
}

TEST(ReplicationSlots, LogicalCountersAreDeltasWithResets) {
  counters::KeyedCounters<std::string> slots;
  auto sample = [](std::optional<int64_t> spill, std::optional<std::string> reset) {
    return counters::Sample{{spill, std::nullopt, spill}, {}, std::move(reset)};
  };
  EXPECT_FALSE(slots.update("cdc", sample(1000, std::nullopt))) << "first sight: null deltas, not lifetime totals";
  slots.commit();
  auto d = slots.update("cdc", sample(1500, std::nullopt));
  ASSERT_TRUE(d);
  EXPECT_FALSE(d->reset);
  EXPECT_EQ(*d->ints[0], 500);
  EXPECT_FALSE(d->ints[1]);
  slots.commit();
  // pg_stat_reset_replication_slot(): stats_reset appears
  d = slots.update("cdc", sample(40, "2026-11-27 10:00:00+00"));
  ASSERT_TRUE(d);
  EXPECT_TRUE(d->reset);
  EXPECT_EQ(*d->ints[0], 40);
  slots.commit();
  // a physical slot has no counters: nulls, never a reset
  EXPECT_FALSE(slots.update("standby1", sample(std::nullopt, std::nullopt)));
  slots.commit();
  d = slots.update("standby1", sample(std::nullopt, std::nullopt));
  ASSERT_TRUE(d);
  EXPECT_FALSE(d->reset);
  EXPECT_FALSE(d->ints[0]);
}

}  // namespace
}  // namespace pga::plugins::replication

namespace pga::test_d {
namespace {

TEST(PgLiveReplication, PrimaryWithAScratchSlotOrStandbyReceiver) {
  PGA_D_REQUIRE_PG();
  auto instance = pg_instance();
  PluginRun run("replication", instance.get());
  std::vector<nlohmann::json> batches;
  Status st = run.collect(&batches);
  ASSERT_TRUE(st) << st.to_string();
  ASSERT_EQ(batches.size(), 1u);
  for (const auto& r : batches[0]["replicas"]) {
    EXPECT_TRUE(r["state"].is_string());
    EXPECT_TRUE(r["replay_lag_bytes"].is_number() || r["replay_lag_bytes"].is_null());
  }
  if (instance->in_recovery().value_or(false)) {
    // A standby (the admin DSN then points at its primary): its WAL receiver, and no error from the
    // primary-only WAL functions.
    EXPECT_EQ(batches[0]["envelope"]["in_recovery"], true);
    ASSERT_EQ(batches[0]["receiver"].size(), 1u);
    const auto& r = batches[0]["receiver"][0];
    EXPECT_TRUE(r["status"].is_string());
    EXPECT_TRUE(r["replay_paused"].is_boolean());
    EXPECT_TRUE(r["replay_lag_bytes"].is_number());
    GTEST_SKIP() << "standby: the scratch-slot part needs a primary";
  }
  EXPECT_TRUE(batches[0]["receiver"].empty()) << "no WAL receiver on a primary";

  // A temporary slot: dropped with the session that created it, whatever happens to the test.
  Session admin(pg_admin_dsn());
  ASSERT_TRUE(admin.ok()) << admin.error();
  const std::string slot = "agent_d_slot_" + std::to_string(admin.pid());
  if (admin.exec("SELECT 1 FROM pg_roles WHERE rolname = current_user AND (rolsuper OR rolreplication)").empty()) {
    GTEST_SKIP() << "the admin role cannot create a replication slot";
  }
  admin.exec("SELECT pg_create_physical_replication_slot('" + slot + "', true, true)");
  st = run.collect(&batches);
  ASSERT_TRUE(st) << st.to_string();
  // WAL written while the slot holds it (a real table: temporary ones are not WAL-logged)
  const std::string table = "agent_d_wal_" + std::to_string(admin.pid());
  admin.exec("CREATE TABLE " + table + " AS SELECT g FROM generate_series(1, 20000) g");
  admin.exec("DROP TABLE " + table);
  st = run.collect(&batches);
  ASSERT_TRUE(st) << st.to_string();
  ASSERT_EQ(batches.size(), 3u);
  const auto& b = batches[2];
  EXPECT_EQ(b["envelope"]["in_recovery"], false);

  const auto first = rows_where(batches[1], "slots", "slot_name", slot);
  const auto rows = rows_where(b, "slots", "slot_name", slot);
  ASSERT_EQ(rows.size(), 1u) << b["slots"].dump();
  const auto& s = rows[0];
  EXPECT_EQ(s["slot_type"], "physical");
  EXPECT_TRUE(s["temporary"].get<bool>());
  EXPECT_TRUE(s["plugin"].is_null());
  EXPECT_TRUE(s["database"].is_null());
  EXPECT_EQ(s["wal_status"], "reserved");
  ASSERT_TRUE(s["retained_wal_bytes"].is_number());
  ASSERT_EQ(first.size(), 1u);
  EXPECT_GT(s["retained_wal_bytes"].get<int64_t>(), first[0]["retained_wal_bytes"].get<int64_t>())
      << "the slot holds the WAL written in between";
  EXPECT_TRUE(s["conflicting"].is_null()) << "null for physical slots";
  EXPECT_TRUE(s["invalidation_reason"].is_null());
  EXPECT_TRUE(s["spill_bytes"].is_null());
  EXPECT_FALSE(s["reset"].get<bool>());
}


// Runs where logical decoding is possible (wal_level = logical, test_decoding installed, a superuser or
// replication admin role): e.g. a scratch cluster; skipped on the default servers (wal_level = replica).
TEST(PgLiveReplication, LogicalSlotCountersAreDeltas) {
  PGA_D_REQUIRE_PG();
  Session admin(pg_admin_dsn());
  ASSERT_TRUE(admin.ok()) << admin.error();
  if (admin.exec("SHOW wal_level") != "logical" || admin.exec("SELECT pg_is_in_recovery()") != "f" ||
      admin.exec("SELECT 1 FROM pg_roles WHERE rolname = current_user AND (rolsuper OR rolreplication)").empty()) {
    GTEST_SKIP() << "needs wal_level = logical on a primary and an admin role that may create slots";
  }
  auto instance = pg_instance();
  if (!instance->refresh_role() || instance->in_recovery().value_or(true)) {
    GTEST_SKIP() << "the agent's server is not a primary";
  }
  PluginRun run("replication", instance.get());
  const std::string slot = "agent_d_lslot_" + std::to_string(admin.pid());
  admin.exec("SELECT pg_create_logical_replication_slot('" + slot + "', 'test_decoding', true)");
  const std::string table = "agent_d_logical_" + std::to_string(admin.pid());
  admin.exec("CREATE TABLE " + table + " (g int)");

  std::vector<nlohmann::json> batches;
  ASSERT_TRUE(run.collect(&batches));
  admin.exec("INSERT INTO " + table + " SELECT generate_series(1, 1000)");
  admin.exec("SELECT count(*) FROM pg_logical_slot_get_changes('" + slot + "', NULL, NULL)");
  admin.exec("DROP TABLE " + table);
  ASSERT_TRUE(run.collect(&batches));
  ASSERT_EQ(batches.size(), 2u);

  const auto first = rows_where(batches[0], "slots", "slot_name", slot);
  ASSERT_EQ(first.size(), 1u);
  EXPECT_TRUE(first[0]["total_bytes"].is_null()) << "first sight: no delta yet";
  const auto rows = rows_where(batches[1], "slots", "slot_name", slot);
  ASSERT_EQ(rows.size(), 1u);
  const auto& s = rows[0];
  EXPECT_EQ(s["slot_type"], "logical");
  EXPECT_EQ(s["plugin"], "test_decoding");
  EXPECT_TRUE(s["database"].is_string());
  EXPECT_TRUE(s["catalog_xmin_age"].is_number());
  EXPECT_GT(s["total_bytes"].get<int64_t>(), 0) << s.dump();
  EXPECT_EQ(s["spill_bytes"].get<int64_t>(), 0);
  EXPECT_FALSE(s["reset"].get<bool>());
  if (instance->version_num() >= 160000) {
    EXPECT_EQ(s["conflicting"], false);
  }
}

}  // namespace
}  // namespace pga::test_d
