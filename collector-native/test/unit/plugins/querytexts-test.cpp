// querytexts: the agent's own texts, truncation on UTF-8 boundaries, and the queue shared with statements.
#include <gtest/gtest.h>

#include <string>

#include "pg/instance.h"
#include "plugins/querytexts/query-text.h"

namespace pga::plugins::querytexts {
namespace {

TEST(QuerytextsIsAgentText, FindsTheMarkerWherePostgresKeepsIt) {
  EXPECT_TRUE(is_agent_text("/* pga-agent */ SELECT $1"));               // PG13-17 keep a leading comment
  EXPECT_TRUE(is_agent_text("SELECT /* pga-agent */ dealloc FROM x"));  // inside the statement (PG18)
  EXPECT_FALSE(is_agent_text("SELECT * FROM pga_agent_runs"));
  EXPECT_FALSE(is_agent_text("/* pgwatch */ SELECT 1"));
}

TEST(QuerytextsCutUtf8, NeverSplitsACharacter) {
  EXPECT_EQ(cut_utf8("SELECT 1", 100), "SELECT 1");
  EXPECT_EQ(cut_utf8("SELECT 1", 6), "SELECT");
  const std::string s = "ab\xC3\xA9" "cd";  // "abécd": é is 2 bytes at [2, 3]
  EXPECT_EQ(cut_utf8(s, 3), "ab");
  EXPECT_EQ(cut_utf8(s, 4), "ab\xC3\xA9");
  const std::string emoji = "x\xF0\x9F\x98\x80y";  // a 4-byte character at [1, 4]
  EXPECT_EQ(cut_utf8(emoji, 2), "x");
  EXPECT_EQ(cut_utf8(emoji, 4), "x");
  EXPECT_EQ(cut_utf8(emoji, 5), "x\xF0\x9F\x98\x80");
  EXPECT_EQ(cut_utf8("", 0), "");
}

TEST(StatementTextQueue, WantedQueryidsAreTakenOnceInOrder) {
  pg::StatementTextQueue q;
  q.want(30);
  q.want(10);
  q.want(30);
  q.want_all({20, 10});
  EXPECT_EQ(q.wanted(), 3u);
  EXPECT_EQ(q.take(2), (std::vector<int64_t>{10, 20}));
  EXPECT_EQ(q.take(10), (std::vector<int64_t>{30}));
  EXPECT_TRUE(q.take(10).empty());
  q.set_known({1, 2, 3});
  EXPECT_EQ(q.known(), (std::vector<int64_t>{1, 2, 3}));
}

}  // namespace
}  // namespace pga::plugins::querytexts
