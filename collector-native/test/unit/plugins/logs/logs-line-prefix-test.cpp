// log_line_prefix matching, on lines PostgreSQL 15 wrote with each prefix (test/data/logs).
#include <gtest/gtest.h>

#include "plugins/logs/line-prefix.h"
#include "plugins/logs/log-time.h"

namespace pga::plugins::logs {
namespace {

const ZoneTable kZones;

TEST(LogsLinePrefix, MillisecondTimestampAndPid) {
  const auto p = LinePrefix::compile("%m [%p] ");
  const auto m = p.match("2026-11-27 10:11:43.044 UTC [14357] LOG:  disconnection: session time: 0:00:00.001", kZones);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->severity, "LOG");
  EXPECT_EQ(m->text, "disconnection: session time: 0:00:00.001");
  EXPECT_EQ(m->fields.pid, 14357);
  EXPECT_EQ(m->fields.time_us, 1795774303044000);
  EXPECT_FALSE(m->fields.user);
}

TEST(LogsLinePrefix, SecondsLineNumberAndSessionValues) {
  const auto p = LinePrefix::compile("%t [%p]: [%l-1] user=%u,db=%d,app=%a,client=%h ");
  const auto m = p.match(
      "2026-11-27 10:11:55 UTC [14572]: [3-1] user=postgres,db=agent_e_db,app=billing,client=[local] LOG:  "
      "duration: 0.922 ms  statement: SELECT 1",
      kZones);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->fields.time_us, 1795774315000000);
  EXPECT_EQ(m->fields.user, "postgres");
  EXPECT_EQ(m->fields.database, "agent_e_db");
  EXPECT_EQ(m->fields.application, "billing");
  EXPECT_EQ(m->text, "duration: 0.922 ms  statement: SELECT 1");
  // before authentication PostgreSQL writes [unknown]: read as null
  const auto early = p.match(
      "2026-11-27 10:11:55 UTC [14564]: [1-1] user=[unknown],db=[unknown],app=[unknown],client=127.0.0.1 LOG:  "
      "connection received: host=127.0.0.1 port=58610",
      kZones);
  ASSERT_TRUE(early);
  EXPECT_FALSE(early->fields.user);
  EXPECT_FALSE(early->fields.application);
}

TEST(LogsLinePrefix, QEndsThePrefixOfProcessesWithoutSession) {
  const auto p = LinePrefix::compile("%m [%p] %q%u@%d ");
  const auto session = p.match(
      "2026-11-27 10:12:04.099 UTC [14998] agent_e_app@agent_e_db FATAL:  password authentication failed for user "
      "\"agent_e_app\"",
      kZones);
  ASSERT_TRUE(session);
  EXPECT_EQ(session->severity, "FATAL");
  EXPECT_EQ(session->fields.user, "agent_e_app");
  EXPECT_EQ(session->fields.database, "agent_e_db");
  const auto background = p.match(
      "2026-11-27 10:12:36.134 UTC [13834] LOG:  checkpoint starting: shutdown immediate", kZones);
  ASSERT_TRUE(background);
  EXPECT_EQ(background->text, "checkpoint starting: shutdown immediate");
  EXPECT_FALSE(background->fields.user);
  EXPECT_EQ(background->fields.pid, 13834);
}

TEST(LogsLinePrefix, ValuesHoldingSeparatorsAreSplitWhereTheSeverityFollows) {
  const auto p = LinePrefix::compile("%m [%p] %q%u@%d app=%a ");
  const auto m = p.match(
      "2026-11-27 10:12:04.099 UTC [1] bob@corp@sales db app=my app@2 LOG:  duration: 1.000 ms  statement: x",
      kZones);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->fields.user, "bob");
  EXPECT_EQ(m->fields.database, "corp@sales db");
  EXPECT_EQ(m->fields.application, "my app@2");
}

