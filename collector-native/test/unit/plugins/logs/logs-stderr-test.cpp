// stderr logs written by PostgreSQL 15 with four log_line_prefix values, and hand-made edge cases.
#include <gtest/gtest.h>

#include "logs-scenario-check.h"
#include "logs-test-util.h"
#include "plugins/logs/stderr-parser.h"

namespace pga::plugins::logs {
namespace {

using test::parse_all;
using test::read_fixture;

struct Parsed {
  std::vector<LogEvent> events;
  uint64_t unmatched = 0;
};

Parsed parse_stderr(const std::string& fixture, const std::string& prefix, bool process = true) {
  const ZoneTable zones;
  const ParseOptions options{&zones, 65536};
  const LinePrefix lp = LinePrefix::compile(prefix);
  StderrParser parser(&lp, &options);
  Parsed p;
  p.events = parse_all(parser, RecordReader::Mode::kLines, read_fixture(fixture), process);
  p.unmatched = parser.unmatched_lines();
  return p;
}

// The last lines of each file were written after the reload that changed log_line_prefix and before the
// rotation: they carry the next prefix and are counted as unmatched, as they would be on a real server.
TEST(LogsStderr, PrefixTimestampPid) {
  const auto p = parse_stderr("stderr-m-p.log", "%m [%p] ");
  test::expect_scenario(p.events);
  EXPECT_EQ(p.unmatched, 3u);
}

TEST(LogsStderr, PrefixSecondsLineUserDbAppClient) {
  const auto p = parse_stderr("stderr-t-p-l-user-db-app-client.log", "%t [%p]: [%l-1] user=%u,db=%d,app=%a,client=%h ");
  test::expect_scenario(p.events);
  EXPECT_EQ(p.unmatched, 4u);
  const LogEvent* unique = test::find_event(p.events, "violates unique constraint");
  ASSERT_NE(unique, nullptr);
  EXPECT_EQ(unique->user_name, "agent_e_app");
  EXPECT_EQ(unique->database_name, "agent_e_db");
  EXPECT_EQ(unique->application_name, "billing");
}

TEST(LogsStderr, PrefixWithQForBackgroundProcesses) {
  const auto p = parse_stderr("stderr-m-p-q-user-db.log", "%m [%p] %q%u@%d ");
  test::expect_scenario(p.events);
  EXPECT_EQ(p.unmatched, 5u);
  const LogEvent* checkpoint = test::find_event(p.events, "checkpoint complete:");
  ASSERT_NE(checkpoint, nullptr);
  EXPECT_FALSE(checkpoint->user_name);
  EXPECT_NE(checkpoint->message.find("wrote 348 buffers (2.1%)"), std::string::npos);  // figures kept
}

TEST(LogsStderr, PrefixWithEveryEscape) {
  const auto p = parse_stderr("stderr-all-escapes.log", "%n|%c|%l|%s|%v|%x|%e|%b|%i|%Q|%r|%%|%-10u|%q%a ");
  test::expect_scenario(p.events);
  EXPECT_EQ(p.unmatched, 3u);
  const LogEvent* deadlock = test::find_event(p.events, "deadlock detected");
  ASSERT_NE(deadlock, nullptr);
  EXPECT_EQ(deadlock->sqlstate, "40P01");
  EXPECT_EQ(deadlock->backend_type, "client backend");
  EXPECT_EQ(deadlock->query_id, 460939310491470299);
  EXPECT_EQ(deadlock->line_count, 8);  // ERROR, 4 DETAIL lines, HINT, CONTEXT, STATEMENT
}

TEST(LogsStderr, ContinuationLinesAndAttachedParts) {
  const auto p = parse_stderr("stderr-m-p.log", "%m [%p] ", false);
  const LogEvent* vacuum = test::find_event(p.events, "automatic vacuum of table \"agent_e_db.public.churn\"");
  ASSERT_NE(vacuum, nullptr);
  EXPECT_EQ(vacuum->line_count, 10);
  EXPECT_NE(vacuum->message.find("\ntuples: 10000 removed, 10000 remain"), std::string::npos);
  const LogEvent* nobody = test::find_event(p.events, "agent_e_nobody");
  ASSERT_NE(nobody, nullptr);
  EXPECT_EQ(nobody->detail,
            "Role \"agent_e_nobody\" does not exist.\nConnection matched pg_hba.conf line 4: \"host all all "
            "127.0.0.1/32 scram-sha-256\"");
  const LogEvent* wait = test::find_event(p.events, "still waiting for ShareLock");
  ASSERT_NE(wait, nullptr);
  EXPECT_EQ(wait->context, "while updating tuple (0,1) in relation \"accounts\"");
  EXPECT_EQ(wait->statement, "UPDATE accounts SET balance = balance WHERE id = 1");
}

TEST(LogsStderr, StartupAndShutdownMessages) {
  const auto start = parse_stderr("stderr-startup.log", "%m [%p] ");
  EXPECT_EQ(start.unmatched, 0u);
  ASSERT_NE(test::find_event(start.events, "database system is ready to accept connections"), nullptr);
  EXPECT_EQ(test::find_event(start.events, "starting PostgreSQL 15")->category, "other");
  const auto stop = parse_stderr("stderr-shutdown.log", "%m [%p] %q%u@%d ");
  const LogEvent* timeout = test::find_event(stop.events, "canceling statement due to statement timeout");
  ASSERT_NE(timeout, nullptr);
  EXPECT_EQ(timeout->category, "error");
  EXPECT_EQ(timeout->statement, "SELECT pg_sleep($1), $2 || $3");
  const LogEvent* killed = test::find_event(stop.events, "terminating connection due to administrator command");
  ASSERT_NE(killed, nullptr);
  EXPECT_EQ(killed->severity, "FATAL");
  EXPECT_EQ(killed->category, "error");
  EXPECT_EQ(test::find_event(stop.events, "checkpoint starting: shutdown immediate")->category, "checkpoint");
}

TEST(LogsStderr, HandWrittenEdgeCases) {
  const std::string text =
      "\tan indented line with no event before it\n"
      "2024-05-01 10:00:00.000 UTC [7] DETAIL:  a detail with no event before it\n"
      "2024-05-01 10:00:00.001 UTC [7] PANIC:  could not write to file \"pg_wal/xlogtemp.7\": No space left\n"
      "2024-05-01 10:00:00.002 UTC [8] ERROR:  42P01: relation \"t\" does not exist at character 15\n"
      "2024-05-01 10:00:00.002 UTC [8] LOCATION:  parserOpenTable, parse_relation.c:1392\n"
      "2024-05-01 10:00:00.002 UTC [8] STATEMENT:  select * from t\n"
      "2024-05-01 10:00:00.003 UTC [9] DEBUG2:  autovacuum: processing database \"x\"\n"
      "2024-05-01 10:00:00.004 UTC [9] LOG:  last line without newline";
  const ZoneTable zones;
  const ParseOptions options{&zones, 65536};
  const LinePrefix lp = LinePrefix::compile("%m [%p] ");
  StderrParser parser(&lp, &options);
  const auto events = parse_all(parser, RecordReader::Mode::kLines, text, true);
  EXPECT_EQ(parser.unmatched_lines(), 2u);
  ASSERT_EQ(events.size(), 4u);
  EXPECT_EQ(events[0].severity, "PANIC");
  EXPECT_EQ(events[0].category, "error");
  EXPECT_EQ(events[1].sqlstate, "42P01");  // log_error_verbosity = verbose
  EXPECT_EQ(events[1].message, "relation \"t\" does not exist at character ?");
  EXPECT_EQ(events[1].line_count, 3);
  EXPECT_EQ(events[2].severity, "DEBUG");
  EXPECT_EQ(events[3].message, "last line without newline");
}

}  // namespace
}  // namespace pga::plugins::logs
