#include "plugins/statements/statement-state.h"

#include <algorithm>
#include <cmath>

#include "plugins/common/counter-diff.h"

namespace pga::plugins::statements {
namespace {

bool all_zero(const double* v, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    if (!std::isnan(v[i]) && v[i] != 0) return false;
  }
  return true;
}

}  // namespace

void StatementState::remember(const StatementSample& s) {
  Hot& h = hot_[s.key];
  std::copy(s.counters.begin(), s.counters.begin() + kFirstColdCounter, h.counters.begin());
  h.stats_since_us = s.stats_since_us;
  h.round = round_;
  const double* cold = s.counters.data() + kFirstColdCounter;
  if (all_zero(cold, kColdCounters)) {
    cold_.erase(s.key);
  } else {
    std::copy(cold, cold + kColdCounters, cold_[s.key].begin());
  }
}

std::optional<StatementDelta> StatementState::observe(const StatementSample& s, const RoundFacts& facts,
                                                      bool* first_sight) {
  StatementDelta d;
  d.key = s.key;
  d.gauges = s.gauges;
  const auto it = hot_.find(s.key);
  const bool known = it != hot_.end() && it->second.round + 1 == round_;
  *first_sight = !known;
  if (!known) {
    remember(s);
    if (facts.baseline) return std::nullopt;
    if (s.stats_since_us != kNoTime && facts.previous_sample_us != kNoTime &&
        s.stats_since_us < facts.previous_sample_us) {
      return std::nullopt;  // it existed at the previous sample: its totals are not this interval's
    }
    d.values = s.counters;
    d.first_seen = true;
    d.reset = facts.all_reset;
  } else {
    std::array<double, kCounters> previous{};  // cold counters not remembered were zero
    std::copy(it->second.counters.begin(), it->second.counters.end(), previous.begin());
    const auto cold = cold_.find(s.key);
    if (cold != cold_.end()) std::copy(cold->second.begin(), cold->second.end(), previous.begin() + kFirstColdCounter);
    const bool since_moved = s.stats_since_us != it->second.stats_since_us;
    d.reset = facts.all_reset || since_moved || stats::went_backwards(previous.data(), s.counters.data(), kCounters);
    stats::row_deltas(previous.data(), s.counters.data(), kCounters, d.reset, d.values.data());
    remember(s);
  }
  if (!facts.track_planning) {
    d.values[kPlans] = NAN;
    d.values[kPlanTime] = NAN;
  }
  const bool called = !std::isnan(d.values[kCalls]) && d.values[kCalls] > 0;
  const bool planned = !std::isnan(d.values[kPlans]) && d.values[kPlans] > 0;
  if (!called && !planned) return std::nullopt;
  return d;
}

void StatementState::end_round() {
  for (auto it = hot_.begin(); it != hot_.end();) {
    it = it->second.round == round_ ? std::next(it) : hot_.erase(it);
  }
  for (auto it = cold_.begin(); it != cold_.end();) {
    const auto h = hot_.find(it->first);
    it = h != hot_.end() ? std::next(it) : cold_.erase(it);
  }
  ++round_;
}

void StatementState::clear() {
  hot_.clear();
  cold_.clear();
  ++round_;
}

}  // namespace pga::plugins::statements
