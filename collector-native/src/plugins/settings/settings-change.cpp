#include "plugins/settings/settings-change.h"

#include <algorithm>

namespace pga::plugins::settings {
namespace {

constexpr uint64_t kOffset = 14695981039346656037ULL;
constexpr uint64_t kPrime = 1099511628211ULL;

uint64_t mix(uint64_t h, unsigned char c) { return (h ^ c) * kPrime; }

}  // namespace

uint64_t setting_hash(const std::vector<std::optional<std::string_view>>& fields) {
  uint64_t h = kOffset;
  for (const auto& f : fields) {
    if (!f) {
      h = mix(h, 0xff);  // null
    } else {
      for (char c : *f) h = mix(h, static_cast<unsigned char>(c));
    }
    h = mix(h, 0x1f);  // field separator
  }
  return h;
}

std::optional<size_t> SettingsChange::changed(const std::vector<uint64_t>& hashes) const {
  if (!last_) return std::nullopt;
  // Each hash covers the name, so comparing the sorted lists counts additions, removals and changes.
  std::vector<uint64_t> a = *last_;
  std::vector<uint64_t> b = hashes;
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  std::vector<uint64_t> diff;
  std::set_symmetric_difference(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(diff));
  // a changed setting appears twice (old and new hash)
  const size_t sizes = a.size() > b.size() ? a.size() - b.size() : b.size() - a.size();
  return (diff.size() + sizes) / 2;
}

bool SettingsChange::should_publish(const std::vector<uint64_t>& hashes, Clock::time_point now) const {
  if (!last_) return true;
  if (now - published_at_ >= kRepublish) return true;
  return *last_ != hashes;
}

void SettingsChange::published(std::vector<uint64_t> hashes, Clock::time_point now) {
  last_ = std::move(hashes);
  published_at_ = now;
}

}  // namespace pga::plugins::settings
