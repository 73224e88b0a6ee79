#pragma once
// Capped exponential backoff with jitter (AWS "equal jitter"): the wait doubles after each failure up to a
// cap, and half of it is random, so a fleet of agents that lost the API at the same moment does not come
// back in lock step.
#include <cstdint>
#include <random>

namespace pga {

class Backoff {
 public:
  Backoff(int64_t initial_ms, int64_t max_ms, uint64_t seed = std::random_device{}())
      : initial_ms_(initial_ms), max_ms_(max_ms), rng_(seed) {}

  // The wait before the next attempt; each call counts one more failure.
  int64_t next_ms() {
    int64_t ceiling = initial_ms_;
    for (int i = 0; i < attempts_ && ceiling < max_ms_; ++i) ceiling *= 2;
    if (ceiling > max_ms_) ceiling = max_ms_;
    if (attempts_ < 62) ++attempts_;
    const int64_t half = ceiling / 2;
    std::uniform_int_distribution<int64_t> jitter(0, ceiling - half);
    return half + jitter(rng_);
  }
  void reset() { attempts_ = 0; }
  int attempts() const { return attempts_; }

 private:
  int64_t initial_ms_;
  int64_t max_ms_;
  int attempts_ = 0;
  std::mt19937_64 rng_;
};

}  // namespace pga
