#pragma once
// Interval deltas of a row of cumulative counters kept as doubles (stat-columns.h), NaN meaning null.
//
// Why a whole row: the counters of one statistics entry are reset together (pg_stat_reset, a stats_reset
// change, an evicted and re-created pg_stat_statements entry). When any of them went backwards, or the
// caller knows the row was reset, every delta of the row is the value since the reset — the current value —
// and the row is marked reset. Mixing "current - previous" and "current" in one row would be nonsense.
#include <cmath>
#include <cstddef>

namespace pga::plugins::stats {

// Times are sums of doubles: a step back this small is rounding, not a reset (integers step by >= 1).
inline constexpr double kBackwardsTolerance = 1e-6;

inline bool went_backwards(const double* previous, const double* current, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    if (std::isnan(previous[i]) || std::isnan(current[i])) continue;
    if (previous[i] - current[i] >= kBackwardsTolerance) return true;
  }
  return false;
}

// Writes the n deltas into `out`: with `reset`, the current values; otherwise current - previous (0 for a
// rounding step back), null where either side is null.
inline void row_deltas(const double* previous, const double* current, size_t n, bool reset, double* out) {
  for (size_t i = 0; i < n; ++i) {
    if (reset) {
      out[i] = current[i];
    } else if (std::isnan(previous[i]) || std::isnan(current[i])) {
      out[i] = NAN;
    } else {
      const double d = current[i] - previous[i];
      out[i] = d > 0 ? d : 0;
    }
  }
}

}  // namespace pga::plugins::stats
