// csvlog: the PostgreSQL 15 fixture (26 columns), the column sets of 13 (24) and 14+ (26), quoted newlines,
// and records cut by the cap.
#include <gtest/gtest.h>

#include "logs-scenario-check.h"
#include "logs-test-util.h"
#include "plugins/logs/csvlog-parser.h"

namespace pga::plugins::logs {
namespace {

using test::parse_all;

std::vector<LogEvent> parse_csv(const std::string& text, bool process, size_t max_record = 1 << 20,
                                uint64_t* unmatched = nullptr) {
  const ZoneTable zones;
  const ParseOptions options{&zones, 65536};
  CsvlogParser parser(&options);
  test::CollectingSink sink;
  sink.process = process;
  RecordReader reader(RecordReader::Mode::kCsv, max_record);
  test::feed_text(parser, reader, text, sink, 53);
  if (unmatched) *unmatched = parser.unmatched_lines();
  return std::move(sink.events);
}

TEST(LogsCsvlog, Pg15Fixture) {
  uint64_t unmatched = 0;
  const auto events = parse_csv(test::read_fixture("csvlog-pg15.csv"), true, 1 << 20, &unmatched);
  EXPECT_EQ(unmatched, 0u);
  test::expect_scenario(events);
  const LogEvent* deadlock = test::find_event(events, "deadlock detected");
  ASSERT_NE(deadlock, nullptr);
  EXPECT_EQ(deadlock->sqlstate, "40P01");
  EXPECT_EQ(deadlock->backend_type, "client backend");
  EXPECT_EQ(deadlock->query_id, 460939310491470299);
  EXPECT_EQ(deadlock->line_count, 4);  // the quoted DETAIL spans four physical lines
  const LogEvent* multi = test::find_event(events, "AS token");
  ASSERT_NE(multi, nullptr);
  EXPECT_EQ(multi->line_count, 6);
  EXPECT_EQ(multi->pid, 14370);
}

TEST(LogsCsvlog, ColumnSetsOfEachVersion) {
  // PostgreSQL 13: 24 columns (backend_type, no leader_pid/query_id)
  const std::string pg13 =
      "2024-05-01 10:00:00.123 UTC,\"bob\",\"shop\",4242,\"10.0.0.1:5000\",6630a1b0.1092,3,\"SELECT\","
      "2024-05-01 09:59:00 UTC,3/7,0,ERROR,22012,\"division by zero\",,,,,,\"select 1/0\",,,\"psql\","
      "\"client backend\"\n";
  // PostgreSQL 14+: 26 columns (leader_pid, query_id)
  const std::string pg14 =
      "2024-05-01 10:00:01.000 UTC,\"bob\",\"shop\",4243,\"10.0.0.1:5001\",6630a1b0.1093,1,\"SELECT\","
      "2024-05-01 09:59:00 UTC,3/8,0,LOG,00000,\"duration: 1500.250 ms  statement: select * from t where "
      "name = 'x'\",,,,,,,,,\"app, with comma\",\"client backend\",,-42\n";
  const auto events = parse_csv(pg13 + pg14, true);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].sqlstate, "22012");
  EXPECT_EQ(events[0].backend_type, "client backend");
  EXPECT_FALSE(events[0].query_id);
  EXPECT_EQ(events[0].statement, "select $1/$2");
  EXPECT_EQ(events[0].log_time_us, 1714557600123000);
  EXPECT_EQ(events[1].application_name, "app, with comma");
  EXPECT_EQ(events[1].query_id, -42);
  EXPECT_DOUBLE_EQ(events[1].duration_ms.value_or(0), 1500.25);
  EXPECT_EQ(events[1].statement, "select * from t where name = $1");
  EXPECT_EQ(events[1].category, "slow_query");
}

TEST(LogsCsvlog, QuotesAndNewlinesInsideFields) {
  std::vector<std::string> fields;
  split_csv("a,\"b \"\"quoted\"\", c\",,\"multi\nline\",7", fields);
  ASSERT_EQ(fields.size(), 5u);
  EXPECT_EQ(fields[1], "b \"quoted\", c");
  EXPECT_EQ(fields[2], "");
  EXPECT_EQ(fields[3], "multi\nline");
  EXPECT_EQ(fields[4], "7");
  split_csv("", fields);
  EXPECT_EQ(fields.size(), 1u);
}

TEST(LogsCsvlog, RecordLongerThanTheCapIsCutAndTheNextOneStillParses) {
  const std::string big(5000, 'x');
  const std::string text =
      "2024-05-01 10:00:00.000 UTC,,,1,,s.1,1,,2024-05-01 10:00:00 UTC,,0,LOG,00000,\"" + big + "\nmore\",,,,,,,,,\"\"\n"
      "2024-05-01 10:00:01.000 UTC,,,2,,s.2,1,,2024-05-01 10:00:00 UTC,,0,LOG,00000,\"next\",,,,,,,,,\"\"\n";
  const auto events = parse_csv(text, false, 1000);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_TRUE(events[0].truncated);
  EXPECT_EQ(events[0].line_count, 2);
  EXPECT_LT(events[0].message.size(), 1000u);
  EXPECT_EQ(events[1].message, "next");
  EXPECT_FALSE(events[1].truncated);
}

TEST(LogsCsvlog, NonLogRecordsAreCounted) {
  uint64_t unmatched = 0;
  const auto events = parse_csv("hello,world\n\n", false, 1 << 20, &unmatched);
  EXPECT_TRUE(events.empty());
  EXPECT_EQ(unmatched, 1u);
}

}  // namespace
}  // namespace pga::plugins::logs
