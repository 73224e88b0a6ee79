#pragma once
// Interval deltas of pg_stat_statements entries, keyed by (dbid, userid, queryid, toplevel).
//
// Rules (schemas/metrics.statements.v1.avsc, "first_seen" and "reset"):
// - The agent's first sample is a baseline: everything is remembered, nothing reported.
// - An entry absent from the previous (complete) sample was created since: pg_stat_statements adds an entry
//   only when a statement runs, and an evicted entry comes back from zero. Its cumulative totals are
//   therefore the interval's delta; it is reported with first_seen. On PG17+ its stats_since proves it: an
//   entry older than the previous sample that the agent did not see then is only remembered (a baseline).
// - A reset — pg_stat_statements_info.stats_reset moved (pg_stat_statements_reset()), the entry's
//   stats_since moved (PG17+: reset of that entry, or evicted and re-created), or any counter went
//   backwards — makes the row's deltas its current values, marked reset.
// - Only entries whose calls or plans changed are reported.
//
// Memory: per entry a 24-byte key and 14 "hot" counters (about 180 bytes with the hash node); the 15 "cold"
// counters are kept, in a second map, only for entries where one of them is not zero. 5000 entries take
// about 1 MB (the unit test measures it).
#include <array>
#include <cstdint>
#include <limits>
#include <optional>
#include <unordered_map>

#include "plugins/statements/statement-columns.h"

namespace pga::plugins::statements {

inline constexpr int64_t kNoTime = std::numeric_limits<int64_t>::min();

struct StatementKey {
  int64_t queryid = 0;
  uint32_t dbid = 0;
  uint32_t userid = 0;
  int8_t toplevel = -1;  // -1: null (before PG14), 0: false, 1: true
  bool operator==(const StatementKey& o) const {
    return queryid == o.queryid && dbid == o.dbid && userid == o.userid && toplevel == o.toplevel;
  }
};

struct StatementKeyHash {
  size_t operator()(const StatementKey& k) const {
    uint64_t h = static_cast<uint64_t>(k.queryid) * 0x9E3779B97F4A7C15ULL;
    h ^= ((static_cast<uint64_t>(k.dbid) << 32) | k.userid) + 0x632BE59BD9B4E019ULL + (h << 6) + (h >> 2);
    h ^= static_cast<uint64_t>(static_cast<uint8_t>(k.toplevel)) + (h << 6) + (h >> 2);
    return static_cast<size_t>(h);
  }
};

// One entry as read.
struct StatementSample {
  StatementKey key;
  std::array<double, kCounters> counters{};  // table order, NaN = null
  std::array<double, kGauges> gauges{};      // min, max, mean, stddev exec time (NaN = null)
  int64_t stats_since_us = kNoTime;          // PG17+
};

// One entry to report.
struct StatementDelta {
  StatementKey key;
  std::array<double, kCounters> values{};
  std::array<double, kGauges> gauges{};
  bool first_seen = false;
  bool reset = false;
};

// What holds for a whole sample.
struct RoundFacts {
  bool baseline = false;                // no previous complete sample: remember only
  bool all_reset = false;               // pg_stat_statements_info.stats_reset moved since the previous sample
  int64_t previous_sample_us = kNoTime;  // server clock when the previous sample started
  bool track_planning = true;           // false: plans and plan time are null (the columns stay 0)
};

class StatementState {
 public:
  // Remembers `sample` and returns its delta when it is to be reported. `first_sight` is set when the entry
  // was not in the previous sample (its text is wanted).
  std::optional<StatementDelta> observe(const StatementSample& sample, const RoundFacts& facts, bool* first_sight);
  // Ends a complete sample: entries it did not contain are forgotten.
  void end_round();
  // Forgets everything (a failed sample, a changed extension): the next sample is a baseline.
  void clear();
  size_t size() const { return hot_.size(); }
  size_t cold_size() const { return cold_.size(); }

 private:
  using Cold = std::array<double, kColdCounters>;
  struct Hot {
    std::array<double, kFirstColdCounter> counters{};
    int64_t stats_since_us = kNoTime;
    uint32_t round = 0;
  };
  void remember(const StatementSample& sample);

  std::unordered_map<StatementKey, Hot, StatementKeyHash> hot_;
  std::unordered_map<StatementKey, Cold, StatementKeyHash> cold_;
  uint32_t round_ = 1;  // entries of round_ - 1 are the previous sample
};

}  // namespace pga::plugins::statements