TEST(LogsLinePrefix, EveryEscapeWithPadding) {
  // the fourth fixture's prefix: epoch, session id, line, session start, vxid, xid, SQLSTATE, backend type,
  // command tag, query id, remote host and port, %%, a padded user, and %q before the application
  const auto p = LinePrefix::compile("%n|%c|%l|%s|%v|%x|%e|%b|%i|%Q|%r|%%|%-10u|%q%a ");
  const auto m = p.match(
      "1795774333.085|6b09577d.3b5f|2|2026-11-27 10:12:13 UTC|3/415|0|28P01|client backend|authentication|"
      "1147616880456321454|127.0.0.1(48964)|%|agent_e_app|[unknown] FATAL:  password authentication failed for "
      "user \"agent_e_app\"",
      kZones);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->fields.time_us, 1795774333085000);
  EXPECT_EQ(m->fields.sqlstate, "28P01");
  EXPECT_EQ(m->fields.backend_type, "client backend");
  EXPECT_EQ(m->fields.query_id, 1147616880456321454);
  EXPECT_EQ(m->fields.user, "agent_e_app");
  EXPECT_FALSE(m->fields.application);
  const auto padded = p.match(
      "1795774333.118|6b09577d.3b65|2|2026-11-27 10:12:13 UTC|3/418|0|00000|client backend|SELECT|"
      "-8981348804366311331|[local]|%|postgres  |billing LOG:  duration: 0.310 ms  statement: SELECT 1",
      kZones);
  ASSERT_TRUE(padded);
  EXPECT_EQ(padded->fields.user, "postgres");
  EXPECT_EQ(padded->fields.application, "billing");
  EXPECT_EQ(padded->fields.query_id, -8981348804366311331);
  // autovacuum: empty padded user, then %q ends the prefix
  const auto worker = p.match(
      "1795774334.507|6b09577e.3b84|1|2026-11-27 10:12:14 UTC|3/455|0|00000|autovacuum worker||0||%|          "
      "|LOG:  automatic vacuum of table \"agent_e_db.public.churn\": index scans: 0",
      kZones);
  ASSERT_TRUE(worker);
  EXPECT_EQ(worker->fields.backend_type, "autovacuum worker");
  EXPECT_FALSE(worker->fields.query_id);  // %Q 0 = none
  EXPECT_FALSE(worker->fields.user);
}

TEST(LogsLinePrefix, LinesOfAnotherPrefixOrNoSeverityDoNotMatch) {
  const auto p = LinePrefix::compile("%m [%p] ");
  EXPECT_FALSE(p.match("2026-11-27 10:11:55 UTC [14572]: [3-1] LOG:  x", kZones));  // %t, not %m
  EXPECT_FALSE(p.match("2026-11-27 10:11:43.044 UTC [14357] hello world", kZones));
  EXPECT_FALSE(p.match("cp: cannot stat '/archive/0001': No such file", kZones));
  EXPECT_FALSE(p.match("", kZones));
}

TEST(LogsLinePrefix, EmptyPrefixAndUnknownEscapes) {
  const auto empty = LinePrefix::compile("");
  const auto m = empty.match("ERROR:  division by zero", kZones);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->severity, "ERROR");
  EXPECT_FALSE(m->fields.time_us);
  const auto unknown = LinePrefix::compile("%Z%p: ");  // %Z prints nothing in PostgreSQL
  const auto u = unknown.match("42: LOG:  x", kZones);
  ASSERT_TRUE(u);
  EXPECT_EQ(u->fields.pid, 42);
  EXPECT_TRUE(unknown.has_escape('p'));
  EXPECT_FALSE(unknown.has_escape('a'));
}

TEST(LogsLinePrefix, PathologicalLinesEndWithinTheStepBudget) {
  const auto p = LinePrefix::compile("%u%d%a%h%r%b ");
  const std::string line(5000, 'x');
  EXPECT_FALSE(p.match(line, kZones));
}

}  // namespace
}  // namespace pga::plugins::logs
