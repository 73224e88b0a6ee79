#pragma once
// The previous sample of each row of a statistics view (a database, a table, an index), for interval deltas.
// Memory: one fixed array of doubles per key, no strings; a key not seen in a round is forgotten at the end
// of that round, so the state never outgrows one round's rows (which the plugins cap).
#include <array>
#include <cstdint>
#include <iterator>
#include <unordered_map>

#include "plugins/common/counter-diff.h"

namespace pga::plugins::stats {

template <typename Key, size_t N>
class RowCounterState {
 public:
  using Values = std::array<double, N>;
  struct Delta {
    Values values{};
    bool reset = false;
  };

  // A reset token that never changes (the view has no stats_reset for the row).
  static constexpr int64_t kNoToken = INT64_MIN;

  // Records `current` for `key` and returns true with `delta` filled when the key was seen in the previous
  // round (false: first sight, a baseline). `reset_token` is what changes exactly when the row's statistics
  // were reset (its stats_reset in microseconds, kNoToken for null): a change marks the row reset even when
  // no counter went backwards.
  bool update(const Key& key, const Values& current, int64_t reset_token, Delta* delta) {
    auto [it, inserted] = rows_.try_emplace(key);
    Entry& e = it->second;
    const bool had_previous = !inserted && e.round + 1 == round_;
    if (had_previous) {
      delta->reset = reset_token != e.reset_token || went_backwards(e.values.data(), current.data(), N);
      row_deltas(e.values.data(), current.data(), N, delta->reset, delta->values.data());
    }
    e.values = current;
    e.reset_token = reset_token;
    e.round = round_;
    return had_previous;
  }

  // Ends a round: keys not seen in it are forgotten.
  void end_round() {
    for (auto it = rows_.begin(); it != rows_.end();) {
      it = it->second.round == round_ ? std::next(it) : rows_.erase(it);
    }
    ++round_;
  }

  // Forgets everything: the next round is a baseline (after a failed round, or a PostgreSQL version change).
  void clear() {
    rows_.clear();
    ++round_;
  }
  size_t size() const { return rows_.size(); }

 private:
  struct Entry {
    Values values{};
    int64_t reset_token = kNoToken;
    uint32_t round = 0;
  };
  std::unordered_map<Key, Entry> rows_;
  uint32_t round_ = 1;  // entries of round_ - 1 are the previous sample
};

}  // namespace pga::plugins::stats
