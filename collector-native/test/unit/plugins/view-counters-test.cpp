// plugins/common/view-counters.h and versioned-columns.h: whole-row deltas with resets, wraps and noise;
// select lists that follow the server version.
#include <gtest/gtest.h>

#include "plugins/common/versioned-columns.h"
#include "plugins/common/view-counters.h"

namespace pga::plugins {
namespace {

using counters::Deltas;
using counters::DiffOptions;
using counters::Sample;

Sample sample(std::vector<std::optional<int64_t>> ints, std::vector<std::optional<double>> reals = {},
              std::optional<std::string> token = "2026-01-01") {
  return Sample{std::move(ints), std::move(reals), std::move(token)};
}

TEST(ViewCounters, DeltaIsCurrentMinusPrevious) {
  const Deltas d = counters::diff(sample({10, 100}, {1.5}), sample({15, 130}, {4.0}));
  EXPECT_FALSE(d.reset);
  EXPECT_EQ(d.ints, (std::vector<std::optional<int64_t>>{5, 30}));
  ASSERT_TRUE(d.reals[0]);
  EXPECT_DOUBLE_EQ(*d.reals[0], 2.5);
}

TEST(ViewCounters, OneCounterBackwardsResetsTheWholeRow) {
  const Deltas d = counters::diff(sample({10, 100}, {50.0}), sample({15, 7}, {60.0}));
  EXPECT_TRUE(d.reset);
  // every field is the value since the reset, not a mix
  EXPECT_EQ(d.ints, (std::vector<std::optional<int64_t>>{15, 7}));
  EXPECT_DOUBLE_EQ(*d.reals[0], 60.0);
}

TEST(ViewCounters, StatsResetChangeIsAResetEvenWhenCountersGrew) {
  const Deltas d = counters::diff(sample({10}, {}, "2026-01-01"), sample({25}, {}, "2026-01-02"));
  EXPECT_TRUE(d.reset);
  EXPECT_EQ(*d.ints[0], 25);
  // never reset before (null) then reset: also a reset
  EXPECT_TRUE(counters::diff(sample({10}, {}, std::nullopt), sample({25}, {}, "2026-01-02")).reset);
}

TEST(ViewCounters, NullsStayNull) {
  const Deltas d = counters::diff(sample({std::nullopt, 5}), sample({std::nullopt, 9}));
  EXPECT_FALSE(d.reset);
  EXPECT_FALSE(d.ints[0]);
  EXPECT_EQ(*d.ints[1], 4);
  // a value that appears (null before) has no delta outside a reset
  EXPECT_FALSE(counters::diff(sample({std::nullopt}), sample({3})).ints[0]);
}

TEST(ViewCounters, FloatNoiseIsNotAReset) {
  const Deltas d = counters::diff(sample({}, {100.0}), sample({}, {100.0 - 1e-9}));
  EXPECT_FALSE(d.reset);
  EXPECT_DOUBLE_EQ(*d.reals[0], 0.0);
}

TEST(ViewCounters, NarrowCounterWrapsInsteadOfResetting) {
  DiffOptions o;
  o.wrap_bits = {32, 0};
  const int64_t near_top = (int64_t{1} << 32) - 10;
  const Deltas d = counters::diff(sample({near_top, 100}), sample({5, 110}), o);
  EXPECT_FALSE(d.reset);
  EXPECT_EQ(*d.ints[0], 15);
  EXPECT_EQ(*d.ints[1], 10);
  // a 32-bit counter that falls from low in its range was reset, not wrapped
  EXPECT_TRUE(counters::diff(sample({1000, 100}), sample({5, 110}), o).reset);
}

TEST(ViewCounters, BackwardsNoiseWhenTheSourceSaysSo) {
  DiffOptions o;
  o.backwards_is_reset = false;  // /proc/stat iowait
  const Deltas d = counters::diff(sample({100, 50}), sample({98, 60}), o);
  EXPECT_FALSE(d.reset);
  EXPECT_EQ(*d.ints[0], 0);
  EXPECT_EQ(*d.ints[1], 10);
  // the token still resets (a reboot)
  EXPECT_TRUE(counters::diff(sample({100}, {}, "1"), sample({3}, {}, "2"), o).reset);
}

TEST(KeyedCounters, FirstSightIsABaselineAndVanishedKeysAreForgotten) {
  counters::KeyedCounters<std::string> state;
  EXPECT_FALSE(state.update("a", sample({1})));
  EXPECT_FALSE(state.update("b", sample({1})));
  state.commit();
  auto d = state.update("a", sample({4}));
  ASSERT_TRUE(d);
  EXPECT_EQ(*d->ints[0], 3);
  state.commit();  // "b" was not seen this round
  EXPECT_EQ(state.size(), 1u);
  EXPECT_FALSE(state.update("b", sample({9})));  // a baseline again, not a delta against a stale sample
}

TEST(KeyedCounters, AbandonedRoundKeepsThePreviousSamples) {
  counters::KeyedCounters<int> state;
  state.update(1, sample({10}));
  state.commit();
  state.update(1, sample({20}));
  state.abandon();
  auto d = state.update(1, sample({25}));
  ASSERT_TRUE(d);
  EXPECT_EQ(*d->ints[0], 15);
}

TEST(VersionedColumns, SelectsTheExpressionOfTheVersion) {
  const std::vector<VersionedColumn> cols = {
      {"a", "x.a"},
      {"b", "x.old_b", kAnyVersion, 169999},
      {"b", "x.new_b", 170000},
      {"c", "x.c", 180000},
  };
  EXPECT_EQ(select_list(cols, 150000), "x.a AS a, x.old_b AS b");
  EXPECT_EQ(select_list(cols, 170000), "x.a AS a, x.new_b AS b");
  EXPECT_EQ(select_list(cols, 180004), "x.a AS a, x.new_b AS b, x.c AS c");
  EXPECT_EQ(select_list({{"c", "x.c", 180000}}, 130000), "NULL AS none");
}

}  // namespace
}  // namespace pga::plugins
