// pg_stat_statements deltas: baseline, first sight, resets (info, stats_since, negative diffs), evictions,
// track_planning, unchanged entries, and the memory of 5000 remembered entries.
#include <gtest/gtest.h>
#include <malloc.h>

#include <cmath>
#include <cstdio>
#include <memory>

#include "plugins/statements/statement-state.h"

namespace pga::plugins::statements {
namespace {

StatementSample sample(int64_t queryid, double calls, double exec_ms, int64_t since = kNoTime) {
  StatementSample s;
  s.key = StatementKey{queryid, 5, 10, 1};
  s.counters.fill(0);
  s.counters[kCalls] = calls;
  s.counters[kPlans] = calls;
  s.counters[kExecTime] = exec_ms;
  s.gauges = {1, 2, 3, 4};
  s.stats_since_us = since;
  return s;
}

RoundFacts round(bool baseline, int64_t previous_us = kNoTime) {
  RoundFacts f;
  f.baseline = baseline;
  f.previous_sample_us = previous_us;
  return f;
}

TEST(StatementState, TheFirstSampleIsABaseline) {
  StatementState st;
  bool first = false;
  EXPECT_FALSE(st.observe(sample(1, 10, 5), round(true), &first));
  EXPECT_TRUE(first);  // its text is wanted all the same
  st.end_round();
  auto d = st.observe(sample(1, 13, 6), round(false), &first);
  ASSERT_TRUE(d);
  EXPECT_FALSE(first);
  EXPECT_FALSE(d->first_seen);
  EXPECT_FALSE(d->reset);
  EXPECT_EQ(d->values[kCalls], 3);
  EXPECT_DOUBLE_EQ(d->values[kExecTime], 1);
  EXPECT_EQ(d->gauges[3], 4);  // gauges as sampled
}

TEST(StatementState, AnEntryNewSinceThePreviousSampleSendsItsTotals) {
  StatementState st;
  bool first = false;
  st.observe(sample(1, 10, 5), round(true), &first);
  st.end_round();
  auto d = st.observe(sample(2, 4, 2), round(false), &first);
  ASSERT_TRUE(d);
  EXPECT_TRUE(first);
  EXPECT_TRUE(d->first_seen);
  EXPECT_FALSE(d->reset);
  EXPECT_EQ(d->values[kCalls], 4);
}

TEST(StatementState, StatsSinceOlderThanThePreviousSampleMeansBaseline) {
  StatementState st;
  bool first = false;
  st.end_round();
  // PG17: created during the interval (after the previous sample at t=1000): its totals are the delta
  auto d = st.observe(sample(1, 4, 2, 1500), round(false, 1000), &first);
  ASSERT_TRUE(d);
  EXPECT_TRUE(d->first_seen);
  // existed before the previous sample yet unseen: remembered only
  EXPECT_FALSE(st.observe(sample(2, 4, 2, 900), round(false, 1000), &first));
  st.end_round();
  d = st.observe(sample(2, 6, 3, 900), round(false, 2000), &first);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->values[kCalls], 2);
}

TEST(StatementState, NegativeDiffsAreAResetWithTheValueSinceIt) {
  StatementState st;
  bool first = false;
  st.observe(sample(1, 100, 50), round(true), &first);
  st.end_round();
  auto d = st.observe(sample(1, 7, 3), round(false), &first);  // evicted and re-created, or reset
  ASSERT_TRUE(d);
  EXPECT_TRUE(d->reset);
  EXPECT_FALSE(d->first_seen);
  EXPECT_EQ(d->values[kCalls], 7);
  EXPECT_DOUBLE_EQ(d->values[kExecTime], 3);
}

TEST(StatementState, AMovedStatsSinceIsAReset) {
  StatementState st;
  bool first = false;
  st.observe(sample(1, 10, 5, 100), round(true), &first);
  st.end_round();
  // pg_stat_statements_reset(0, 0, queryid) then more calls than before: only stats_since tells
  auto d = st.observe(sample(1, 12, 6, 5000), round(false, 4000), &first);
  ASSERT_TRUE(d);
  EXPECT_TRUE(d->reset);
  EXPECT_EQ(d->values[kCalls], 12);
}

TEST(StatementState, AGlobalResetMakesEveryRowCountSinceIt) {
  StatementState st;
  bool first = false;
  st.observe(sample(1, 10, 5), round(true), &first);
  st.end_round();
  RoundFacts f = round(false);
  f.all_reset = true;
  auto d = st.observe(sample(1, 12, 6), f, &first);
  ASSERT_TRUE(d);
  EXPECT_TRUE(d->reset);
  EXPECT_EQ(d->values[kCalls], 12);
  d = st.observe(sample(2, 1, 1), f, &first);
  ASSERT_TRUE(d);
  EXPECT_TRUE(d->first_seen);
  EXPECT_TRUE(d->reset);
}

TEST(StatementState, UnchangedEntriesAreNotReported) {
  StatementState st;
  bool first = false;
  st.observe(sample(1, 10, 5), round(true), &first);
  st.end_round();
  EXPECT_FALSE(st.observe(sample(1, 10, 5), round(false), &first));
  st.end_round();
  EXPECT_EQ(st.size(), 1u);  // still remembered
  // planned but not executed (an error at execution) counts as a change
  StatementSample s = sample(1, 10, 5);
  s.counters[kPlans] = 11;
  EXPECT_TRUE(st.observe(s, round(false), &first));
}

TEST(StatementState, PlansAreNullWithoutTrackPlanning) {
  StatementState st;
  bool first = false;
  st.observe(sample(1, 10, 5), round(true), &first);
  st.end_round();
  RoundFacts f = round(false);
  f.track_planning = false;
  auto d = st.observe(sample(1, 12, 6), f, &first);
  ASSERT_TRUE(d);
  EXPECT_TRUE(std::isnan(d->values[kPlans]));
  EXPECT_TRUE(std::isnan(d->values[kPlanTime]));
}

TEST(StatementState, ColdCountersAreKeptOnlyWhenNotZero) {
  StatementState st;
  bool first = false;
  StatementSample a = sample(1, 10, 5);
  StatementSample b = sample(2, 10, 5);
  const size_t temp_read = counter_index("temp_blks_read");
  b.counters[temp_read] = 40;
  b.counters[counter_index("jit_functions")] = std::nan("");  // null before PG15
  st.observe(a, round(true), &first);
  st.observe(b, round(true), &first);
  st.end_round();
  EXPECT_EQ(st.cold_size(), 1u);
  b.counters[kCalls] = 11;
  b.counters[temp_read] = 45;
  auto d = st.observe(b, round(false), &first);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->values[temp_read], 5);
  EXPECT_TRUE(std::isnan(d->values[counter_index("jit_functions")]));
  a.counters[kCalls] = 11;
  a.counters[temp_read] = 3;  // cold counters appear: the previous zeros were not stored
  d = st.observe(a, round(false), &first);
  ASSERT_TRUE(d);
  EXPECT_FALSE(d->reset);
  EXPECT_EQ(d->values[temp_read], 3);
  st.end_round();
  EXPECT_EQ(st.cold_size(), 2u);
}

