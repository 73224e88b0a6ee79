#pragma once
// When the settings plugin publishes: on its first sample, whenever any setting differs from the last
// published list (a hash per setting, in name order, so a setting added by a newly loaded library counts
// too), and at least once a day (schemas/metrics.settings.v1.avsc) so a consumer that lost the last batch
// recovers. Memory: 8 bytes per setting.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace pga::plugins::settings {

// FNV-1a over the fields, with a marker for null and a separator, so ("ab", null) and ("a", "b") differ.
uint64_t setting_hash(const std::vector<std::optional<std::string_view>>& fields);

class SettingsChange {
 public:
  using Clock = std::chrono::steady_clock;
  static constexpr auto kRepublish = std::chrono::hours(24);

  // How many settings differ from the last published list (added, removed or changed); nullopt when
  // nothing was published yet.
  std::optional<size_t> changed(const std::vector<uint64_t>& hashes) const;
  bool should_publish(const std::vector<uint64_t>& hashes, Clock::time_point now) const;
  void published(std::vector<uint64_t> hashes, Clock::time_point now);
  void clear() { last_.reset(); }

 private:
  std::optional<std::vector<uint64_t>> last_;
  Clock::time_point published_at_{};
};

}  // namespace pga::plugins::settings
