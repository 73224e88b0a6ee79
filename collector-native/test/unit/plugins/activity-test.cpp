// The activity plugin: grouping and summary (pure), its SQL per version, and (PgLiveActivity) a real lock
// wait seen as a blocking pair.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "live-collect.h"
#include "plugins/activity/activity-sql.h"
#include "plugins/activity/session-groups.h"

namespace pga::plugins::activity {
namespace {

Session client(int pid, std::string_view state, std::optional<double> xact_age = std::nullopt,
               std::optional<double> query_age = std::nullopt, std::optional<double> change_age = std::nullopt) {
  Session s;
  s.pid = pid;
  s.datname = "shop";
  s.usename = "app";
  s.application_name = "api";
  s.backend_type = "client backend";
  s.state = state;
  s.xact_age_s = xact_age;
  s.query_age_s = query_age;
  s.state_change_age_s = change_age;
  return s;
}

Session background(int pid, std::string_view type) {
  Session s;
  s.pid = pid;
  s.backend_type = type;
  s.application_name = "";
  s.wait_event_type = "Activity";
  s.wait_event = "CheckpointerMain";
  return s;
}

TEST(ActivityGroups, LeavesOutTheAgentsOwnSessions) {
  SessionAggregator agg({100});
  agg.add(client(100, "active", 1, 1, 1));  // a pooled connection of the agent
  Session named = client(101, "idle");
  named.application_name = "pga-agent";  // another agent, or our parallel worker
  agg.add(named);
  Session marked = client(102, "active", 2, 2, 2);
  marked.application_name = "";
  marked.marked = true;  // running /* pga-agent */ SQL
  agg.add(marked);
  agg.add(client(103, "idle"));
  EXPECT_EQ(agg.summary().total, 1);
  EXPECT_EQ(agg.summary().idle, 1);
  EXPECT_EQ(agg.summary().active, 0);
  EXPECT_FALSE(agg.summary().oldest_query_age_s);
  ASSERT_EQ(agg.groups(10).size(), 1u);
}

TEST(ActivityGroups, GroupsByKeyWithTheOldestAges) {
  SessionAggregator agg({});
  agg.add(client(1, "active", 5.0, 2.0, 2.0));
  agg.add(client(2, "active", 30.0, 9.0, 9.0));
  agg.add(client(3, "idle", std::nullopt, 400.0, 400.0));  // an idle session's query is not running
  Session waiting = client(4, "active", 12.0, 12.0, 12.0);
  waiting.wait_event_type = "Lock";
  waiting.wait_event = "transactionid";
  agg.add(waiting);
  agg.add(background(5, "checkpointer"));

  const auto groups = agg.groups(100);
  ASSERT_EQ(groups.size(), 4u);
  // the largest group first
  EXPECT_EQ(groups[0].state, "active");
  EXPECT_FALSE(groups[0].wait_event_type);
  EXPECT_EQ(groups[0].count, 2);
  EXPECT_DOUBLE_EQ(*groups[0].oldest_xact_age_s, 30.0);
  EXPECT_DOUBLE_EQ(*groups[0].oldest_query_age_s, 9.0);
  for (const auto& g : groups) {
    if (g.state == "idle") {
      EXPECT_FALSE(g.oldest_query_age_s);
      EXPECT_DOUBLE_EQ(*g.oldest_state_change_age_s, 400.0);
    }
    if (g.backend_type == "checkpointer") {
      EXPECT_FALSE(g.datname);
      EXPECT_FALSE(g.state);
      EXPECT_EQ(g.wait_event, "CheckpointerMain");
    }
  }
  const Summary& s = agg.summary();
  EXPECT_EQ(s.total, 5);
  EXPECT_EQ(s.active, 3);
  EXPECT_EQ(s.idle, 1);
  EXPECT_EQ(s.waiting, 1);
  EXPECT_DOUBLE_EQ(*s.oldest_xact_age_s, 30.0);
  EXPECT_DOUBLE_EQ(*s.oldest_query_age_s, 12.0);
  EXPECT_FALSE(s.longest_idle_in_transaction_s);
}

TEST(ActivityGroups, SummaryCountsClientBackendsAndIdleInTransaction) {
  SessionAggregator agg({});
  agg.add(client(1, "idle in transaction", 50.0, 49.0, 45.0));
  agg.add(client(2, "idle in transaction (aborted)", 80.0, 70.0, 60.0));
  Session walsender = background(3, "walsender");
  walsender.state = "active";
  walsender.query_age_s = 86400.0;  // START_REPLICATION, running for a day: not a slow query
  agg.add(walsender);
  Session autovacuum = background(4, "autovacuum worker");
  autovacuum.state = "active";
  autovacuum.xact_age_s = 600.0;
  agg.add(autovacuum);
  const Summary& s = agg.summary();
  EXPECT_EQ(s.total, 4);
  EXPECT_EQ(s.active, 0);
  EXPECT_EQ(s.idle_in_transaction, 2);
  EXPECT_DOUBLE_EQ(*s.longest_idle_in_transaction_s, 60.0);
  EXPECT_DOUBLE_EQ(*s.oldest_xact_age_s, 600.0);
  EXPECT_FALSE(s.oldest_query_age_s);
}

TEST(ActivityGroups, NegativeAgesAreZero) {
  SessionAggregator agg({});
  agg.add(client(1, "active", -0.002, -0.001, -0.001));
  EXPECT_DOUBLE_EQ(*agg.summary().oldest_query_age_s, 0.0);
  EXPECT_DOUBLE_EQ(*agg.groups(10)[0].oldest_xact_age_s, 0.0);
}

TEST(ActivityGroups, CapKeepsTheLargestGroupsAndCountsTheRest) {
  SessionAggregator agg({});
  int pid = 1;
  for (int user = 0; user < 30; ++user) {
    const std::string name = "u" + std::to_string(user);
    for (int k = 0; k <= user % 5; ++k) {
      Session s = client(pid++, "idle");
      s.usename = name;  // views into `name` are copied by add()
      agg.add(s);
    }
  }
  size_t dropped = 0;
  const auto groups = agg.groups(10, &dropped);
  ASSERT_EQ(groups.size(), 10u);
  EXPECT_EQ(dropped, 20u);
  for (size_t i = 0; i < groups.size(); ++i) EXPECT_EQ(groups[i].count, i < 6 ? 5 : 4);  // six of 5, then 4s
  EXPECT_EQ(agg.summary().total, pid - 1);
}

TEST(ActivitySql, VersionDifferences) {
  const std::string s13 = sessions_sql(130010);
  EXPECT_NE(s13.find("strpos(a.query, $1) > 0"), std::string::npos);
  EXPECT_EQ(s13.find("a.query AS"), std::string::npos) << "no query text is ever selected";
  const std::string b13 = blocking_sql(130010);
  EXPECT_EQ(b13.find("query_id"), std::string::npos);
  EXPECT_EQ(b13.find("waitstart"), std::string::npos);
  const std::string b17 = blocking_sql(170000);
  EXPECT_NE(b17.find("w.query_id AS blocked_query_id"), std::string::npos);
  EXPECT_NE(b17.find("coalesce(l.waitstart, w.state_change)"), std::string::npos);
  EXPECT_NE(b17.find("pg_blocking_pids(w.pid)"), std::string::npos);
  EXPECT_NE(b17.find("wait_event_type = 'Lock'"), std::string::npos);
}

}  // namespace
}  // namespace pga::plugins::activity

