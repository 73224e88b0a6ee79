// Interval deltas of keyed rows (database, tables, indexes): baseline, deltas, resets, nulls, forgetting.
#include <gtest/gtest.h>

#include <cmath>

#include "plugins/common/row-counter-state.h"
#include "plugins/common/stat-columns.h"

namespace pga::plugins::stats {
namespace {

using State = RowCounterState<int, 3>;
constexpr int64_t kNoToken = State::kNoToken;

TEST(RowCounterState, FirstSightIsABaselineThenDeltas) {
  State s;
  State::Delta d;
  EXPECT_FALSE(s.update(1, {10, 1.5, kNull}, kNoToken, &d));
  s.end_round();
  ASSERT_TRUE(s.update(1, {15, 2.0, kNull}, kNoToken, &d));
  EXPECT_FALSE(d.reset);
  EXPECT_EQ(d.values[0], 5);
  EXPECT_DOUBLE_EQ(d.values[1], 0.5);
  EXPECT_TRUE(std::isnan(d.values[2]));  // null stays null
}

TEST(RowCounterState, ACounterGoingBackwardsResetsTheWholeRow) {
  State s;
  State::Delta d;
  s.update(1, {100, 50, 7}, kNoToken, &d);
  s.end_round();
  ASSERT_TRUE(s.update(1, {3, 60, 9}, kNoToken, &d));
  EXPECT_TRUE(d.reset);
  EXPECT_EQ(d.values[0], 3);   // since the reset
  EXPECT_EQ(d.values[1], 60);  // every field of the row is the value since the reset
  EXPECT_EQ(d.values[2], 9);
}

TEST(RowCounterState, AMovedResetTokenResetsEvenWhenCountersGrew) {
  State s;
  State::Delta d;
  s.update(1, {10, 10, 10}, 1000, &d);
  s.end_round();
  ASSERT_TRUE(s.update(1, {20, 20, 20}, 2000, &d));
  EXPECT_TRUE(d.reset);
  EXPECT_EQ(d.values[0], 20);
  s.end_round();
  ASSERT_TRUE(s.update(1, {25, 20, 20}, 2000, &d));  // same token: a plain delta
  EXPECT_FALSE(d.reset);
  EXPECT_EQ(d.values[0], 5);
  s.end_round();
  ASSERT_TRUE(s.update(1, {26, 20, 20}, kNoToken, &d));  // stats_reset now null: a change too
  EXPECT_TRUE(d.reset);
}

TEST(RowCounterState, FloatNoiseIsNotAReset) {
  State s;
  State::Delta d;
  s.update(1, {1, 1000.0000001, 1}, kNoToken, &d);
  s.end_round();
  ASSERT_TRUE(s.update(1, {1, 1000.0, 1}, kNoToken, &d));
  EXPECT_FALSE(d.reset);
  EXPECT_EQ(d.values[1], 0);
}

TEST(RowCounterState, KeysNotSeenInARoundAreForgotten) {
  State s;
  State::Delta d;
  s.update(1, {1, 1, 1}, kNoToken, &d);
  s.update(2, {1, 1, 1}, kNoToken, &d);
  s.end_round();
  s.update(1, {2, 2, 2}, kNoToken, &d);
  s.end_round();
  EXPECT_EQ(s.size(), 1u);
  EXPECT_FALSE(s.update(2, {3, 3, 3}, kNoToken, &d));  // back after a gap: a new baseline
}

TEST(RowCounterState, ClearMakesTheNextRoundABaseline) {
  State s;
  State::Delta d;
  s.update(1, {1, 1, 1}, kNoToken, &d);
  s.end_round();
  s.update(1, {2, 2, 2}, kNoToken, &d);  // a round that fails halfway...
  s.clear();                             // ...is dropped
  EXPECT_FALSE(s.update(1, {3, 3, 3}, kNoToken, &d));
}

}  // namespace
}  // namespace pga::plugins::stats
