// The database and settings plugins against a real PostgreSQL (PGA_TEST_PG_DSN).
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "stats-live-support.h"

namespace pga::test_c {
namespace {

TEST(PgLiveDatabase, DeltasPerCoveredDatabase) {
  PGA_REQUIRE_LIVE_PG();
  auto instance = live_instance();
  LivePlugin database(instance.get(), "database");
  std::vector<nlohmann::json> batches;
  ASSERT_TRUE(database.collect(&batches));
  EXPECT_TRUE(batches.empty()) << "the first sample is a baseline";

  {
    TestSession s(admin_dsn());
    ASSERT_TRUE(s.ok()) << s.error();
    for (int i = 0; i < 5; ++i) s.exec("SELECT count(*) FROM pg_class");
  }  // the session's statistics are flushed when it ends
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));

  ASSERT_TRUE(database.collect(&batches));
  ASSERT_EQ(batches.size(), 1u);
  const std::string dbname = TestSession(admin_dsn()).exec("SELECT current_database()");
  const auto rows = rows_where(batches, "databases", "datname", dbname);
  ASSERT_EQ(rows.size(), 1u) << batches[0].dump();
  const auto& r = rows[0];
  EXPECT_GE(r["xact_commit"].get<int64_t>(), 5);
  EXPECT_GT(r["blks_hit"].get<int64_t>(), 0);
  EXPECT_GT(r["size_bytes"].get<int64_t>(), 0);
  EXPECT_GT(r["frozen_xid_age"].get<int64_t>(), 0);
  EXPECT_GE(r["numbackends"].get<int64_t>(), 1);
  EXPECT_FALSE(r["reset"].get<bool>());
  const int version = instance->version_num();
  EXPECT_EQ(r["sessions"].is_null(), version < 140000);
  if (version >= 140000) {
    EXPECT_GE(r["sessions"].get<int64_t>(), 1);
  }
  EXPECT_EQ(r["parallel_workers_launched"].is_null(), version < 180000);
  for (const auto& d : batches[0]["databases"]) {
    EXPECT_NE(d["datname"], "template0");
    EXPECT_NE(d["datname"], "template1");
  }
}

TEST(PgLiveSettings, PublishedFirstThenOnlyWhenChanged) {
  PGA_REQUIRE_LIVE_PG();
  auto instance = live_instance();
  LivePlugin settings(instance.get(), "settings");
  std::vector<nlohmann::json> batches;
  ASSERT_TRUE(settings.collect(&batches));
  ASSERT_EQ(batches.size(), 1u);
  EXPECT_EQ(batches[0]["envelope"]["interval_ms"], 0);
  EXPECT_GT(batches[0]["settings"].size(), 200u);
  const auto work_mem = rows_where(batches, "settings", "name", "work_mem");
  ASSERT_EQ(work_mem.size(), 1u);
  EXPECT_EQ(work_mem[0]["unit"], "kB");
  EXPECT_EQ(work_mem[0]["vartype"], "integer");
  EXPECT_EQ(work_mem[0]["context"], "user");
  EXPECT_FALSE(work_mem[0]["setting"].is_null());
  EXPECT_FALSE(work_mem[0]["boot_val"].is_null());
  batches.clear();
  ASSERT_TRUE(settings.collect(&batches));
  EXPECT_TRUE(batches.empty()) << "nothing changed";
}

}  // namespace
}  // namespace pga::test_c
