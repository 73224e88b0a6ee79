// The statements row cap: which changed entries are kept when there are more than top_n.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "plugins/statements/statement-top-n.h"

namespace pga::plugins::statements {
namespace {

StatementDelta delta(int64_t queryid, double exec_ms, double calls, double reads) {
  StatementDelta d;
  d.key = StatementKey{queryid, 1, 1, 1};
  d.values.fill(0);
  d.values[kExecTime] = exec_ms;
  d.values[kPlanTime] = std::nan("");  // track_planning off
  d.values[kCalls] = calls;
  d.values[counter_index("shared_blks_read")] = reads;
  return d;
}

StatementDeltas deltas(const std::vector<StatementDelta>& all) {
  StatementDeltas out;
  for (const auto& d : all) out.push_back(d);
  return out;
}

std::vector<size_t> select_top(const std::vector<StatementDelta>& all, size_t n) {
  return statements::select_top(deltas(all), n);
}

std::set<int64_t> kept(const std::vector<StatementDelta>& all, size_t n) {
  std::set<int64_t> out;
  for (size_t i : select_top(all, n)) out.insert(all[i].key.queryid);
  return out;
}

TEST(StatementTopN, KeepsEverythingUnderTheCap) {
  std::vector<StatementDelta> all = {delta(1, 1, 1, 0), delta(2, 2, 2, 0)};
  EXPECT_EQ(select_top(all, 2).size(), 2u);
  EXPECT_EQ(select_top(std::vector<StatementDelta>{}, 100).size(), 0u);
}

TEST(StatementTopN, TimeGetsHalfTheSlotsCallsAndIoAQuarterEach) {
  std::vector<StatementDelta> all;
  // 1..10: slow; 11..20: frequent; 21..30: disk heavy; 31..100: small
  for (int64_t q = 1; q <= 10; ++q) all.push_back(delta(q, 1000.0 + static_cast<double>(q), 1, 0));
  for (int64_t q = 11; q <= 20; ++q) all.push_back(delta(q, 1, 1e6 + static_cast<double>(q), 0));
  for (int64_t q = 21; q <= 30; ++q) all.push_back(delta(q, 1, 1, 1e5 + static_cast<double>(q)));
  for (int64_t q = 31; q <= 100; ++q) all.push_back(delta(q, 0.5, 0.5, 0));
  const auto k = kept(all, 8);
  EXPECT_EQ(k.size(), 8u);
  // 4 slowest (10, 9, 8, 7), 2 most called (20, 19), 2 heaviest readers (30, 29)
  EXPECT_EQ(k, (std::set<int64_t>{7, 8, 9, 10, 19, 20, 29, 30}));
}

TEST(StatementTopN, AnEntryTopInSeveralRankingsTakesOneSlot) {
  std::vector<StatementDelta> all;
  all.push_back(delta(1, 1e6, 1e6, 1e6));  // first everywhere
  for (int64_t q = 2; q <= 20; ++q) all.push_back(delta(q, static_cast<double>(q), static_cast<double>(q), 0));
  const auto idx = select_top(all, 5);
  EXPECT_EQ(idx.size(), 5u);
  EXPECT_EQ(std::set<size_t>(idx.begin(), idx.end()).size(), 5u);
  EXPECT_TRUE(kept(all, 5).count(1));
}

TEST(StatementTopN, TiesGoToTheSmallerKey) {
  std::vector<StatementDelta> all;
  for (int64_t q = 50; q > 0; --q) all.push_back(delta(q, 1, 1, 1));
  EXPECT_EQ(kept(all, 3), (std::set<int64_t>{1, 2, 3}));
}

}  // namespace
}  // namespace pga::plugins::statements
