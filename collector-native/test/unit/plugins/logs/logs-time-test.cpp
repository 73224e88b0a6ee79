// Log timestamps in log_timezone, with letter or numeric zone abbreviations.
#include <gtest/gtest.h>

#include "plugins/logs/log-time.h"

namespace pga::plugins::logs {
namespace {

TEST(LogsTime, UtcWithAndWithoutMilliseconds) {
  const ZoneTable z;
  auto t = parse_log_time("2026-11-27 10:11:43.044 UTC", z);
  ASSERT_TRUE(t);
  EXPECT_EQ(t->us, 1795774303044000);
  EXPECT_TRUE(t->zone_known);
  t = parse_log_time("2026-11-27 10:11:55 GMT", z);
  ASSERT_TRUE(t);
  EXPECT_EQ(t->us, 1795774315000000);
  EXPECT_EQ(parse_log_time("1970-01-01 00:00:00.000001 UTC", z)->us, 1);
}

TEST(LogsTime, NumericAndTableAbbreviations) {
  ZoneTable z;
  // 12:00 at +03 is 09:00 UTC; at -0330 it is 15:30 UTC
  const int64_t nine = parse_log_time("2024-02-29 09:00:00 UTC", z)->us;
  EXPECT_EQ(parse_log_time("2024-02-29 12:00:00 +03", z)->us, nine);
  EXPECT_EQ(parse_log_time("2024-02-29 12:00:00 -0330", z)->us, nine + int64_t{6 * 3600 + 1800} * 1000000);
  EXPECT_EQ(parse_log_time("2024-02-29 14:30:00 +05:30", z)->us, nine);
  const auto unknown = parse_log_time("2024-02-29 10:00:00 CET", z);
  ASSERT_TRUE(unknown);
  EXPECT_FALSE(unknown->zone_known);  // read as UTC, and counted by the parser
  z.set("CET", 3600);
  z.set("CEST", 7200);
  EXPECT_EQ(parse_log_time("2024-02-29 10:00:00 CET", z)->us, nine);
  EXPECT_EQ(parse_log_time("2024-07-01 11:00:00 CEST", z)->us, parse_log_time("2024-07-01 09:00:00 UTC", z)->us);
}

TEST(LogsTime, EpochAndGarbage) {
  EXPECT_EQ(parse_epoch_time("1795774333.059"), 1795774333059000);
  EXPECT_EQ(parse_epoch_time("1795774333"), 1795774333000000);
  EXPECT_FALSE(parse_epoch_time("abc"));
  const ZoneTable z;
  EXPECT_FALSE(parse_log_time("2026-13-27 10:11:43 UTC", z));
  EXPECT_FALSE(parse_log_time("yesterday", z));
  EXPECT_EQ(days_from_civil(1970, 1, 1), 0);
  EXPECT_EQ(days_from_civil(2000, 3, 1), 11017);
}

}  // namespace
}  // namespace pga::plugins::logs
