// The statements and querytexts plugins against a real PostgreSQL (PGA_TEST_PG_DSN). Activity runs as a
// scratch role (SET ROLE from the test's own session), since the agent leaves its own role's statements out.
// Without pg_stat_statements preloaded (the machine's PG15), the plugin must say so: not_found with the fix.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "stats-live-support.h"

namespace pga::test_c {
namespace {

// A scratch role the test's session switches to, dropped (with its pg_stat_statements entries) at the end.
class ScratchRole {
 public:
  explicit ScratchRole(TestSession& s) : s_(s), name_(scratch_name("act")) {
    s_.exec("CREATE ROLE " + name_ + " NOLOGIN");
    oid_ = s_.exec("SELECT oid FROM pg_roles WHERE rolname = '" + name_ + "'");
  }
  ~ScratchRole() {
    s_.exec("RESET ROLE", true);
    s_.exec("SELECT pg_stat_statements_reset(" + oid_ + "::oid, 0, 0)", true);
    s_.exec("DROP OWNED BY " + name_, true);
    s_.exec("DROP ROLE IF EXISTS " + name_, true);
  }
  const std::string& name() const { return name_; }
  const std::string& oid() const { return oid_; }

 private:
  TestSession& s_;
  std::string name_;
  std::string oid_;
};

// Collects the statements plugin; on a server without pg_stat_statements, checks the explanation and
// returns false (the caller skips).
bool statements_available(LivePlugin& p, std::vector<nlohmann::json>* batches, std::string* why) {
  const Status st = p.collect(batches);
  if (st.code() == StatusCode::kNotFound) {
    *why = st.message();
    EXPECT_NE(st.message().find("pg_stat_statements"), std::string::npos) << st.message();
    EXPECT_NE(st.message().find("shared_preload_libraries"), std::string::npos) << st.message();
    return false;
  }
  EXPECT_TRUE(st) << st.to_string();
  return st.is_ok();
}

TEST(PgLiveStatements, IntervalDeltasOfAnotherRolesStatements) {
  PGA_REQUIRE_LIVE_PG();
  auto instance = live_instance();
  LivePlugin statements(instance.get(), "statements");
  std::vector<nlohmann::json> batches;
  std::string why;
  if (!statements_available(statements, &batches, &why)) {
    GTEST_SKIP() << "pg_stat_statements is not available there; the plugin says: " << why;
  }
  EXPECT_TRUE(batches.empty()) << "the first sample is a baseline";

  TestSession s(admin_dsn());
  ASSERT_TRUE(s.ok()) << s.error();
  ScratchRole role(s);
  s.exec("SET ROLE " + role.name());
  s.exec("CREATE TEMP TABLE agent_c_probe (a int)");
  for (int i = 0; i < 5; ++i) s.exec("SELECT count(*) FROM agent_c_probe WHERE a > " + std::to_string(i));
  s.exec("RESET ROLE");

  batches.clear();
  ASSERT_TRUE(statements.collect(&batches));
  ASSERT_EQ(batches.size(), 1u);
  const auto& b = batches[0];
  ASSERT_EQ(b["info"].size(), 1u);
  EXPECT_GT(b["info"][0]["statements_seen"].get<int64_t>(), 0);
  EXPECT_EQ(b["info"][0]["statements_sent"].get<size_t>(), b["rows"].size());
  for (const auto& r : b["rows"]) {
    EXPECT_NE(r["userid"], instance->own_role_oid().value_or(-1)) << "the agent's own role is left out";
    const int64_t plans = r["plans"].is_null() ? 0 : r["plans"].get<int64_t>();  // null: track_planning off
    EXPECT_GT(r["calls"].get<int64_t>() + plans, 0) << "only changed entries";
  }
  auto mine = rows_where(batches, "rows", "user_name", role.name());
  const auto probe = [](const nlohmann::json& r) { return r["calls"] == 5; };
  auto it = std::find_if(mine.begin(), mine.end(), probe);
  ASSERT_NE(it, mine.end()) << b["rows"].dump();
  const nlohmann::json row = *it;
  EXPECT_TRUE(row["first_seen"].get<bool>()) << "new during the interval: its totals are the delta";
  EXPECT_FALSE(row["reset"].get<bool>());
  EXPECT_EQ(row["database_name"], s.exec("SELECT current_database()"));
  EXPECT_GE(row["rows"].get<int64_t>(), 5);
  EXPECT_GT(row["total_exec_time_ms"].get<double>(), 0);
  const int version = instance->version_num();
  EXPECT_EQ(row["toplevel"].is_null(), version < 140000);
  EXPECT_EQ(row["jit_functions"].is_null(), version < 150000);
  EXPECT_EQ(row["local_blk_read_time_ms"].is_null(), version < 170000);

  s.exec("SET ROLE " + role.name());
  for (int i = 0; i < 3; ++i) s.exec("SELECT count(*) FROM agent_c_probe WHERE a > " + std::to_string(i));
  s.exec("RESET ROLE");
  batches.clear();
  ASSERT_TRUE(statements.collect(&batches));
  ASSERT_EQ(batches.size(), 1u);
  mine = rows_where(batches, "rows", "queryid", row["queryid"]);
  ASSERT_EQ(mine.size(), 1u);
  EXPECT_EQ(mine[0]["calls"], 3);
  EXPECT_FALSE(mine[0]["first_seen"].get<bool>());
  EXPECT_FALSE(mine[0]["reset"].get<bool>());
  EXPECT_EQ(batches[0]["envelope"]["server_id"], "live-test");

  // Reset the scratch role's entries only (the rest of the server is untouched), then fewer calls than
  // before: the entry is reset, its delta the count since the reset.
  s.exec("SELECT pg_stat_statements_reset(" + role.oid() + "::oid, 0, 0)");
  s.exec("SET ROLE " + role.name());
  for (int i = 0; i < 2; ++i) s.exec("SELECT count(*) FROM agent_c_probe WHERE a > " + std::to_string(i));
  s.exec("RESET ROLE");
  batches.clear();
  ASSERT_TRUE(statements.collect(&batches));
  ASSERT_EQ(batches.size(), 1u);
  mine = rows_where(batches, "rows", "queryid", row["queryid"]);
  ASSERT_EQ(mine.size(), 1u);
  EXPECT_EQ(mine[0]["calls"], 2);
  EXPECT_TRUE(mine[0]["reset"].get<bool>());
  EXPECT_FALSE(batches[0]["info"][0]["reset"].get<bool>()) << "not a reset of all pg_stat_statements";
}

TEST(PgLiveQuerytexts, TextsOfNewQueryidsTruncatedAndTheAgentsOwnLearned) {
  PGA_REQUIRE_LIVE_PG();
  auto instance = live_instance();
  LivePlugin statements(instance.get(), "statements");
  LivePlugin texts(instance.get(), "querytexts");
  texts.config().options["max_bytes"] = 256;
  std::vector<nlohmann::json> batches;
  std::string why;
  if (!statements_available(statements, &batches, &why)) {
    GTEST_SKIP() << "pg_stat_statements is not available there; the plugin says: " << why;
  }

  TestSession s(admin_dsn());
  ASSERT_TRUE(s.ok()) << s.error();
  ScratchRole role(s);
  s.exec("SET ROLE " + role.name());
  s.exec("CREATE TEMP TABLE agent_c_texts (a int)");
  std::string long_select = "SELECT a";
  for (int i = 0; i < 40; ++i) long_select += ", a AS agent_c_column_with_a_long_name_" + std::to_string(i);
  long_select += " FROM agent_c_texts";
  s.exec(long_select);
  // the agent's marker inside the statement, and leading (how pg::Connection sends it): PostgreSQL 18 drops
  // a leading comment from the stored text, so only the first is recognisable there
  s.exec("SELECT /* pga-agent */ count(a) FROM agent_c_texts");
  s.exec("/* pga-agent */ SELECT sum(a) FROM agent_c_texts");
  s.exec("RESET ROLE");

  batches.clear();
  ASSERT_TRUE(statements.collect(&batches));
  auto mine = rows_where(batches, "rows", "user_name", role.name());
  ASSERT_GE(mine.size(), 2u);

  // The baseline wanted every text of the server: a few runs may be needed within the byte budget.
  std::vector<nlohmann::json> text_batches;
  for (int run = 0; run < 20 && instance->statement_texts().wanted() > 0; ++run) {
    ASSERT_TRUE(texts.collect(&text_batches));
  }
  std::optional<int64_t> long_queryid;
  for (const auto& b : text_batches) {
    EXPECT_EQ(b["envelope"]["interval_ms"], 0);
    for (const auto& t : b["texts"]) {
      EXPECT_EQ(t["query"].get<std::string>().find("/* pga-agent */"), std::string::npos) << t["query"];
      EXPECT_LE(t["query"].get<std::string>().size(), 256u);
      if (t["query"].get<std::string>().find("agent_c_column_with_a_long_name_0") == std::string::npos) continue;
      long_queryid = t["queryid"].get<int64_t>();
      EXPECT_TRUE(t["query_truncated"].get<bool>());
      EXPECT_GT(t["query_length"].get<int64_t>(), 256);
    }
  }
  ASSERT_TRUE(long_queryid);
  // (at least: other marked statements on the server are learned too)
  const size_t expected_own = instance->version_num() >= 180000 ? 1 : 2;
  EXPECT_GE(instance->own_queryids().size(), expected_own) << "the marked statements' queryids were learned";

  // From now on the marked statement is left out of the statements rows.
  s.exec("SET ROLE " + role.name());
  s.exec("SELECT /* pga-agent */ count(a) FROM agent_c_texts");
  s.exec(long_select);
  s.exec("RESET ROLE");
  batches.clear();
  ASSERT_TRUE(statements.collect(&batches));
  mine = rows_where(batches, "rows", "user_name", role.name());
  EXPECT_EQ(rows_where(batches, "rows", "queryid", *long_queryid).size(), 1u);
  for (const auto& r : mine) EXPECT_EQ(instance->own_queryids().count(r["queryid"].get<int64_t>()), 0u) << r;
}

}  // namespace
}  // namespace pga::test_c
