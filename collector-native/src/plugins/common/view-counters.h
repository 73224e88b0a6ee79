#pragma once
// Interval deltas of one row of counters that are sampled together and reset together: a row of a
// cumulative statistics view (pg_stat_bgwriter, pg_stat_io, pg_stat_replication_slots) or of a /proc file
// (/proc/stat, /proc/diskstats, /proc/net/dev).
//
// Why whole rows: when a row was reset (its stats_reset changed, or a counter went backwards after
// pg_stat_reset, a crash restart, a reboot, a re-attached device), every delta of the row must be the value
// since the reset, i.e. the current value. Mixing "current - previous" for some fields and "current" for
// others would report nonsense.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace pga::plugins::counters {

// One sample of a row: integer and floating counters in a fixed field order known to the caller.
struct Sample {
  std::vector<std::optional<int64_t>> ints;
  std::vector<std::optional<double>> reals;
  // Changes exactly when the row's statistics were reset: the view's stats_reset as text, a host's boot
  // time. Null when the source has none (or it was never reset).
  std::optional<std::string> reset_token;
};

struct Deltas {
  std::vector<std::optional<int64_t>> ints;  // null where the current sample is null (or, outside a reset,
  std::vector<std::optional<double>> reals;  // where the previous one is)
  bool reset = false;
};

struct DiffOptions {
  // Per int field (may be shorter than the row; missing = 0 = 64-bit): the width of a counter that wraps
  // instead of resetting (/proc fields the kernel prints as 32-bit). A wrap is not a reset.
  std::vector<int> wrap_bits;
  // false: a counter that went backwards without a reset_token change is kernel noise (iowait and idle in
  // /proc/stat can step back): its delta is 0 and the row is not a reset.
  bool backwards_is_reset = true;
};

Deltas diff(const Sample& previous, const Sample& current, const DiffOptions& options = {});

// Keyed rows (pg_stat_io by backend_type/object/context, disks by name): remembers the last sample of each
// key seen in the latest round only, so keys that disappear are forgotten and memory stays bounded by the
// size of one round.
template <typename Key>
class KeyedCounters {
 public:
  // The deltas of `key` against the previous round, or nullopt on first sight (the sample is a baseline).
  // Every call records the sample for the next round.
  std::optional<Deltas> update(const Key& key, Sample sample, const DiffOptions& options = {}) {
    std::optional<Deltas> out;
    auto it = previous_.find(key);
    if (it != previous_.end()) out = diff(it->second, sample, options);
    next_[key] = std::move(sample);
    return out;
  }
  // Ends a round: what was recorded becomes the previous samples.
  void commit() {
    previous_.swap(next_);
    next_.clear();
  }
  // Drops a round that failed halfway, keeping the previous samples.
  void abandon() { next_.clear(); }
  void clear() {
    previous_.clear();
    next_.clear();
  }
  size_t size() const { return previous_.size(); }

 private:
  std::map<Key, Sample> previous_;
  std::map<Key, Sample> next_;
};

}  // namespace pga::plugins::counters
