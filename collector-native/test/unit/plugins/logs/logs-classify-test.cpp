// Classification of every category from PostgreSQL's own wording, own-event filtering and the byte cap.
#include <gtest/gtest.h>

#include "plugins/logs/classify.h"
#include "plugins/logs/event-processor.h"

namespace pga::plugins::logs {
namespace {

LogEvent make(const std::string& severity, const std::string& message, const char* sqlstate = nullptr) {
  LogEvent ev;
  ev.log_time_us = 1;
  ev.severity = severity;
  ev.message = message;
  if (sqlstate) ev.sqlstate = std::string(sqlstate);
  return ev;
}

std::string category_of(const std::string& severity, const std::string& message, const char* sqlstate = nullptr) {
  LogEvent ev = make(severity, message, sqlstate);
  classify(ev);
  return ev.category;
}

TEST(LogsClassify, EveryCategory) {
  EXPECT_EQ(category_of("FATAL", "password authentication failed for user \"bob\"", "28P01"), "auth_failure");
  EXPECT_EQ(category_of("FATAL", "no pg_hba.conf entry for host \"10.1.1.1\", user \"x\", database \"y\", no encryption"),
            "auth_failure");
  EXPECT_EQ(category_of("FATAL", "Peer authentication failed for user \"bob\""), "auth_failure");
  EXPECT_EQ(category_of("FATAL", "role \"ghost\" does not exist"), "auth_failure");
  EXPECT_EQ(category_of("ERROR", "deadlock detected", "40P01"), "deadlock");
  EXPECT_EQ(category_of("LOG", "process 9 avoided deadlock for AccessExclusiveLock on relation 16384 of database 5 "
                               "by rearranging queue order after 1000.123 ms"),
            "lock_wait");
  EXPECT_EQ(category_of("LOG", "process 9 still waiting for AccessExclusiveLock on relation 16384 of database 5 "
                               "after 1000.062 ms"),
            "lock_wait");
  EXPECT_EQ(category_of("LOG", "duration: 5.123 ms"), "slow_query");  // log_duration alone
  EXPECT_EQ(category_of("LOG", "restartpoint complete: wrote 10 buffers (0.1%); 0 WAL file(s) added"), "checkpoint");
  EXPECT_EQ(category_of("LOG", "checkpoints are occurring too frequently (9 seconds apart)"), "checkpoint");
  EXPECT_EQ(category_of("LOG", "automatic aggressive vacuum to prevent wraparound of table \"d.s.t\": index scans: 1"),
            "autovacuum");
  EXPECT_EQ(category_of("ERROR", "canceling autovacuum task", "57014"), "autovacuum");
  EXPECT_EQ(category_of("LOG", "temporary file: path \"base/pgsql_tmp/pgsql_tmp1.0\", size 8192"), "temp_file");
  EXPECT_EQ(category_of("LOG", "replication connection authorized: user=rep application_name=walreceiver"),
            "connection");
  EXPECT_EQ(category_of("PANIC", "could not locate a valid checkpoint record"), "error");
  EXPECT_EQ(category_of("ERROR", "permission denied for table t", "42501"), "error");
  EXPECT_EQ(category_of("WARNING", "there is no transaction in progress", "25P01"), "other");
  EXPECT_EQ(category_of("LOG", "database system is ready to accept connections"), "other");
}

TEST(LogsClassify, DurationStatementAndPlanAreSplitOut) {
  LogEvent ev = make("LOG", "duration: 1234.567 ms  execute S_1/C_2: select 1");
  classify(ev);
  EXPECT_DOUBLE_EQ(*ev.duration_ms, 1234.567);
  EXPECT_EQ(ev.statement, "select 1");
  ev = make("LOG", "statement: update t set x = 1");
  classify(ev);
  EXPECT_EQ(ev.category, "other");
  EXPECT_EQ(ev.statement, "update t set x = 1");
  EXPECT_FALSE(ev.duration_ms);
  ev = make("LOG",
            "duration: 3.000 ms  plan:\nQuery Text: select *\n  from t\n where a = 1\n"
            "Seq Scan on t  (cost=0.00..35.50 rows=10 width=4)\n  Filter: (a = 1)");
  classify(ev);
  EXPECT_EQ(ev.message, "duration: 3.000 ms  plan:");
  EXPECT_EQ(ev.statement, "select *\n  from t\n where a = 1");
  EXPECT_EQ(ev.plan, "Seq Scan on t  (cost=0.00..35.50 rows=10 width=4)\n  Filter: (a = 1)");
  std::string_view rest;
  EXPECT_FALSE(parse_duration("duration: ms", &rest));
}

TEST(LogsClassify, OwnEventsAreLeftOut) {
  LogEvent ev = make("LOG", "duration: 1.0 ms  statement: /* pga-agent */ SELECT 1");
  EXPECT_TRUE(is_own_event(ev));
  ev = make("ERROR", "permission denied for view x");
  ev.application_name = "pga-agent";
  EXPECT_FALSE(process_event(ev, ProcessOptions{}));
  ev = make("ERROR", "canceling statement due to statement timeout");
  ev.statement = "/* pga-agent */ SELECT * FROM pg_stat_statements";
  EXPECT_TRUE(is_own_event(ev));
  ev = make("LOG", "connection authorized: user=pga database=pga application_name=pga-agent");
  EXPECT_TRUE(is_own_event(ev));
  ev = make("LOG", "connection authorized: user=app database=app application_name=psql");
  EXPECT_FALSE(is_own_event(ev));
  // "connection received" comes before the application name is known: the pid of the agent's session says it
  ev = make("LOG", "connection received: host=[local]");
  ev.pid = 4242;
  ProcessOptions own;
  own.own_pids = {4242};
  EXPECT_FALSE(process_event(ev, own));
  ev.pid = 4243;
  EXPECT_TRUE(process_event(ev, own));
}

TEST(LogsClassify, ProcessingRedactsOrNotAndFillsTheTime) {
  LogEvent ev = make("ERROR", "duplicate key value violates unique constraint \"u\"", "23505");
  ev.log_time_us.reset();
  ev.detail = "Key (email)=(a@b.c) already exists.";
  ev.statement = "INSERT INTO t VALUES ('a@b.c')";
  LogEvent raw = ev;
  ProcessOptions on{true, 65536, 777, {}};
  ASSERT_TRUE(process_event(ev, on));
  EXPECT_EQ(ev.detail, "Key (email)=(?) already exists.");
  EXPECT_EQ(ev.statement, "INSERT INTO t VALUES ($1)");
  EXPECT_EQ(ev.log_time_us, 777);
  ProcessOptions off{false, 65536, 777, {}};
  ASSERT_TRUE(process_event(raw, off));
  EXPECT_EQ(raw.detail, "Key (email)=(a@b.c) already exists.");
  EXPECT_EQ(raw.statement, "INSERT INTO t VALUES ('a@b.c')");
  LogEvent dbg = make("DEBUG3", "x");
  ASSERT_TRUE(process_event(dbg, on));
  EXPECT_EQ(dbg.severity, "DEBUG");
}

TEST(LogsClassify, CapCutsThePlanFirstAndTheMessageLast) {
  LogEvent ev = make("LOG", std::string(100, 'm'));
  ev.plan = std::string(3000, 'p');
  ev.statement = std::string(500, 's');
  enforce_cap(ev, 1024);
  EXPECT_TRUE(ev.truncated);
  EXPECT_EQ(ev.text_bytes(), 1024u);
  EXPECT_EQ(ev.message.size(), 100u);
  EXPECT_EQ(ev.statement->size(), 500u);
  EXPECT_EQ(ev.plan->size(), 424u);
  // a multi-byte character is never split, and invalid bytes are replaced
  LogEvent u = make("LOG", "\xc3\xa9\xc3\xa9\xc3\xa9");
  enforce_cap(u, 4);
  EXPECT_EQ(u.message, "\xc3\xa9\xc3\xa9");
  std::string bad = "ok\xff\xc3";
  sanitize_utf8(bad);
  EXPECT_EQ(bad, "ok??");
}

}  // namespace
}  // namespace pga::plugins::logs