TEST(StatementState, EntriesGoneFromASampleAreForgotten) {
  StatementState st;
  bool first = false;
  st.observe(sample(1, 10, 5), round(true), &first);
  st.observe(sample(2, 10, 5), round(true), &first);
  st.end_round();
  st.observe(sample(1, 11, 5), round(false), &first);
  st.end_round();
  EXPECT_EQ(st.size(), 1u);
  // evicted, then back: first seen again, its (new) totals reported
  auto d = st.observe(sample(2, 2, 1), round(false), &first);
  ASSERT_TRUE(d);
  EXPECT_TRUE(d->first_seen);
}

TEST(StatementState, FiveThousandEntriesStayWellUnderTwoMegabytes) {
  const size_t before = mallinfo2().uordblks;
  auto st = std::make_unique<StatementState>();
  bool first = false;
  for (int64_t q = 0; q < 5000; ++q) {
    StatementSample s = sample(q * 7919, 10, 5);
    if (q % 10 == 0) s.counters[counter_index("temp_blks_written")] = 8;  // a tenth use temp files
    st->observe(s, round(true), &first);
  }
  st->end_round();
  const size_t used = mallinfo2().uordblks - before;
  RecordProperty("bytes", static_cast<int>(used));
  std::printf("5000 statement entries remembered in %zu bytes\n", used);
  EXPECT_LT(used, 1200u * 1024u) << used << " bytes";
}

}  // namespace
}  // namespace pga::plugins::statements
