// The tables and indexes plugins against a real PostgreSQL (PGA_TEST_PG_DSN), on a scratch database the
// test creates (agent_c_live_<pid>) and covers alone (include_databases), dropped at the end.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "stats-live-support.h"

namespace pga::test_c {
namespace {

class ScratchDatabase {
 public:
  ScratchDatabase() : name_(scratch_name("live")) {
    TestSession admin(admin_dsn());
    ok_ = admin.ok();
    if (!ok_) return;
    admin.exec("CREATE DATABASE " + name_);
    TestSession db(admin_dsn(), name_);
    db.exec("CREATE TABLE agent_c_t (id int PRIMARY KEY, v text, n int)");
    db.exec("CREATE INDEX agent_c_t_n ON agent_c_t (n)");
    db.exec("CREATE TABLE agent_c_small (id int)");
    db.exec("INSERT INTO agent_c_t SELECT g, repeat('x', 100), g % 10 FROM generate_series(1, 1000) g");
    db.exec("ANALYZE agent_c_t");
  }
  ~ScratchDatabase() {
    if (!ok_) return;
    TestSession admin(admin_dsn());
    admin.exec("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)", true);
  }
  const std::string& name() const { return name_; }
  bool ok() const { return ok_; }

  // Some activity, flushed to the statistics when the session ends.
  void activity() const {
    {
      TestSession db(admin_dsn(), name_);
      db.exec("INSERT INTO agent_c_t SELECT g, 'y', g % 10 FROM generate_series(1001, 1010) g");
      db.exec("UPDATE agent_c_t SET n = n + 1 WHERE id <= 3");
      db.exec("SELECT count(*) FROM agent_c_t");  // a sequential scan
      db.exec("SET enable_seqscan = off");
      db.exec("SELECT v FROM agent_c_t WHERE id = 7");  // the primary key
      db.exec("SELECT count(*) FROM agent_c_t WHERE n = 3");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  }

 private:
  std::string name_;
  bool ok_ = false;
};

TEST(PgLiveTables, StatsSizesAndDeltasOfUserTables) {
  PGA_REQUIRE_LIVE_PG();
  ScratchDatabase db;
  ASSERT_TRUE(db.ok());
  std::vector<nlohmann::json> batches;
  {
    auto instance = live_instance({db.name()});
    LivePlugin tables(instance.get(), "tables");
    ASSERT_TRUE(tables.collect(&batches));
    EXPECT_TRUE(batches.empty()) << "the first sample is a baseline";
    db.activity();
    ASSERT_TRUE(tables.collect(&batches));
  }  // the agent's connections close before the database is dropped
  ASSERT_EQ(batches.size(), 1u);
  const auto t = rows_where(batches, "tables", "relname", "agent_c_t");
  ASSERT_EQ(t.size(), 1u) << batches[0].dump();
  const auto& r = t[0];
  EXPECT_EQ(r["datname"], db.name());
  EXPECT_EQ(r["schemaname"], "public");
  EXPECT_EQ(r["n_tup_ins"], 10);
  EXPECT_EQ(r["n_tup_upd"], 3);
  EXPECT_GE(r["seq_scan"].get<int64_t>(), 1);
  EXPECT_GE(r["idx_scan"].get<int64_t>(), 2);
  EXPECT_GT(r["n_live_tup"].get<int64_t>(), 0);
  EXPECT_TRUE(r["n_dead_tup"].is_number());  // pruning by the later scans may already lower it
  EXPECT_GT(r["table_size_bytes"].get<int64_t>(), 0);
  EXPECT_GT(r["indexes_size_bytes"].get<int64_t>(), 0);
  EXPECT_GE(r["total_size_bytes"].get<int64_t>(),
            r["table_size_bytes"].get<int64_t>() + r["indexes_size_bytes"].get<int64_t>());
  EXPECT_FALSE(r["toast_size_bytes"].is_null()) << "a text column has a TOAST table";
  EXPECT_FALSE(r["last_analyze"].is_null());
  EXPECT_GT(r["frozen_xid_age"].get<int64_t>(), 0);
  EXPECT_FALSE(r["reset"].get<bool>());
  const auto small = rows_where(batches, "tables", "relname", "agent_c_small");
  ASSERT_EQ(small.size(), 1u);
  EXPECT_TRUE(small[0]["idx_scan"].is_null()) << "no index";
  EXPECT_TRUE(small[0]["toast_size_bytes"].is_null()) << "no TOAST table";
}

TEST(PgLiveTables, TheCapKeepsTheLargestTables) {
  PGA_REQUIRE_LIVE_PG();
  ScratchDatabase db;
  ASSERT_TRUE(db.ok());
  {
    TestSession s(admin_dsn(), db.name());
    for (int i = 0; i < 12; ++i) s.exec("CREATE TABLE agent_c_empty_" + std::to_string(i) + " (id int)");
  }
  std::vector<nlohmann::json> batches;
  {
    auto instance = live_instance({db.name()});
    LivePlugin tables(instance.get(), "tables");
    tables.config().options["max_tables"] = 10;
    ASSERT_TRUE(tables.collect(&batches));
    ASSERT_TRUE(tables.collect(&batches));
  }
  ASSERT_EQ(batches.size(), 1u);
  EXPECT_EQ(batches[0]["tables"].size(), 10u);
  EXPECT_EQ(rows_where(batches, "tables", "relname", "agent_c_t").size(), 1u) << "the largest is kept";
}

TEST(PgLiveIndexes, StatsSizeFlagsAndDefinition) {
  PGA_REQUIRE_LIVE_PG();
  ScratchDatabase db;
  ASSERT_TRUE(db.ok());
  std::vector<nlohmann::json> batches;
  {
    auto instance = live_instance({db.name()});
    LivePlugin indexes(instance.get(), "indexes");
    ASSERT_TRUE(indexes.collect(&batches));
    EXPECT_TRUE(batches.empty()) << "the first sample is a baseline";
    db.activity();
    ASSERT_TRUE(indexes.collect(&batches));
  }
  ASSERT_EQ(batches.size(), 1u);
  const auto pk = rows_where(batches, "indexes", "indexrelname", "agent_c_t_pkey");
  ASSERT_EQ(pk.size(), 1u) << batches[0].dump();
  EXPECT_TRUE(pk[0]["is_primary"].get<bool>());
  EXPECT_TRUE(pk[0]["is_unique"].get<bool>());
  EXPECT_TRUE(pk[0]["is_valid"].get<bool>());
  EXPECT_EQ(pk[0]["relname"], "agent_c_t");
  EXPECT_EQ(pk[0]["datname"], db.name());
  EXPECT_GE(pk[0]["idx_scan"].get<int64_t>(), 1);
  EXPECT_GT(pk[0]["size_bytes"].get<int64_t>(), 0);
  EXPECT_NE(pk[0]["definition"].get<std::string>().find("CREATE UNIQUE INDEX agent_c_t_pkey"), std::string::npos);
  const auto n = rows_where(batches, "indexes", "indexrelname", "agent_c_t_n");
  ASSERT_EQ(n.size(), 1u);
  EXPECT_FALSE(n[0]["is_unique"].get<bool>());
  EXPECT_GE(n[0]["idx_scan"].get<int64_t>(), 1);
  EXPECT_EQ(n[0]["last_idx_scan"].is_null(), batches[0]["envelope"]["pg_version_num"].get<int64_t>() < 160000);
  EXPECT_FALSE(n[0]["reset"].get<bool>());
}

}  // namespace
}  // namespace pga::test_c
