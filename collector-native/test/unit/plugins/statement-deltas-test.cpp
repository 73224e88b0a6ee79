// The chunked list of one sample's changed statements.
#include <gtest/gtest.h>

#include "plugins/statements/statement-deltas.h"

namespace pga::plugins::statements {
namespace {

StatementDelta delta(int64_t queryid) {
  StatementDelta d;
  d.key = StatementKey{queryid, 1, 2, 1};
  d.values[kCalls] = static_cast<double>(queryid);
  return d;
}

TEST(StatementDeltas, KeepsEveryEntryInReadOrderAcrossChunks) {
  StatementDeltas all;
  const size_t n = 3 * StatementDeltas::kChunk + 17;
  for (size_t i = 0; i < n; ++i) all.push_back(delta(static_cast<int64_t>(i)));
  ASSERT_EQ(all.size(), n);
  for (size_t i = 0; i < n; ++i) {
    EXPECT_EQ(all[i].key.queryid, static_cast<int64_t>(i));
    EXPECT_EQ(all[i].values[kCalls], static_cast<double>(i));
  }
}

TEST(StatementDeltas, ReleasesOnlyChunksEntirelyBelowTheIndex) {
  StatementDeltas all;
  for (size_t i = 0; i < 3 * StatementDeltas::kChunk; ++i) all.push_back(delta(static_cast<int64_t>(i)));
  all.release_below(StatementDeltas::kChunk - 1);  // the first chunk still holds that index: kept
  EXPECT_EQ(all[0].key.queryid, 0);
  all.release_below(2 * StatementDeltas::kChunk + 5);  // first two chunks freed, the third one kept
  EXPECT_EQ(all[2 * StatementDeltas::kChunk].key.queryid, static_cast<int64_t>(2 * StatementDeltas::kChunk));
  EXPECT_EQ(all[3 * StatementDeltas::kChunk - 1].key.queryid, static_cast<int64_t>(3 * StatementDeltas::kChunk - 1));
  all.release_below(100 * StatementDeltas::kChunk);  // past the end: everything, no crash
  EXPECT_EQ(all.size(), 3 * StatementDeltas::kChunk);
}

}  // namespace
}  // namespace pga::plugins::statements
