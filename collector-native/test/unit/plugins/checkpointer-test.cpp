// The checkpointer plugin: its SQL per PostgreSQL version, and (PgLiveCheckpointer) a baseline then deltas
// against a real server.
#include <gtest/gtest.h>

#include <chrono>
#include <set>
#include <string>
#include <thread>

#include "live-collect.h"
#include "plugins/checkpointer/checkpointer-sql.h"

namespace pga::plugins::checkpointer {
namespace {

bool has(const std::string& sql, const char* part) { return sql.find(part) != std::string::npos; }

TEST(CheckpointerSql, Pg13HasOnlyBgwriter) {
  const std::string sql = stats_sql(130012);
  EXPECT_TRUE(has(sql, "FROM pg_stat_bgwriter b"));
  EXPECT_TRUE(has(sql, "b.checkpoints_timed AS checkpoints_timed"));
  EXPECT_TRUE(has(sql, "b.buffers_backend_fsync AS buffers_backend_fsync"));
  EXPECT_FALSE(has(sql, "pg_stat_wal"));
  EXPECT_FALSE(has(sql, "pg_stat_checkpointer"));
  EXPECT_FALSE(has(sql, "wal_records"));
  EXPECT_EQ(io_sql(130012), "");
}

TEST(CheckpointerSql, Pg14To16AddPgStatWalAndPg16PgStatIo) {
  const std::string sql = stats_sql(140005);
  EXPECT_TRUE(has(sql, "CROSS JOIN pg_stat_wal w"));
  EXPECT_TRUE(has(sql, "w.wal_write_time AS wal_write_time_ms"));
  EXPECT_EQ(io_sql(150000), "");
  const std::string io = io_sql(160002);
  EXPECT_TRUE(has(io, "reads * op_bytes AS read_bytes"));
  EXPECT_TRUE(has(io, "extends * op_bytes AS extend_bytes"));
  EXPECT_TRUE(has(io, "LIMIT"));
}

TEST(CheckpointerSql, Pg17MovesCheckpointsToPgStatCheckpointer) {
  const std::string sql = stats_sql(170004);
  EXPECT_TRUE(has(sql, "CROSS JOIN pg_stat_checkpointer c"));
  EXPECT_TRUE(has(sql, "c.num_timed AS checkpoints_timed"));
  EXPECT_TRUE(has(sql, "c.buffers_written AS buffers_checkpoint"));
  EXPECT_TRUE(has(sql, "c.restartpoints_done AS restartpoints_done"));
  EXPECT_TRUE(has(sql, "c.stats_reset::text AS checkpointer_reset"));
  EXPECT_FALSE(has(sql, "buffers_backend"));
  EXPECT_FALSE(has(sql, "num_done"));
  EXPECT_TRUE(has(sql, "w.wal_sync AS wal_sync"));
}

TEST(CheckpointerSql, Pg18DropsWalWriteSyncAndHasIoBytes) {
  const std::string sql = stats_sql(180004);
  EXPECT_TRUE(has(sql, "c.num_done AS checkpoints_done"));
  EXPECT_TRUE(has(sql, "c.slru_written AS slru_written"));
  EXPECT_FALSE(has(sql, "wal_write"));
  EXPECT_FALSE(has(sql, "wal_sync"));
  const std::string io = io_sql(180004);
  EXPECT_TRUE(has(io, "read_bytes AS read_bytes"));
  EXPECT_FALSE(has(io, "op_bytes"));
}

TEST(CheckpointerSql, CountersCoverEverySchemaField) {
  // the row writer sets fields by these names: together with the keys and `reset` they are the row records
  std::set<std::string> row;
  for (const auto* f : {&checkpointer_fields(), &bgwriter_fields(), &wal_fields()}) {
    row.insert(f->ints.begin(), f->ints.end());
    row.insert(f->reals.begin(), f->reals.end());
  }
  row.insert("reset");
  EXPECT_EQ(row, test_d::schema_fields("metrics.checkpointer.v1", "checkpointer"));
  std::set<std::string> io(io_fields().ints.begin(), io_fields().ints.end());
  io.insert(io_fields().reals.begin(), io_fields().reals.end());
  io.insert({"backend_type", "object", "context", "reset"});
  EXPECT_EQ(io, test_d::schema_fields("metrics.checkpointer.v1", "io"));
}

}  // namespace
}  // namespace pga::plugins::checkpointer

