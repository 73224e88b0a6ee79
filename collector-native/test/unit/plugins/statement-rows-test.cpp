// The statements batch rows: the info row's evictions, and a row written through the schema.
#include <gtest/gtest.h>

#include <cmath>

#include "avro/schema-registry.h"
#include "plugins/statements/statement-rows.h"

namespace pga::plugins::statements {
namespace {

TEST(StatementsInfoRow, EvictionsAreDeltasResetWithTheStatistics) {
  InfoRow info;
  set_evictions(std::nullopt, 12, false, &info);  // baseline, or before PG14
  EXPECT_FALSE(info.dealloc);
  EXPECT_FALSE(info.reset);
  set_evictions(12, 20, false, &info);
  EXPECT_EQ(info.dealloc, 8);
  EXPECT_FALSE(info.reset);
  set_evictions(20, 3, false, &info);  // went backwards: a reset
  EXPECT_EQ(info.dealloc, 3);
  EXPECT_TRUE(info.reset);
  set_evictions(20, 25, true, &info);  // stats_reset moved: everything counts since it
  EXPECT_EQ(info.dealloc, 25);
  EXPECT_TRUE(info.reset);
}

TEST(StatementsRows, ARowAndTheInfoRowEncode) {
  const auto registry = avro::SchemaRegistry::load_embedded();
  ASSERT_TRUE(registry);
  avro::Batch batch((*registry)->find("metrics.statements.v1"));
  StatementDelta d;
  d.key = StatementKey{-4242424242424242424, 5, 10, -1};  // before PG14: toplevel null
  d.values.fill(2);
  d.values[kPlans] = NAN;  // track_planning off
  d.values[kPlanTime] = NAN;
  d.values[counter_index("jit_functions")] = NAN;  // before PG15
  d.gauges = {0.5, 9, 2, NAN};
  d.first_seen = true;
  write_statement_row(batch, d, "app", "");
  InfoRow info;
  info.statements_seen = 10;
  info.statements_sent = 1;
  write_info_row(batch, info);
  ASSERT_TRUE(batch.status()) << batch.status().to_string();
  auto json = batch.to_json();
  ASSERT_TRUE(json) << json.status().to_string();
  const auto& r = (*json)["rows"][0];
  EXPECT_EQ(r["queryid"].get<int64_t>(), -4242424242424242424);
  EXPECT_TRUE(r["toplevel"].is_null());
  EXPECT_EQ(r["database_name"], "app");
  EXPECT_EQ(r["user_name"], "");
  EXPECT_EQ(r["calls"], 2);
  EXPECT_TRUE(r["plans"].is_null());
  EXPECT_TRUE(r["total_plan_time_ms"].is_null());
  EXPECT_TRUE(r["jit_functions"].is_null());
  EXPECT_EQ(r["max_exec_time_ms"], 9.0);
  EXPECT_TRUE(r["stddev_exec_time_ms"].is_null());
  EXPECT_TRUE(r["first_seen"].get<bool>());
  const auto& i = (*json)["info"][0];
  EXPECT_TRUE(i["dealloc"].is_null());
  EXPECT_EQ(i["statements_seen"], 10);
}

}  // namespace
}  // namespace pga::plugins::statements
