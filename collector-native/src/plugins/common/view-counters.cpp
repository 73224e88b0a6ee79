#include "plugins/common/view-counters.h"

#include "plugins/common/delta.h"

namespace pga::plugins::counters {

Deltas diff(const Sample& previous, const Sample& current, const DiffOptions& options) {
  Deltas out;
  out.ints.resize(current.ints.size());
  out.reals.resize(current.reals.size());
  bool reset = previous.reset_token != current.reset_token || previous.ints.size() != current.ints.size() ||
               previous.reals.size() != current.reals.size();

  if (!reset) {
    for (size_t i = 0; i < current.ints.size(); ++i) {
      if (!previous.ints[i] || !current.ints[i]) continue;
      const int bits = i < options.wrap_bits.size() ? options.wrap_bits[i] : 0;
      const delta::Delta d = delta::counter(*previous.ints[i], *current.ints[i], bits);
      if (!d.reset) {
        out.ints[i] = d.value;
      } else if (options.backwards_is_reset) {
        reset = true;
        break;
      } else {
        out.ints[i] = 0;
      }
    }
  }
  if (!reset) {
    for (size_t i = 0; i < current.reals.size(); ++i) {
      if (!previous.reals[i] || !current.reals[i]) continue;
      const delta::DeltaF d = delta::counter_f(*previous.reals[i], *current.reals[i]);
      if (!d.reset) {
        out.reals[i] = d.value;
      } else if (options.backwards_is_reset) {
        reset = true;
        break;
      } else {
        out.reals[i] = 0.0;
      }
    }
  }
  if (reset) {
    // Everything since the reset: the current values.
    out.ints = current.ints;
    out.reals = current.reals;
  }
  out.reset = reset;
  return out;
}

}  // namespace pga::plugins::counters