namespace pga::test_d {
namespace {

TEST(PgLiveCheckpointer, BaselineThenDeltas) {
  PGA_D_REQUIRE_PG();
  auto instance = pg_instance();
  PluginRun run("checkpointer", instance.get());
  std::vector<nlohmann::json> batches;
  ASSERT_TRUE(run.collect(&batches)) << "first collect";
  EXPECT_TRUE(batches.empty()) << "the first sample is a baseline";

  {
    Session admin(pg_admin_dsn());
    ASSERT_TRUE(admin.ok()) << admin.error();
    const std::string table = "agent_d_ckpt_" + std::to_string(admin.pid());
    admin.exec("CREATE TABLE " + table + " (g int, pad text)");
    admin.exec("INSERT INTO " + table + " SELECT g, repeat('x', 100) FROM generate_series(1, 5000) g");
    admin.exec("DROP TABLE " + table);
    admin.exec("CHECKPOINT");
  }  // the session's statistics are flushed when it ends
  std::this_thread::sleep_for(std::chrono::milliseconds(1200));

  Status st = run.collect(&batches);
  ASSERT_TRUE(st) << st.to_string();
  ASSERT_EQ(batches.size(), 1u);
  const auto& b = batches[0];
  const int version = instance->version_num();
  EXPECT_GT(b["envelope"]["interval_ms"].get<int64_t>(), 0);
  ASSERT_EQ(b["checkpointer"].size(), 1u);
  const auto& r = b["checkpointer"][0];
  EXPECT_FALSE(r["reset"].get<bool>());
  EXPECT_GE(r["checkpoints_requested"].get<int64_t>(), 1) << r.dump();
  EXPECT_GE(r["buffers_alloc"].get<int64_t>(), 0);
  EXPECT_GE(r["checkpoint_write_time_ms"].get<double>(), 0.0);
  // nullability follows the version, as the schema documents
  EXPECT_EQ(r["checkpoints_done"].is_null(), version < 180000);
  EXPECT_EQ(r["slru_written"].is_null(), version < 180000);
  EXPECT_EQ(r["restartpoints_timed"].is_null(), version < 170000);
  EXPECT_EQ(r["buffers_backend"].is_null(), version >= 170000);
  EXPECT_EQ(r["buffers_backend_fsync"].is_null(), version >= 170000);
  EXPECT_EQ(r["wal_records"].is_null(), version < 140000);
  EXPECT_EQ(r["wal_write"].is_null(), version < 140000 || version >= 180000);
  EXPECT_EQ(r["wal_sync_time_ms"].is_null(), version < 140000 || version >= 180000);
  if (version >= 140000) {
    EXPECT_GT(r["wal_records"].get<int64_t>(), 0) << r.dump();
    EXPECT_GT(r["wal_bytes"].get<int64_t>(), 0);
  }
  if (version >= 180000) {
    EXPECT_GE(r["checkpoints_done"].get<int64_t>(), 1);
  }

  if (version < 160000) {
    EXPECT_TRUE(b["io"].empty());
  } else {
    EXPECT_GT(b["io"].size(), 20u);
    const auto client = rows_where(b, "io", "backend_type", "client backend");
    EXPECT_FALSE(client.empty());
    int64_t writes_or_extends = 0;
    for (const auto& row : b["io"]) {
      EXPECT_FALSE(row["reset"].get<bool>());
      if (row["extends"].is_number()) writes_or_extends += row["extends"].get<int64_t>();
      if (row["writes"].is_number()) writes_or_extends += row["writes"].get<int64_t>();
      // a byte count exactly where its operation count is (null: not possible for that combination)
      EXPECT_EQ(row["read_bytes"].is_null(), row["reads"].is_null()) << row.dump();
      EXPECT_EQ(row["write_bytes"].is_null(), row["writes"].is_null()) << row.dump();
    }
    EXPECT_GT(writes_or_extends, 0);
  }
}

}  // namespace
}  // namespace pga::test_d