namespace pga::test_d {
namespace {

TEST(PgLiveActivity, SessionsSummaryAndABlockingPair) {
  PGA_D_REQUIRE_PG();
  auto instance = pg_instance();
  PluginRun run("activity", instance.get());

  // A holds a transaction-level advisory lock and goes idle in transaction; B waits for it.
  Session holder(pg_admin_dsn());
  Session waiter(pg_admin_dsn());
  ASSERT_TRUE(holder.ok()) << holder.error();
  ASSERT_TRUE(waiter.ok()) << waiter.error();
  holder.exec("BEGIN");
  holder.exec("SELECT pg_advisory_xact_lock(774411)");
  ASSERT_TRUE(waiter.send("SELECT pg_advisory_xact_lock(774411)"));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));

  std::vector<nlohmann::json> batches;
  for (int round = 0; round < 2; ++round) {
    Status st = run.collect(&batches);
    ASSERT_TRUE(st) << st.to_string();
  }
  holder.exec("ROLLBACK");  // releases B
  ASSERT_EQ(batches.size(), 2u);
  const auto& b = batches[1];
  EXPECT_EQ(b["envelope"]["interval_ms"], 0) << "a snapshot";

  ASSERT_EQ(b["summary"].size(), 1u);
  const auto& s = b["summary"][0];
  EXPECT_GE(s["total"].get<int>(), 2);
  EXPECT_GE(s["waiting"].get<int>(), 1);
  EXPECT_GE(s["idle_in_transaction"].get<int>(), 1);
  EXPECT_GE(s["active"].get<int>(), 1);  // the waiter
  EXPECT_GT(s["max_connections"].get<int>(), 0);
  ASSERT_TRUE(s["oldest_xact_age_s"].is_number());
  ASSERT_TRUE(s["longest_idle_in_transaction_s"].is_number());

  // the agent's own sessions are left out
  for (const auto& g : b["sessions"]) {
    EXPECT_NE(g["application_name"], "pga-agent") << g.dump();
    EXPECT_GE(g["count"].get<int>(), 1);
    EXPECT_TRUE(g["backend_type"].is_string());
  }
  const auto idle_tx = rows_where(b, "sessions", "state", "idle in transaction");
  ASSERT_FALSE(idle_tx.empty()) << b["sessions"].dump();
  EXPECT_TRUE(idle_tx[0]["oldest_xact_age_s"].is_number());
  EXPECT_TRUE(rows_where(b, "sessions", "wait_event_type", "Lock").size() >= 1u);

  const auto pairs = rows_where(b, "blocking", "blocked_pid", waiter.pid());
  ASSERT_EQ(pairs.size(), 1u) << b["blocking"].dump();
  const auto& p = pairs[0];
  EXPECT_EQ(p["blocking_pid"], holder.pid());
  EXPECT_EQ(p["blocking_state"], "idle in transaction");
  EXPECT_EQ(p["lock_type"], "advisory");
  EXPECT_EQ(p["wait_event_type"], "Lock");
  EXPECT_EQ(p["wait_event"], "advisory");
  EXPECT_GE(p["wait_s"].get<double>(), 0.2);
  EXPECT_TRUE(p["blocked_usename"].is_string());
  EXPECT_TRUE(p["blocked_datname"].is_string());
  if (instance->version_num() < 140000) {
    EXPECT_TRUE(p["blocked_query_id"].is_null());
  }
}

TEST(PgLiveActivity, CapOnSessionGroups) {
  PGA_D_REQUIRE_PG();
  auto instance = pg_instance();
  PluginRun run("activity", instance.get());
  run.config().options["max_sessions"] = 1;  // below the configurable minimum, to see the cap on a small server
  std::vector<nlohmann::json> batches;
  ASSERT_TRUE(run.collect(&batches));
  ASSERT_EQ(batches.size(), 1u);
  EXPECT_EQ(batches[0]["sessions"].size(), 1u);
  EXPECT_GT(batches[0]["summary"][0]["total"].get<int>(), 1) << "the summary still counts every session";
}

}  // namespace
}  // namespace pga::test_d
