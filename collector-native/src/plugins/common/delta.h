#pragma once
// Interval deltas of cumulative counters (DESIGN.md: counters travel as deltas, with resets marked).
// A counter that went backwards was reset (pg_stat_reset, a restart, an evicted and re-added statement):
// the delta is then the value since the reset, and the row is marked reset. Host counters that are narrower
// than 64 bits (some /proc fields) wrap instead: with `wrap_bits` a small backwards step is a wrap.
#include <cstdint>
#include <optional>

namespace pga::delta {

struct Delta {
  int64_t value = 0;
  bool reset = false;
};

inline Delta counter(int64_t previous, int64_t current, int wrap_bits = 0) {
  if (current >= previous) return {current - previous, false};
  if (wrap_bits > 0 && wrap_bits < 64) {
    const uint64_t modulus = uint64_t{1} << wrap_bits;
    const uint64_t prev = static_cast<uint64_t>(previous);
    // a wrap leaves the previous value in the top half of the range and the current one small
    if (prev < modulus && prev > modulus / 2) {
      return {static_cast<int64_t>(modulus - prev + static_cast<uint64_t>(current)), false};
    }
  }
  return {current, true};
}

struct DeltaF {
  double value = 0;
  bool reset = false;
};

// Times accumulated as doubles (milliseconds): a tiny negative step is float noise, not a reset.
inline DeltaF counter_f(double previous, double current) {
  if (current >= previous) return {current - previous, false};
  if (previous - current < 1e-6) return {0, false};
  return {current, true};
}

// A nullable counter (a column that does not exist in this PostgreSQL version, or a NULL value): null when
// either side is null.
inline std::optional<int64_t> counter_opt(std::optional<int64_t> previous, std::optional<int64_t> current,
                                          bool* reset) {
  if (!previous || !current) return std::nullopt;
  const Delta d = counter(*previous, *current);
  if (d.reset && reset) *reset = true;
  return d.value;
}

}  // namespace pga::delta
