// jsonlog (PostgreSQL 15+): the fixture, escapes, and lines cut by the cap.
#include <gtest/gtest.h>

#include "logs-scenario-check.h"
#include "logs-test-util.h"
#include "plugins/logs/jsonlog-parser.h"

namespace pga::plugins::logs {
namespace {

std::vector<LogEvent> parse_json(const std::string& text, bool process, size_t max_record = 1 << 20,
                                 uint64_t* unmatched = nullptr) {
  const ZoneTable zones;
  const ParseOptions options{&zones, 65536};
  JsonlogParser parser(&options);
  test::CollectingSink sink;
  sink.process = process;
  RecordReader reader(RecordReader::Mode::kLines, max_record);
  test::feed_text(parser, reader, text, sink, 61);
  if (unmatched) *unmatched = parser.unmatched_lines();
  return std::move(sink.events);
}

TEST(LogsJsonlog, Pg15Fixture) {
  uint64_t unmatched = 0;
  const auto events = parse_json(test::read_fixture("jsonlog-pg15.json"), true, 1 << 20, &unmatched);
  EXPECT_EQ(unmatched, 0u);
  test::expect_scenario(events);
  const LogEvent* vacuum = test::find_event(events, "automatic vacuum of table");
  ASSERT_NE(vacuum, nullptr);
  EXPECT_EQ(vacuum->backend_type, "autovacuum worker");
  EXPECT_EQ(vacuum->category, "autovacuum");
  EXPECT_NE(vacuum->message.find("\ntuples: 10000 removed"), std::string::npos);
  const LogEvent* auth = test::find_event(events, "password authentication failed for user \"agent_e_app\"");
  ASSERT_NE(auth, nullptr);
  EXPECT_EQ(auth->sqlstate, "28P01");
  EXPECT_EQ(auth->user_name, "agent_e_app");
}

TEST(LogsJsonlog, EscapesAndUnicode) {
  const std::string line =
      R"({"timestamp":"2024-05-01 10:00:00.5 UTC","pid":77,"error_severity":"WARNING","message":"caf\u00e9 \"x\"\n\ud83d\ude00 tab\tend","application_name":"a\\b"})"
      "\n";
  const auto events = parse_json(line, false);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].message, "caf\xc3\xa9 \"x\"\n\xf0\x9f\x98\x80 tab\tend");
  EXPECT_EQ(events[0].application_name, "a\\b");
  EXPECT_EQ(events[0].pid, 77);
  EXPECT_EQ(events[0].log_time_us, 1714557600500000);
}

TEST(LogsJsonlog, CutLineKeepsTheFieldsBeforeTheCut) {
  const std::string big(3000, 'y');
  const std::string line = R"({"timestamp":"2024-05-01 10:00:00.000 UTC","user":"bob","pid":5,"error_severity":"ERROR","state_code":"XX000","message":")" +
                           big + R"(","statement":"select 1","backend_type":"client backend"})" + "\n" +
                           R"({"timestamp":"2024-05-01 10:00:01.000 UTC","error_severity":"LOG","message":"after"})" + "\n";
  const auto events = parse_json(line, false, 1000);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_TRUE(events[0].truncated);
  EXPECT_EQ(events[0].user_name, "bob");
  EXPECT_EQ(events[0].sqlstate, "XX000");
  EXPECT_FALSE(events[0].statement);
  EXPECT_FALSE(events[0].backend_type);
  EXPECT_GT(events[0].message.size(), 500u);
  EXPECT_EQ(events[1].message, "after");
}

TEST(LogsJsonlog, NotJsonIsCounted) {
  uint64_t unmatched = 0;
  const auto events = parse_json("plain text\n{\"no_severity\":1}\n", false, 1 << 20, &unmatched);
  EXPECT_TRUE(events.empty());
  EXPECT_EQ(unmatched, 2u);
  std::vector<FlatJsonField> fields;
  bool complete = false;
  EXPECT_TRUE(scan_flat_json(R"({"a": 1, "b" : "c" , "d":true})", fields, &complete));
  EXPECT_TRUE(complete);
  ASSERT_EQ(fields.size(), 3u);
  EXPECT_EQ(fields[0].value, "1");
  EXPECT_EQ(fields[1].value, "c");
  EXPECT_TRUE(fields[1].is_string);
  EXPECT_EQ(fields[2].value, "true");
}

}  // namespace
}  // namespace pga::plugins::logs
