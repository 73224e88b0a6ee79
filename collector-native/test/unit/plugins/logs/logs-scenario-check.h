#pragma once
// Every fixture of test/data/logs (but the startup and shutdown ones) is the same scenario logged in a
// different format or with a different log_line_prefix (test/data/logs/generate-fixtures.sh): the events
// parsed from each must classify and redact the same way.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "plugins/logs/log-event.h"

namespace pga::plugins::logs::test {

inline std::map<std::string, int> count_categories(const std::vector<LogEvent>& events) {
  std::map<std::string, int> counts;
  for (const auto& e : events) ++counts[e.category];
  return counts;
}

inline std::string all_text(const LogEvent& e) {
  std::string s = e.message;
  for (const auto* f : {&e.detail, &e.hint, &e.context, &e.statement, &e.plan}) {
    if (*f) s += "\n" + **f;
  }
  return s;
}

inline void expect_scenario(const std::vector<LogEvent>& events) {
  const auto counts = count_categories(events);
  EXPECT_EQ(counts.at("auth_failure"), 3);
  EXPECT_EQ(counts.at("deadlock"), 2);   // the LOG "detected deadlock" and the ERROR 40P01
  EXPECT_EQ(counts.at("lock_wait"), 2);  // "still waiting for" and "acquired ... after"
  EXPECT_EQ(counts.at("error"), 6);
  EXPECT_EQ(counts.at("checkpoint"), 2);
  EXPECT_EQ(counts.at("temp_file"), 1);
  EXPECT_EQ(counts.at("slow_query"), 14);  // 3 statements, 9 parse/bind/execute, 2 auto_explain plans
  EXPECT_GE(counts.at("autovacuum"), 2);
  EXPECT_GT(counts.at("connection"), 40);

  for (const auto& e : events) {
    const std::string text = all_text(e);
    // the literals of the scenario's statements and the bind parameters never leave the agent
    for (const char* secret : {"alice@example.com", "bob@example.com", "nobody@example.com", "secret-token-123",
                               "dollar quoted secret", "example\\'s", "= '1'", "= '2'"}) {
      EXPECT_EQ(text.find(secret), std::string::npos) << secret << " in: " << text;
    }
    // the agent's own statement and session are left out
    EXPECT_EQ(text.find("pga-agent"), std::string::npos) << text;
    EXPECT_GT(e.log_time_us.value_or(0), 1795774000000000);
    EXPECT_NE(e.severity.rfind("DEBUG", 0), 0u);
  }

  const LogEvent* multi = nullptr;
  for (const auto& e : events) {
    if (e.statement && e.statement->find("AS token") != std::string::npos) multi = &e;
  }
  ASSERT_NE(multi, nullptr);
  EXPECT_EQ(*multi->statement,
            "SELECT a.id,\n       $1 AS token,\n       a.balance * $2 AS doubled\n  FROM accounts a\n"
            " WHERE a.id IN ($3, $4)\n   AND a.email LIKE $5;");
  EXPECT_EQ(multi->category, "slow_query");
  EXPECT_GT(multi->duration_ms.value_or(0), 0.0);
  EXPECT_EQ(multi->application_name.value_or("billing"), "billing");

  bool unique = false, failing = false, deadlock = false, text_plan = false, json_plan = false, params = false;
  for (const auto& e : events) {
    if (e.message.find("violates unique constraint \"accounts_email_key\"") != std::string::npos) {
      unique = true;
      EXPECT_EQ(e.detail, "Key (email)=(?) already exists.");
      EXPECT_EQ(e.statement, "INSERT INTO accounts VALUES ($1, $2, $3);");
      EXPECT_EQ(e.category, "error");
    }
    if (e.detail && *e.detail == "Failing row contains (?).") failing = true;
    if (e.message == "deadlock detected") {
      deadlock = true;
      ASSERT_TRUE(e.detail);
      EXPECT_NE(e.detail->find("Process ?: UPDATE accounts SET balance = balance WHERE id = $1"), std::string::npos);
      EXPECT_EQ(e.hint, "See server log for query details.");
      EXPECT_EQ(e.severity, "ERROR");
    }
    if (e.plan && e.plan->find("Index Cond: (email = ?::text)") != std::string::npos) {
      text_plan = true;
      EXPECT_EQ(e.statement, "SELECT id FROM accounts WHERE email = $1 AND balance > $2");
      EXPECT_EQ(e.message.find("plan:") + 5, e.message.size());
    }
    if (e.plan && e.plan->find("\"Index Cond\": \"(id = ?)\"") != std::string::npos) json_plan = true;
    if (e.message.find("execute P_0:") != std::string::npos) {
      params = true;
      EXPECT_FALSE(e.detail);  // "parameters: $1 = '2'" dropped
    }
  }
  EXPECT_TRUE(unique);
  EXPECT_TRUE(failing);
  EXPECT_TRUE(deadlock);
  EXPECT_TRUE(text_plan);
  EXPECT_TRUE(json_plan);
  EXPECT_TRUE(params);
}

}  // namespace pga::plugins::logs::test
