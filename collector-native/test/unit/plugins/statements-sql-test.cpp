// The statements SQL follows the installed extension's columns, whatever the server version.
#include <gtest/gtest.h>

#include "plugins/querytexts/querytexts-sql.h"
#include "plugins/statements/statements-sql.h"

namespace pga::plugins::statements {
namespace {

Extension ext_1_8() {
  Extension e;
  e.schema = "public";
  e.version = "1.8";
  e.columns = {"userid", "dbid", "queryid", "query", "plans", "total_plan_time", "calls", "total_exec_time",
               "min_exec_time", "max_exec_time", "mean_exec_time", "stddev_exec_time", "rows", "shared_blks_hit",
               "shared_blks_read", "shared_blks_dirtied", "shared_blks_written", "local_blks_hit",
               "local_blks_read", "local_blks_dirtied", "local_blks_written", "temp_blks_read",
               "temp_blks_written", "blk_read_time", "blk_write_time", "wal_records", "wal_fpi", "wal_bytes"};
  return e;
}

Extension ext_1_11() {
  Extension e = ext_1_8();
  e.version = "1.11";
  e.has_info = true;
  e.columns.erase("blk_read_time");
  e.columns.erase("blk_write_time");
  for (const char* c : {"toplevel", "shared_blk_read_time", "shared_blk_write_time", "local_blk_read_time",
                        "local_blk_write_time", "temp_blk_read_time", "temp_blk_write_time", "jit_functions",
                        "jit_generation_time", "jit_inlining_time", "jit_optimization_time", "jit_emission_time",
                        "stats_since", "minmax_stats_since"}) {
    e.columns.insert(c);
  }
  e.schema = "\"my schema\"";
  return e;
}

TEST(StatementsResolveSource, TakesTheFirstColumnTheExtensionHas) {
  const std::set<std::string> cols = {"blk_read_time", "calls"};
  EXPECT_EQ(resolve_source("shared_blk_read_time|blk_read_time", cols), "blk_read_time");
  EXPECT_EQ(resolve_source("calls", cols), "calls");
  EXPECT_EQ(resolve_source("jit_functions", cols), "");
}

TEST(StatementsPageSql, Version18Renames) {
  const std::string old_sql = page_sql(ext_1_8());
  EXPECT_NE(old_sql.find("s.blk_read_time AS shared_blk_read_time_ms"), std::string::npos);
  EXPECT_EQ(old_sql.find("jit_functions"), std::string::npos);
  EXPECT_EQ(old_sql.find("stats_since"), std::string::npos);
  EXPECT_NE(old_sql.find("ORDER BY s.dbid, s.userid, s.queryid, true LIMIT $7"), std::string::npos);
  EXPECT_NE(old_sql.find("FROM public.pg_stat_statements(false) s"), std::string::npos);

  const std::string new_sql = page_sql(ext_1_11());
  EXPECT_NE(new_sql.find("s.shared_blk_read_time AS shared_blk_read_time_ms"), std::string::npos);
  EXPECT_NE(new_sql.find("s.toplevel AS toplevel"), std::string::npos);
  EXPECT_NE(new_sql.find("s.jit_emission_time AS jit_emission_time_ms"), std::string::npos);
  EXPECT_NE(new_sql.find("AS stats_since_us"), std::string::npos);
  EXPECT_NE(new_sql.find("FROM \"my schema\".pg_stat_statements(false) s"), std::string::npos);
  EXPECT_NE(new_sql.find("ORDER BY s.dbid, s.userid, s.queryid, s.toplevel LIMIT $7"), std::string::npos);
}

TEST(StatementsInfoSql, NeedsTheInfoViewFrom19) {
  EXPECT_EQ(info_sql(ext_1_8()).find("pg_stat_statements_info"), std::string::npos);
  EXPECT_NE(info_sql(ext_1_11()).find("\"my schema\".pg_stat_statements_info"), std::string::npos);
}

TEST(QuerytextsSql, ReadsTextsForAListOfQueryids) {
  const std::string sql = querytexts::texts_sql(ext_1_11());
  EXPECT_NE(sql.find("pg_stat_statements(true)"), std::string::npos);
  EXPECT_NE(sql.find("s.queryid = ANY ($1::bigint[])"), std::string::npos);
  EXPECT_NE(sql.find("s.toplevel AS toplevel"), std::string::npos);
  EXPECT_NE(querytexts::texts_sql(ext_1_8()).find("NULL::boolean AS toplevel"), std::string::npos);
}

}  // namespace
}  // namespace pga::plugins::statements
